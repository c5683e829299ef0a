import { setTimeout as wait } from 'node:timers/promises';
import type { ReplayAuth } from '../../shared/replay';
import { isLoopbackUrl } from '../../shared/loopback';
import { OAuthTokenSource, tokenSourceFor } from './oauth-token-source';
import { parseJsonObject } from '../../shared/json-values';
import { unreachableTarget } from './unreachable';
import { httpExchange, type HttpAnswer } from './http-exchange';

/**
 * The target's own credentials as headers (never the recorded, redacted ones). OAuth credentials
 * first get an access token (from `tokens`, or the one source shared per credentials object).
 */
export async function authHeadersFor(auth: ReplayAuth, tokens?: OAuthTokenSource): Promise<Record<string, string>> {
  if (auth.kind !== 'oauth') return authHeaders(auth);
  return { authorization: `Bearer ${await (tokens ?? tokenSourceFor(auth)).token()}` };
}

/** The headers of credentials sent as they are (every kind but OAuth, whose token is fetched: authHeadersFor). */
export function authHeaders(auth: Exclude<ReplayAuth, { kind: 'oauth' }>): Record<string, string> {
  switch (auth.kind) {
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'header':
      return { [auth.name.toLowerCase()]: auth.value };
    case 'none':
      return {};
  }
}

export interface ScimAnswer {
  status: number;
  contentType: string;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  body: Record<string, unknown> | undefined;
  text: string;
  headers: Headers;
  durationMs: number;
}

/** One request an IdP simulation or a conformance check sent, and how it went. */
export interface SentRequest {
  method: string;
  path: string;
  body?: unknown;
  status?: number;
  error?: string;
}

export interface ScimClientOptions {
  baseUrl: string;
  auth: ReplayAuth;
  userAgent: string;
  /** Wait this long before each request (a watchable demo pace). */
  delayMs?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
  onRequest?: (sent: SentRequest) => void;
}

/** A simulation was cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
  }
}

/**
 * The HTTP side of an IdP: sends SCIM requests with the IdP's User-Agent and the target's auth,
 * paced and cancellable. A request that does not get through throws, with the reason (an
 * UnreachableTargetError when no request to this server can: a caller running many stops there).
 */
export class ScimClient {
  readonly baseUrl: string;
  sent = 0;
  /** The status of the last answer (for failures reported after the fact). */
  lastStatus = 0;
  /** OAuth client credentials: the access token, fetched before the first request and when it expires. */
  private readonly tokens?: OAuthTokenSource;

  constructor(private readonly options: ScimClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    if (options.auth.kind === 'oauth') {
      this.tokens = new OAuthTokenSource(options.auth, { userAgent: options.userAgent, timeoutMs: options.timeoutMs, onRequest: options.onRequest });
    }
  }

  /** `withoutAuth`: send no credentials at all (whatever kind the target uses), to check that they are required. */
  async send(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
    options: { withoutAuth?: boolean } = {},
  ): Promise<ScimAnswer> {
    if (this.options.signal?.aborted) throw new CancelledError();
    if (this.options.delayMs) await sleep(this.options.delayMs, this.options.signal);
    if (this.options.signal?.aborted) throw new CancelledError();
    const answer = await this.sendOnce(method, path, body, extraHeaders, options);
    // An access token the server refused (expired early, revoked): a new one, and the request once more, as an IdP does.
    if (answer.status === 401 && this.tokens && !options.withoutAuth && !('authorization' in extraHeaders)) {
      this.tokens.invalidate();
      return this.sendOnce(method, path, body, extraHeaders, options);
    }
    return answer;
  }

  private async sendOnce(
    method: string,
    path: string,
    body: unknown,
    extraHeaders: Record<string, string>,
    options: { withoutAuth?: boolean },
  ): Promise<ScimAnswer> {
    const credentials = options.withoutAuth ? {} : await authHeadersFor(this.options.auth, this.tokens);
    const started = performance.now();
    const headers: Record<string, string> = {
      accept: 'application/scim+json',
      'user-agent': this.options.userAgent,
      ...credentials,
      ...(body !== undefined && { 'content-type': 'application/scim+json; charset=utf-8' }),
      ...extraHeaders,
    };
    this.sent += 1;
    let response: HttpAnswer;
    try {
      response = await httpExchange(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        timeoutMs: this.options.timeoutMs ?? 30_000,
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${(this.options.timeoutMs ?? 30_000) / 1000} s`
          : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
      this.options.onRequest?.({ method, path, body, error: reason });
      throw unreachableTarget(this.baseUrl, error) ?? new Error(`${method} ${path} did not get through: ${reason}`, { cause: error });
    }
    this.lastStatus = response.status;
    const text = response.text;
    const parsed = parseJsonObject(text);
    this.options.onRequest?.({ method, path, body, status: response.status });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: parsed,
      text,
      headers: response.headers,
      durationMs: performance.now() - started,
    };
  }
}

/** Waits, or less when the signal aborts; never leaves a listener on the signal behind. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await wait(ms, undefined, { signal });
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}

export function filterQuery(filter: string, extra = ''): string {
  return `filter=${encodeURIComponent(filter)}${extra}`;
}

/** A resource's id from an answer; numbers are ids too (some servers use them). */
export function idOf(body: Record<string, unknown> | undefined): string | undefined {
  const id = body?.id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined;
}

/** Why a target URL cannot be used, or (`needsConfirmation`) why it must be confirmed first: it is not this machine. */
export function checkTargetUrl(baseUrl: string, confirmed: boolean | undefined, what: string): { problem: string; needsConfirmation?: boolean } | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { problem: `"${baseUrl}" is not a URL; give the target's SCIM base URL, e.g. https://scim.example.com/scim/v2.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'The target must be an http(s) URL.' };
  if (!isLoopbackUrl(baseUrl) && !confirmed) return { problem: `${what} ${url.host}, which is not this machine: confirm to go on.`, needsConfirmation: true };
  return undefined;
}

/** checkTargetUrl for a target's base URL and, with OAuth credentials, its token endpoint too (the client secret goes there). */
export function checkTarget(
  target: { baseUrl: string; auth: ReplayAuth; confirmed?: boolean },
  what: string,
): { problem: string; needsConfirmation?: boolean } | undefined {
  const base = checkTargetUrl(target.baseUrl, target.confirmed, what);
  if (base || target.auth.kind !== 'oauth') return base;
  if (!URL.canParse(target.auth.tokenUrl))
    return { problem: `"${target.auth.tokenUrl}" is not a URL; give the token endpoint, e.g. https://idp.example.com/oauth/token.` };
  return checkTargetUrl(target.auth.tokenUrl, target.confirmed, 'The OAuth client secret is sent to the token endpoint at');
}

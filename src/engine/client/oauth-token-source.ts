import type { ReplayAuth } from '../../shared/replay';
import type { SentRequest } from './scim-client';

type OAuthAuth = Extract<ReplayAuth, { kind: 'oauth' }>;

export interface TokenSourceOptions {
  userAgent?: string;
  timeoutMs?: number;
  /** The token request, as a SentRequest (its body without the secret), so a simulation shows the refresh. */
  onRequest?: (sent: SentRequest) => void;
  now?: () => number;
}

/**
 * The access token of an OAuth 2.0 client credentials client (RFC 6749 §4.4), as an IdP holds it:
 * fetched before the first request, fetched again once it expires (a tenth of its lifetime early,
 * at most 5 s, so a request does not leave with a token that expires on the way) or when the
 * server refused it (`invalidate`). The client authenticates with HTTP Basic, the method every
 * authorization server must support (§2.3.1), its id and secret form-encoded first.
 */
export class OAuthTokenSource {
  private current?: { token: string; refreshAt: number };
  private pending?: Promise<string>;

  constructor(
    private readonly auth: OAuthAuth,
    private readonly options: TokenSourceOptions = {},
  ) {}

  async token(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.current && now < this.current.refreshAt) return this.current.token;
    // Requests sent together wait for one token request.
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The server refused the token: the next request fetches a new one. */
  invalidate(): void {
    this.current = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, clientSecret } = this.auth;
    const sentBody = { grant_type: 'client_credentials', client_id: clientId };
    const credentials = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${credentials}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(this.options.userAgent && { 'user-agent': this.options.userAgent }),
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs / 1000} s`
          : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
      this.options.onRequest?.({ method: 'POST', path: tokenUrl, body: sentBody, error: reason });
      throw new Error(`The token request to ${tokenUrl} did not get through: ${reason}`, { cause: error });
    }
    const text = await response.text();
    this.options.onRequest?.({ method: 'POST', path: tokenUrl, body: sentBody, status: response.status });
    let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // Said below.
    }
    if (!response.ok || typeof body?.access_token !== 'string') {
      const said =
        typeof body?.error === 'string'
          ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}`
          : 'no access_token in the answer';
      throw new Error(`The token endpoint ${tokenUrl} answered ${response.status} (${said.slice(0, 300)}).`);
    }
    const lifetimeMs = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : 3_600_000;
    const now = (this.options.now ?? Date.now)();
    this.current = { token: body.access_token, refreshAt: now + lifetimeMs - Math.min(5_000, lifetimeMs / 10) };
    return body.access_token;
  }
}

const shared = new WeakMap<OAuthAuth, OAuthTokenSource>();

/** One token source per credentials object, for callers that send step by step with the same auth (the replayer). */
export function tokenSourceFor(auth: OAuthAuth): OAuthTokenSource {
  let source = shared.get(auth);
  if (!source) shared.set(auth, (source = new OAuthTokenSource(auth)));
  return source;
}

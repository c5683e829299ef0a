import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RecordedNote } from '../../shared/recording';
import type { ProxySettings } from '../../shared/proxy';
import type { RequestNote } from '../compat/notes';
import { networkReason, ProxyUpstreamError, upstreamTimedOut, upstreamUnreachable } from './proxy-errors';
import type { ShadowCopies } from './shadow-copies';
import { resourceTargetOf } from './shadow-copies';
import type { UpstreamAgents } from './upstream-agents';
import type { UpstreamCredential, UpstreamCredentials } from './upstream-credentials';
import { draftOf } from '../http/recording';
import type { ExchangeDraft } from '../recorder/recorder';
import { BodyCapture } from './body-capture';

/** What a proxy workspace's forwarding needs beside the request: pools, credentials, shadow copies. */
export interface Forwarding {
  agents: UpstreamAgents;
  credentials: UpstreamCredentials;
  shadows: ShadowCopies;
  /** The upstream's stored secret for a workspace (replacing modes). */
  secretOf: (workspaceId: number) => string | undefined;
  /** Records an exchange no response will finish for (the recorder's own hook waits for one). */
  recordLater: (draft: ExchangeDraft) => void;
}

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's, not the message's, and are never
 * forwarded; `host` is the upstream's. `accept-encoding` is dropped so the upstream answers in
 * plain text, which the recording, search and shadow copies read (the IdP gets the same content).
 */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'expect',
  'accept-encoding',
]);
const NOT_RETURNED = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The workspace prefix of a SCIM URL as the router accepts it (any case, repeated slashes). */
const PREFIX = /^\/+(?:w\/+[^/?#]+\/+)?scim\/+v2(?=[/?#]|$)/i;

/** The part of the URL under the workspace's SCIM base (`/Users?filter=…`), as sent. */
export function pathUnderBase(url: string): string {
  const match = PREFIX.exec(url);
  return match ? url.slice(match[0].length) : url;
}

/**
 * Forwards one SCIM request of a proxy workspace to its upstream and sends the upstream's answer
 * back as it came (status, headers less hop-by-hop ones, body streamed). The request body streams
 * to the upstream as it arrives; both bodies are kept for the recording up to BodyCapture's limit.
 * The exchange is then recorded by the SCIM API's recorder like any other, with a `proxied` note
 * and the observed resource versions. A failure to reach the upstream or a timeout is thrown as a
 * SCIM 502/504 (proxy-errors.ts).
 */
export async function forwardToUpstream(forwarding: Forwarding, proxy: ProxySettings, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const started = performance.now();
  const rest = pathUnderBase(request.url);
  const base = parsedUpstream(proxy.upstream);
  const path = `${base.pathname.replace(/\/+$/, '')}${rest.startsWith('/') || rest === '' ? rest : `/${rest}`}`;
  const workspaceId = request.scim.workspaceId;
  const secret = proxy.auth.mode === 'pass-through' ? undefined : forwarding.secretOf(workspaceId);
  const credential = await forwarding.credentials.credentialFor(
    workspaceId,
    proxy.auth,
    secret,
    (reason, timedOut) =>
      timedOut ? upstreamTimedOut(proxy.upstream, 'issue an OAuth access token', proxy.timeoutMs) : upstreamUnreachable(proxy.upstream, reason),
    proxy.timeoutMs,
  );
  const headers = forwardedHeaders(request, credential);
  // What goes upstream is never recorded; an upstream that echoes it (a debug page quoting the request's
  // headers) must not put it in the recording either: the secret and the header value it went in.
  // Passed through, the IdP's own credentials are what the upstream could echo.
  const sent = credential?.value ?? (typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined);
  if (request.recording && sent !== undefined) request.recording.knownSecrets = credentialValues(sent, secret);
  const sentBody = new BodyCapture();
  request.raw.on('data', (chunk: Buffer) => sentBody.add(chunk));

  // An IdP that gives up (its own time limit) closes its connection: the upstream request is given up
  // too, so it does not hold an upstream connection for the whole timeout (enough of them stall every request).
  const clientGone = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) clientGone.abort();
  });
  let answer: IncomingMessage;
  try {
    answer = await send(forwarding.agents, base, proxy, { method: request.method, path, headers }, request.raw, clientGone.signal);
  } catch (error) {
    request.body = sentBody.text() ?? undefined;
    note(request, 'upstreamFailed', `Forwarded to ${proxy.upstream}${rest.split('?')[0]}; no answer: ${(error as Error).message}`);
    throw error;
  }
  if ((answer.statusCode === 401 || answer.statusCode === 403) && secret !== undefined)
    forwarding.credentials.refused(workspaceId, proxy.auth, secret, proxy.timeoutMs);
  request.body = sentBody.text() ?? undefined;

  const target = resourceTargetOf(rest);
  const status = answer.statusCode ?? 502;
  const isWrite = ['POST', 'PUT', 'PATCH'].includes(request.method);
  const readBack = proxy.observeAfterWrite && isWrite && target !== undefined && status >= 200 && status < 300;
  const received = new BodyCapture();
  const finish = (observedBody?: unknown) => {
    const text = received.text();
    if (request.recording) request.recording.payload = text;
    if (received.overLimit)
      note(request, 'bodyNotRecorded', `The answer's body (${received.size} bytes) is larger than the recording keeps (${received.limit} bytes).`);
    note(request, 'forwarded', `Forwarded to ${proxy.upstream}${rest.split('?')[0]}; answered ${status} in ${(performance.now() - started).toFixed(1)} ms.`);
    if (!target) return;
    const body = observedBody ?? (received.overLimit || text === null ? undefined : parseJson(text));
    const change = forwarding.shadows.observe(request.scim.workspaceId, request.method, target, status, body);
    if (change) request.scim.changes?.push(change);
  };

  reply.code(status);
  reply.removeHeader('content-type');
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !NOT_RETURNED.has(name)) reply.header(name, value);
  }

  if (readBack) {
    // A single resource's answer: read whole, then the resource as stored, then answered.
    const body = await readAll(answer, received, proxy);
    const id = (parseJson(received.text() ?? '') as { id?: unknown } | undefined)?.id;
    const resourceId = typeof id === 'string' ? id : target.id;
    const stored =
      resourceId === undefined
        ? undefined
        : await readResource(forwarding, base, proxy, path, rest, resourceId, headers, credential?.name).catch(() => undefined);
    finish(stored ?? parseJson(received.text() ?? ''));
    await reply.send(body);
    return;
  }

  if (status === 204) {
    // fastify ends a 204 at once and drains the answer (no body) only after: its end would race with
    // the recording of the exchange (onResponse, on the response's 'finish'). Noted at 'prefinish'
    // instead: after the head went, as for any streamed answer, and always before 'finish'.
    reply.raw.once('prefinish', () => finish());
    await reply.send(answer);
    return;
  }

  // Streamed: each part goes on to the IdP as it arrives; a stall longer than the timeout ends it.
  let idle = setTimeout(() => answer.destroy(upstreamTimedOut(proxy.upstream, 'send the rest of its answer', proxy.timeoutMs)), proxy.timeoutMs);
  answer.on('data', (chunk: Buffer) => {
    received.add(chunk);
    idle.refresh();
  });
  answer.once('end', () => {
    clearTimeout(idle);
    finish();
  });
  answer.once('close', () => clearTimeout(idle));
  // Broken off after the head (reset, or the stall above): the IdP's connection ends mid-body and no
  // response finishes, so the exchange is recorded here, with what came and a note saying so.
  answer.once('error', (error) => {
    clearTimeout(idle);
    note(request, 'upstreamFailed', `The upstream's answer broke off after ${received.size} bytes: ${error.message}`);
    finish();
    if (!request.recording || request.recording.recorded) return;
    request.recording.recorded = true;
    forwarding.recordLater(draftOf(request, reply, request.recording.payload));
  });
  idle = idle.unref();
  await reply.send(answer);
}

const upstreamUrls = new Map<string, URL>();

/** The upstream's URL, parsed once: it is the same for every request of a workspace. */
function parsedUpstream(upstream: string): URL {
  let url = upstreamUrls.get(upstream);
  if (!url) {
    if (upstreamUrls.size >= 64) upstreamUrls.clear();
    upstreamUrls.set(upstream, (url = new URL(upstream)));
  }
  return url;
}

function forwardedHeaders(request: FastifyRequest, credential: UpstreamCredential | undefined): OutgoingHttpHeaders {
  const connectionNamed = String(request.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .map((name) => name.trim());
  const headers: OutgoingHttpHeaders = {};
  // The workspace's own secret header (auth mode `header`) is the workbench's, never the upstream's.
  const ownSecretHeader = request.scim.settings?.auth.mode === 'header' ? request.scim.settings.auth.headerName.toLowerCase() : undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || connectionNamed.includes(name)) continue;
    if (credential && (name === 'authorization' || name === ownSecretHeader || name === credential.name)) continue;
    headers[name] = value;
  }
  if (credential) headers[credential.name] = credential.value;
  // Without Accept-Encoding any encoding is acceptable (RFC 9110 §12.5.3): a plain answer is asked for
  // explicitly, which the recording, search and verdicts read, and which the IdP gets as it came.
  headers['accept-encoding'] = 'identity';
  return headers;
}

interface Outgoing {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
}

/** Sends one request to the upstream, the body from `body` (or none), and resolves with its answer's head. */
function send(
  agents: UpstreamAgents,
  base: URL,
  proxy: ProxySettings,
  outgoing: Outgoing,
  body: NodeJS.ReadableStream | undefined,
  clientGone?: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = base.protocol === 'https:' ? https : http;
    const upstreamRequest = client.request({
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port || undefined,
      method: outgoing.method,
      path: outgoing.path,
      headers: outgoing.headers,
      agent: agents.agentFor(base, proxy.insecureTls),
    });
    // The head and a small body go out at once, not held back for the head's ACK (Nagle).
    upstreamRequest.setNoDelay(true);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(answerTimer);
      clearTimeout(connectTimer);
      if (body) body.unpipe(upstreamRequest);
      upstreamRequest.destroy();
      reject(error instanceof ProxyUpstreamError ? error : upstreamUnreachable(proxy.upstream, networkReason(error)));
    };
    const answerTimer = setTimeout(() => fail(upstreamTimedOut(proxy.upstream, 'answer', proxy.timeoutMs)), proxy.timeoutMs);
    let connectTimer: NodeJS.Timeout | undefined;
    upstreamRequest.once('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => fail(upstreamTimedOut(proxy.upstream, 'accept a connection', proxy.connectTimeoutMs)), proxy.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    upstreamRequest.once('error', fail);
    clientGone?.addEventListener('abort', () => fail(new ProxyUpstreamError(502, 'The client closed its connection before the upstream answered.')), {
      once: true,
    });
    upstreamRequest.once('response', (answer) => {
      if (settled) {
        answer.destroy();
        return;
      }
      settled = true;
      clearTimeout(answerTimer);
      clearTimeout(connectTimer);
      resolve(answer);
    });
    if (body) body.pipe(upstreamRequest);
    else upstreamRequest.end();
  });
}

async function readAll(answer: IncomingMessage, capture: BodyCapture, proxy: ProxySettings): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const idle = setTimeout(() => answer.destroy(upstreamTimedOut(proxy.upstream, 'send the rest of its answer', proxy.timeoutMs)), proxy.timeoutMs);
  try {
    for await (const chunk of answer) {
      chunks.push(chunk as Buffer);
      capture.add(chunk as Buffer);
      idle.refresh();
    }
  } catch (error) {
    throw error instanceof ProxyUpstreamError ? error : upstreamUnreachable(proxy.upstream, networkReason(error as Error));
  } finally {
    clearTimeout(idle);
  }
  return Buffer.concat(chunks);
}

/** GET of the resource just written, with the same credentials: what the upstream stored (observeAfterWrite). */
async function readResource(
  forwarding: Forwarding,
  base: URL,
  proxy: ProxySettings,
  writePath: string,
  rest: string,
  id: string,
  headers: OutgoingHttpHeaders,
  /** The header a replacing mode sends the upstream's credentials in (`api-key`, not only `x-…`). */
  credentialName?: string,
): Promise<unknown> {
  const collection = /^\/+(users|groups)/i.exec(rest)![0];
  const basePath = writePath.slice(0, writePath.length - rest.length);
  const { authorization, ...others } = headers;
  const readHeaders: OutgoingHttpHeaders = { accept: 'application/scim+json, application/json', 'user-agent': 'SCIM Workbench proxy (observe after write)' };
  if (authorization !== undefined) readHeaders.authorization = authorization;
  // A replacing mode's custom header is kept; the IdP's other headers are not the read's.
  for (const [name, value] of Object.entries(others)) if (name.startsWith('x-') && name !== 'x-request-id') readHeaders[name] = value;
  if (credentialName !== undefined && headers[credentialName] !== undefined) readHeaders[credentialName] = headers[credentialName];
  const answer = await send(
    forwarding.agents,
    base,
    proxy,
    { method: 'GET', path: `${basePath}${collection}/${encodeURIComponent(id)}`, headers: readHeaders },
    undefined,
  );
  const body = await readAll(answer, new BodyCapture(), proxy);
  return answer.statusCode === 200 ? parseJson(body.toString('utf8')) : undefined;
}

function note(request: FastifyRequest, code: string, detail: string): void {
  const proxied: RecordedNote = { kind: 'proxied', code, detail };
  request.scim.notes?.items.push(proxied as unknown as RequestNote);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The secret and each form it travelled in: `Bearer <token>`'s token (an OAuth access token too), `Basic <base64>`'s base64. */
function credentialValues(value: string, secret: string | undefined): string[] {
  const scheme = /^(?:Bearer|Basic)\s+(\S+)$/i.exec(value);
  return [...new Set([value, ...(scheme ? [scheme[1]!] : []), ...(secret !== undefined ? [secret] : [])])];
}

import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REDACTED } from '../../shared/recording';
import type { Recorder } from '../recorder/recorder';
import { ScimError } from '../scim/errors';
import { DEFAULT_WORKSPACE, type WorkspaceStore } from '../store/workspaces';
import { SCIM_CONTENT_TYPE } from './content-type';
import { sendScimError, toScimError } from './plugins/scim-errors';
import { cameThroughTunnel } from './tunnel-connections';
import { parseJsonObject } from '../../shared/json-values';

/** The longest path kept in a summary: enough to read which endpoint was meant, not a 16 KB URL. */
const MAX_RECORDED_PATH = 2048;
/** The SCIM id schema allows 256 characters (routes/resources.ts). */
export const MAX_ID_LENGTH = 256;
/**
 * The router measures a path segment before percent-decoding: three characters per byte lets an id
 * of 256 characters through even fully percent-encoded, so the id schema, not the router, refuses it.
 */
export const MAX_PATH_SEGMENT = MAX_ID_LENGTH * 3;

/** What is known of a request refused before any SCIM route ran. */
interface Refusal {
  method: string;
  url: string;
  headers: Record<string, unknown>;
  socket: Pick<Socket, 'remoteAddress' | 'remotePort'>;
  startedAt: Date;
  error: ScimError;
}

/**
 * Requests refused before routing — no such endpoint (404), a URL that does not decode (400), a path
 * segment too long (414), headers too large (431), a request too slow (408), not HTTP at all (400) —
 * are recorded too, else an IdP misconfigured to the wrong URL leaves no trace. Nothing has proven
 * who sent them, so they are recorded in summary form: method, path (no query), status, client (from
 * the User-Agent) and the SCIM error answered; no body, no other header values. A flood of them (a
 * scanner) is bounded per workspace by the cap on unauthenticated requests (recorder/unauthenticated.ts).
 */
export class RefusedRequests {
  /** The request in progress on each connection, for what a socket-level error can say about it. */
  private readonly inFlight = new WeakMap<object, FastifyRequest>();
  /** Connections whose request was answered while its body was still arriving. */
  private readonly answeredMidBody = new WeakSet<object>();

  constructor(
    private readonly recorder: Recorder,
    private readonly workspaces: WorkspaceStore,
  ) {}

  /** Hooks that record the 404 of an unknown endpoint and remember the request each connection is on. */
  register(app: FastifyInstance): void {
    const answers = new WeakMap<FastifyRequest, string>();
    // Synchronous hooks: they run on every request, and an async one costs a promise each time.
    app.addHook('onRequest', (request, _reply, done) => {
      this.inFlight.set(request.raw.socket, request);
      done();
    });
    app.addHook('onSend', (request, _reply, payload, done) => {
      // Requests the SCIM API routed carry `recording` and are recorded by it (http/recording.ts).
      if (!request.recording && typeof payload === 'string') answers.set(request, payload);
      done(null, payload);
    });
    app.addHook('onResponse', (request, reply, done) => {
      const socket = request.raw.socket;
      this.inFlight.delete(socket);
      // Answered before its body arrived (a 413 being drained): a timeout now must not answer again.
      if (!request.raw.complete) {
        this.answeredMidBody.add(socket);
        request.raw.once('end', () => this.answeredMidBody.delete(socket));
      }
      if (!request.recording) {
        this.record({ ...this.refusalOf(request, reply.elapsedTime), error: errorOf(reply.statusCode, answers.get(request)) }, answers.get(request));
      }
      done();
    });
  }

  /** fastify's `frameworkErrors`: the router refused the URL before any hook ran. */
  readonly frameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const scimError = routerError(error, request.id);
    sendScimError(reply, scimError);
    this.record({ ...this.refusalOf(request), error: scimError });
  };

  /**
   * fastify's `clientErrorHandler`: Node's HTTP parser refused the request (headers or URL over the
   * size limit, not HTTP) or it took too long. The answer is written to the socket as fastify's
   * default handler does, but with a SCIM error body. What is recorded comes from the request in
   * progress when there is one (a stalled body), else from the request line in the bytes received.
   */
  readonly clientErrorHandler = (error: ConnectionError, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    // Its request was answered (and recorded) already; the rest of its body never came.
    if (this.answeredMidBody.has(socket)) {
      socket.destroy(error);
      return;
    }
    const scimError = clientError(error);
    const body = JSON.stringify(scimError.toBody());
    // Not into the middle of an answer already under way (Node's own handler checks the same).
    const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (socket.writable && !answering) {
      socket.write(
        `HTTP/1.1 ${scimError.status} ${STATUS_CODES[scimError.status]}\r\n` +
          `Content-Type: ${SCIM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
    const inProgress = this.inFlight.get(socket);
    if (inProgress) {
      this.inFlight.delete(socket);
      // Recorded here, once: the SCIM API's own hooks never see this request answered.
      if (inProgress.recording) inProgress.recording.recorded = true;
      this.record({ ...this.refusalOf(inProgress), error: scimError }, body);
      return;
    }
    const line = requestLineOf(error.rawPacket as unknown);
    // A connection that never sent a readable request line (a port scan, a header timeout before it)
    // has no method or path to show, so nothing is recorded.
    if (line) this.record({ ...line, headers: {}, socket, startedAt: new Date(), error: scimError }, body);
  };

  private refusalOf(request: FastifyRequest, elapsed = request.recording ? performance.now() - request.recording.start : 0): Omit<Refusal, 'error'> {
    return { method: request.method, url: request.url, headers: request.headers, socket: request.socket, startedAt: new Date(Date.now() - elapsed) };
  }

  private record(refusal: Refusal, answer: string = JSON.stringify(refusal.error.toBody())): void {
    try {
      // Under the same per-workspace cap as requests refused for their token (recorder/unauthenticated.ts).
      this.recorder.unauthenticated.admit({
        workspace: this.workspaceNamedIn(refusal.url),
        startedAt: refusal.startedAt,
        durationMs: Math.max(0, Date.now() - refusal.startedAt.getTime()),
        source: isTunnel(refusal) ? 'tunnel' : 'local',
        request: { method: refusal.method, url: pathOf(refusal.url), headers: summaryHeaders(refusal.headers), body: null },
        response: { status: refusal.error.status, headers: { 'content-type': SCIM_CONTENT_TYPE }, body: answer },
        notes: [],
        changes: [],
      });
    } catch (error) {
      // Recording must never turn a refusal into a crash (a full disk is reported by the recorder).
      this.recorder.warn(`SCIM Workbench could not record a refused request: ${(error as Error).message}`, error);
    }
  }

  /** `/w/{slug}/…` of a workspace that exists; anything else (including slugs made up by a scanner) goes to the default one. */
  private workspaceNamedIn(url: string): string {
    const slug = /^\/w\/([^/?#]+)/i.exec(url)?.[1]?.toLowerCase();
    return slug && this.workspaces.find(slug) ? slug : DEFAULT_WORKSPACE;
  }
}

function routerError(error: FastifyError, correlationId: string): ScimError {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return ScimError.badRequest('invalidSyntax', 'The URL is not valid: a "%" must be followed by two hex digits, and the bytes must be UTF-8.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ScimError(414, undefined, `A path segment is too long: ids are at most ${MAX_ID_LENGTH} characters.`);
  }
  return toScimError(error, correlationId);
}

function clientError(error: ConnectionError): ScimError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ScimError(431, undefined, 'The request headers or URL (a long filter, say) are larger than this server accepts.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ScimError(408, undefined, 'The request took too long to arrive.');
  }
  return ScimError.badRequest('invalidSyntax', 'The request is not valid HTTP.');
}

/** The error a refusal answered, from its status and the SCIM body sent. */
function errorOf(status: number, answer: string | undefined): ScimError {
  // A body that is not a SCIM error (or none): the status text says enough.
  const detail = parseJsonObject(answer ?? '')?.detail;
  return new ScimError(status, undefined, typeof detail === 'string' ? detail : (STATUS_CODES[status] ?? 'Refused'));
}

/** The method and path at the start of the bytes Node's parser refused, if they are there. */
function requestLineOf(packet: unknown): { method: string; url: string } | undefined {
  const match = Buffer.isBuffer(packet) && /^([A-Z]{1,16}) (\/[^\s]*)/.exec(packet.subarray(0, MAX_RECORDED_PATH + 32).toString('latin1'));
  return match ? { method: match[1]!, url: match[2]! } : undefined;
}

function pathOf(url: string): string {
  const path = url.split('?')[0]!;
  return path.length > MAX_RECORDED_PATH ? `${path.slice(0, MAX_RECORDED_PATH)}…` : path;
}

/** The client's User-Agent (which client it was is the point of recording); every other header by name only. */
function summaryHeaders(headers: Record<string, unknown>): Record<string, string> {
  const summary: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    summary[name] = name.toLowerCase() === 'user-agent' ? String(value).slice(0, 256) : REDACTED;
  }
  return summary;
}

function isTunnel(refusal: Refusal): boolean {
  const headers = refusal.headers;
  return cameThroughTunnel(refusal) || Boolean(headers['x-forwarded-for'] || headers['x-forwarded-host'] || headers['cf-connecting-ip']);
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REDACTED, type RecordedNote, type RequestSource } from '../../shared/recording';
import { NOTES_HEADER, notesHeaderValue } from '../compat/notes';
import { modelledNotes } from '../reaction/modelled-note';
import type { ExchangeDraft, Recorder } from '../recorder/recorder';
import type { InjectedFault } from '../../shared/faults';
import { cameThroughTunnel } from './tunnel-connections';
import { databaseUnavailable } from './database-unavailable';
import { retryWhileBusy } from './wait-for-lock';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request arrives; read when it is recorded. */
    recording?: {
      startedAt: Date;
      start: number;
      workspace: string;
      payload: string | null;
      recorded: boolean;
      sessionId?: number;
      /** Set by the fault hooks (engine/faults/fault-hooks.ts) when a rule acted on the exchange. */
      injected?: InjectedFault;
      /** A write's exchange, once recorded in its transaction: the fault hooks amend it when they change the answer after. */
      exchangeId?: number;
      /** Secrets sent on with the request (a proxy's upstream credentials), scrubbed from the recording wherever echoed. */
      knownSecrets?: string[];
    };
  }
}

/**
 * Records every exchange of a SCIM API prefix. A successful write is recorded by its route inside
 * the write's own transaction (`recordedWrite`), so the exchange and the resource versions it made
 * commit together or not at all; everything else — reads, and writes that failed and so changed
 * nothing — is recorded when the response has gone (onResponse).
 */
export function recordExchanges(
  app: FastifyInstance,
  recorder: Recorder,
  workspaceOf: (request: FastifyRequest) => string,
  /** False for a request refused before it reached a workspace: recorded in summary, rate-capped (recorder/unauthenticated.ts). */
  reachedWorkspace: (request: FastifyRequest) => boolean = () => true,
  /** A header whose value is the workspace's secret whatever its name (auth mode `header`, e.g. X-Scim-Key): recorded as REDACTED. */
  secretHeaderOf: (request: FastifyRequest) => string | undefined = () => undefined,
): void {
  // onRequest and onResponse are synchronous (a throw is a rejection): every SCIM request passes them,
  // and an async hook costs a promise and a turn of the microtask queue each time.
  app.addHook('onRequest', (request, _reply, done) => {
    const sessionId = recorder.replaySessionOf(request.headers);
    request.recording = {
      startedAt: new Date(),
      start: performance.now(),
      workspace: workspaceOf(request),
      payload: null,
      recorded: false,
      ...(sessionId !== undefined && { sessionId }),
    };
    done();
  });
  // Async on purpose: its promise writes the answer after the HTTP parser's turn, not inside it. A 503
  // for a connection over the cap sent before the request's body arrived closes the connection at the
  // body's 'end' (listener-limits.ts); written from inside the parser, a request pipelined after the
  // body was parsed and answered before that (test/integration/engine/listener-limits.test.ts).
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.recording && typeof payload === 'string') request.recording.payload = payload;
    return payload;
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (request.recording && !request.recording.recorded) {
      // An authenticated request knows its workspace's settings; a refused one looks them up.
      const draft = draftOf(request, reply, request.recording.payload, request.scim ? undefined : secretHeaderOf(request));
      if (reachedWorkspace(request)) recorder.recordLater(draft);
      else recorder.unauthenticated.offer(draft);
    }
    done();
  });
}

/** A write's answer that is JSON text already: recordedWrite records and sends it as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/**
 * Runs a write and records its exchange in one transaction. `write` does the work, sets the
 * reply's status and headers, and returns the body to send (undefined: none; a JsonText: that text), which resolves as its JSON text. The transaction is
 * shared with the other writes of this turn of the event loop, each in its own savepoint, and the
 * promise settles once it has committed (store/group-commit.ts): the answer is never sent before.
 *
 * While another process holds the database's write lock the write is tried again after a pause
 * (see wait-for-lock.ts), the event loop serving other requests meanwhile; if the lock outlasts
 * the pauses, or the disk is full, the client gets a SCIM error saying so (503, 507).
 */
export async function recordedWrite(recorder: Recorder, request: FastifyRequest, reply: FastifyReply, write: () => unknown): Promise<string | undefined> {
  const context = request.scim;
  const notesBefore = context?.notes?.items.length ?? 0;
  const changesBefore = context?.changes?.length ?? 0;
  try {
    const body = await retryWhileBusy(
      () =>
        recorder.writeTransaction(() => {
          // An attempt that was refused or undone wrote nothing: what it noted is forgotten, so a retry notes it once.
          context?.notes?.items.splice(notesBefore);
          context?.changes?.splice(changesBefore);
          const written = write();
          // Serialised once, here (or by the write, see JsonText): the recorder stores this text and the reply sends it as it is.
          const text = written === undefined ? undefined : written instanceof JsonText ? written.text : JSON.stringify(written);
          if (request.recording) request.recording.exchangeId = recorder.record(draftOf(request, reply, text ?? null));
          return text;
        }),
      (attempts, delayMs) => {
        const message = `SCIM write waits: the database is locked by another process (attempt ${attempts}, trying again in ${delayMs} ms)`;
        // Said once per write; its further attempts only at debug level.
        if (attempts === 1) request.log.warn(message);
        else request.log.debug(message);
      },
    );
    // Only once committed: a write that failed (at its COMMIT too) is recorded when its error is sent.
    if (request.recording) request.recording.recorded = true;
    return body;
  } catch (error) {
    // Nothing was written, so a Location or ETag an attempt set before its COMMIT failed is not sent.
    reply.removeHeader('location').removeHeader('etag');
    throw databaseUnavailable(error, recorder.databasePath) ?? error;
  }
}

/** The exchange as the recorder takes it (the fault hooks record a dropped connection with it, see engine/faults). */
export function draftOf(request: FastifyRequest, reply: FastifyReply, responseBody: string | null, secretHeader?: string): ExchangeDraft {
  const recording = request.recording!;
  const name = (request.scim?.settings?.auth?.headerName ?? secretHeader)?.toLowerCase();
  return {
    workspace: recording.workspace,
    startedAt: recording.startedAt,
    durationMs: performance.now() - recording.start,
    source: sourceOf(request),
    request: {
      method: request.method,
      url: request.url,
      headers: name !== undefined && request.headers[name] !== undefined ? { ...request.headers, [name]: REDACTED } : request.headers,
      body: request.body === undefined || request.body === null ? null : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    },
    response: { status: reply.statusCode, headers: sentHeaders(reply, responseBody, request.scim?.notes?.items ?? []), body: responseBody },
    notes: [...(request.scim?.notes?.items ?? []), ...modelledNotes(request.headers)],
    changes: request.scim?.changes ?? [],
    extensions: request.scim?.settings?.extensions,
    ...(recording.sessionId !== undefined && { sessionId: recording.sessionId }),
    ...(recording.injected && { injected: recording.injected }),
    ...(recording.knownSecrets && { knownSecrets: recording.knownSecrets }),
  };
}

/**
 * The response headers as the client receives them. A write is recorded inside its transaction,
 * before the onSend hooks add X-Workbench-Notes and fastify adds Content-Length; Node writes Date
 * itself, so it is never among the reply's headers. Each is added here when missing, as it is sent.
 * Once the head has gone (a proxied answer, recorded after its body streamed past) the reply's
 * headers are those sent: a note added since, or a length the head did not carry, was never sent.
 */
function sentHeaders(reply: FastifyReply, body: string | null, notes: readonly RecordedNote[]): Record<string, unknown> {
  // A fresh object already (fastify merges Node's headers and its own into a new one): added to in place.
  const headers: Record<string, unknown> = reply.getHeaders();
  const headSent = reply.raw.headersSent;
  const notesHeader = notesHeaderValue(notes);
  if (!headSent && headers[NOTES_HEADER] === undefined && notesHeader !== undefined) headers[NOTES_HEADER] = notesHeader;
  if (!headSent && headers['content-length'] === undefined && body !== null) headers['content-length'] = String(Buffer.byteLength(body));
  if (headers.date === undefined && reply.raw.sendDate) headers.date = httpDate();
  return headers;
}

let dateSecond = Number.NaN;
let dateText = '';

/** The Date header's text for now. It changes once a second, so it is made once a second, not per exchange. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/**
 * A tunnel's own connections (see tunnel-connections.ts) are tunnel traffic; so are requests with
 * forwarding headers, which ngrok, cloudflared and localtunnel add when they connect from loopback.
 */
function sourceOf(request: FastifyRequest): RequestSource {
  if (cameThroughTunnel(request)) return 'tunnel';
  const headers = request.headers;
  return headers['x-forwarded-for'] || headers['x-forwarded-host'] || headers['cf-connecting-ip'] ? 'tunnel' : 'local';
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestSource } from '../../shared/recording';
import type { ExchangeDraft, Recorder } from '../recorder/recorder';
import { cameThroughTunnel } from './tunnel-connections';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request arrives; read when it is recorded. */
    recording?: { startedAt: Date; start: number; workspace: string; payload: string | null; recorded: boolean };
  }
}

/**
 * Records every exchange of a SCIM API prefix. A successful write is recorded by its route inside
 * the write's own transaction (`recordedWrite`), so the exchange and the resource versions it made
 * commit together or not at all; everything else — reads, and writes that failed and so changed
 * nothing — is recorded when the response has gone (onResponse).
 */
export function recordExchanges(app: FastifyInstance, recorder: Recorder, workspaceOf: (request: FastifyRequest) => string): void {
  app.addHook('onRequest', async (request) => {
    request.recording = { startedAt: new Date(), start: performance.now(), workspace: workspaceOf(request), payload: null, recorded: false };
  });
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.recording && typeof payload === 'string') request.recording.payload = payload;
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.recording || request.recording.recorded) return;
    recorder.recordLater(draftOf(request, reply, request.recording.payload));
  });
}

/**
 * Runs a write and records its exchange in one transaction. `write` does the work, sets the
 * reply's status and headers, and returns the body to send (undefined: none).
 */
export function recordedWrite<T>(recorder: Recorder, request: FastifyRequest, reply: FastifyReply, write: () => T): T {
  // Outside the write's transaction: if the write fails, the reads before it stay recorded.
  recorder.flush();
  return recorder.transaction(() => {
    const body = write();
    if (request.recording) {
      recorder.record(draftOf(request, reply, body === undefined ? null : JSON.stringify(body)));
      request.recording.recorded = true;
    }
    return body;
  });
}

function draftOf(request: FastifyRequest, reply: FastifyReply, responseBody: string | null): ExchangeDraft {
  const recording = request.recording!;
  return {
    workspace: recording.workspace,
    startedAt: recording.startedAt,
    durationMs: performance.now() - recording.start,
    source: sourceOf(request),
    request: {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body === undefined || request.body === null ? null : typeof request.body === 'string' ? request.body : JSON.stringify(request.body),
    },
    response: { status: reply.statusCode, headers: reply.getHeaders(), body: responseBody },
    notes: request.scim?.notes?.items ?? [],
    changes: request.scim?.changes ?? [],
    extensions: request.scim?.settings?.extensions,
  };
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

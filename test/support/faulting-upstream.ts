import type { RecordingStore } from '../../src/engine/store/recordings';
import { detectClient } from '../../src/engine/recorder/detect-client';
import { modelledNotes } from '../../src/engine/reaction/modelled-note';
import type { HeaderList } from '../../src/shared/recording';
import { resourcePath, startFaultProxy, type ForwardedRequest, type ForwardedResponse } from './fault-proxy';

/** Decides, per request, whether the upstream fails it: an answer of its own, or undefined to forward it. */
export type FaultPlan = (request: ForwardedRequest) => ForwardedResponse | undefined;

/**
 * The first `count` requests that `matches` picks are answered `status` (with `Retry-After` when given);
 * the rest are forwarded. A SCIM error body, as a server under load would send.
 */
export function failFirst(count: number, matches: (request: ForwardedRequest) => boolean, status: number, retryAfterSeconds?: number): FaultPlan {
  let failed = 0;
  return (request) => {
    if (!matches(request) || failed >= count) return undefined;
    failed += 1;
    return {
      status,
      headers: { 'content-type': 'application/scim+json', ...(retryAfterSeconds !== undefined && { 'retry-after': String(retryAfterSeconds) }) },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        detail: `Planted fault ${failed} of ${count}.`,
      }),
    };
  };
}

export const isCreateUser = (request: ForwardedRequest) => request.method === 'POST' && resourcePath(request) === '/Users';

/**
 * A faulting upstream in front of a real workbench, on 127.0.0.1: requests the plan fails never reach
 * the workbench, so the upstream records them itself into the workbench's current live session, as
 * the engine's own fault rules do; the requests it forwards the workbench records as usual. The
 * recording then holds the whole sequence the IdP saw, failures included.
 */
export async function startFaultingUpstream(
  workbenchOrigin: string,
  recordings: RecordingStore,
  plan: FaultPlan,
): Promise<{ origin: string; faulted: () => number; close: () => Promise<void> }> {
  let faulted = 0;
  const proxy = await startFaultProxy(workbenchOrigin, {
    description: 'fails requests by plan',
    family: 'reaction',
    breaks: [],
    request(request) {
      const startedAt = new Date().toISOString();
      const answer = plan(request);
      if (!answer) return request;
      faulted += 1;
      // Recorded as the workbench would: after what it still holds, so ids follow arrival.
      recordings.beforeRead();
      const headers: HeaderList = Object.entries(request.headers).map(([name, value]) => [name, name === 'authorization' ? '[redacted]' : value]);
      recordings.insertExchange({
        sessionId: recordings.currentSessionId(),
        workspace: /^\/w\/([^/]+)\/scim\/v2/.exec(request.url)?.[1] ?? 'default',
        startedAt,
        durationMs: 0,
        client: detectClient({ userAgent: request.headers['user-agent'] }),
        source: 'local',
        operation: `Planted ${answer.status}`,
        request: { method: request.method, url: request.url, headers, body: request.body || null },
        response: { status: answer.status, headers: Object.entries(answer.headers), body: answer.body },
        notes: modelledNotes(request.headers),
        changes: [],
      });
      return answer;
    },
  });
  return { origin: proxy.origin, faulted: () => faulted, close: proxy.close };
}

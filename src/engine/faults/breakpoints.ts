import { EventEmitter } from 'node:events';
import type { HeldExchange, HeldFailure, HeldOutcome, HeldOutcomeKind, HeldRelease } from '../../shared/faults';
import { FAULT_METHODS } from '../../shared/faults';

/** What the inspector decided for a held exchange (or the timeout, or the client leaving). */
export type HeldDecision = { kind: 'release'; edit?: HeldRelease } | { kind: 'fail'; failure: HeldFailure } | { kind: 'auto-released' } | { kind: 'abandoned' };

/** A held exchange refused an edit or a decision, with the admin API status to answer. */
export class HeldError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Entry {
  view: HeldExchange;
  decide(decision: HeldDecision): void;
}

/**
 * Exchanges held at breakpoints, in this engine process: the SCIM side holds (fault-hooks.ts), the
 * admin API lists and decides. Each hold ends by a decision, by its timeout (released as-is, so an
 * IdP is never left waiting past its own timeout), or by the client going away. Events: `held`
 * (HeldExchange) and `released` (HeldOutcome), for the live feed.
 */
export class Breakpoints extends EventEmitter {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  /** Holds until decided; `view` must already be free of secrets. Call `abandon` when the client leaves. */
  hold(view: Omit<HeldExchange, 'id' | 'heldAt' | 'releaseAt'>, timeoutMs: number): { id: number; decision: Promise<HeldDecision>; abandon(): void } {
    const id = this.nextId++;
    const heldAt = Date.now();
    const full: HeldExchange = { ...view, id, heldAt: new Date(heldAt).toISOString(), releaseAt: new Date(heldAt + timeoutMs).toISOString() };
    let settle!: (decision: HeldDecision) => void;
    const decision = new Promise<HeldDecision>((resolve) => (settle = resolve));
    const timer = setTimeout(() => decide({ kind: 'auto-released' }), timeoutMs);
    const decide = (chosen: HeldDecision) => {
      if (!this.entries.delete(id)) return;
      clearTimeout(timer);
      settle(chosen);
      const outcome: HeldOutcome = { id, outcome: outcomeOf(chosen) };
      this.emit('released', outcome);
    };
    this.entries.set(id, { view: full, decide });
    this.emit('held', full);
    return { id, decision, abandon: () => decide({ kind: 'abandoned' }) };
  }

  list(workspace?: string): HeldExchange[] {
    return [...this.entries.values()].map((entry) => entry.view).filter((view) => workspace === undefined || view.workspace === workspace);
  }

  get size(): number {
    return this.entries.size;
  }

  release(id: number, edit: HeldRelease = {}): HeldExchange {
    const entry = this.entry(id);
    checkEdit(entry.view, edit);
    const edited = edit.request !== undefined || edit.response !== undefined;
    entry.decide(edited ? { kind: 'release', edit } : { kind: 'release' });
    return entry.view;
  }

  fail(id: number, failure: HeldFailure): HeldExchange {
    const entry = this.entry(id);
    if (!Number.isInteger(failure.status) || failure.status < 400 || failure.status > 599)
      throw new HeldError(400, `status is an HTTP error status from 400 to 599; got ${failure.status}.`);
    entry.decide({ kind: 'fail', failure });
    return entry.view;
  }

  /** Every hold released as-is (the engine is closing: no IdP is left hanging). */
  releaseAll(): void {
    for (const entry of [...this.entries.values()]) entry.decide({ kind: 'auto-released' });
  }

  private entry(id: number): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new HeldError(404, `No exchange ${id} is held (it was released, timed out, or its client left).`);
    return entry;
  }
}

function outcomeOf(decision: HeldDecision): HeldOutcomeKind {
  if (decision.kind === 'release') return decision.edit ? 'edited' : 'released';
  if (decision.kind === 'fail') return 'failed';
  return decision.kind;
}

/** An edit must fit the stage and be something HTTP can carry; refused whole, before anything is released. */
function checkEdit(view: HeldExchange, edit: HeldRelease): void {
  if (edit.request && view.stage !== 'request')
    throw new HeldError(400, 'This exchange is held at its response: edit the response (status, headers, body), not the request.');
  if (edit.response && view.stage !== 'response')
    throw new HeldError(400, 'This exchange is held before the engine: edit the request (method, path, headers, body); there is no response yet.');
  const request = edit.request;
  if (request?.method !== undefined && !FAULT_METHODS.includes(request.method))
    throw new HeldError(400, `method is one of ${FAULT_METHODS.join(', ')}; got ${JSON.stringify(request.method)}.`);
  if (request?.path !== undefined && !/^\/[^\s?#]*(\?\S*)?$/.test(request.path))
    throw new HeldError(400, `path is the path after the SCIM base URL, starting with / (e.g. /Users/2819c223); got ${JSON.stringify(request.path)}.`);
  if (typeof request?.body === 'string' && request.body.trim() !== '') {
    try {
      JSON.parse(request.body);
    } catch (error) {
      throw new HeldError(400, `The request body is not JSON: ${(error as Error).message}.`);
    }
  }
  const response = edit.response;
  if (response?.status !== undefined && (!Number.isInteger(response.status) || response.status < 200 || response.status > 599))
    throw new HeldError(400, `status is an HTTP status from 200 to 599; got ${response.status}.`);
  for (const headers of [request?.headers, response?.headers]) {
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new HeldError(400, `"${name}" is not a header name.`);
      if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new HeldError(400, `The value of header "${name}" must be one line of text.`);
      if (['content-length', 'transfer-encoding', 'connection', 'host'].includes(name.toLowerCase()))
        throw new HeldError(400, `Header "${name}" is set by the HTTP layer and cannot be edited.`);
    }
  }
}

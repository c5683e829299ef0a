import type { SimulationReaction } from '../../shared/simulator';
import { CancelledError, ScimClient, sleep, type ScimAnswer, type ScimClientOptions } from '../client/scim-client';
import { UnreachableTargetError } from '../client/unreachable';
import { formatInterval } from '../../shared/reaction';
import { isRetryable, MODELLED_HEADER, retryAfterSeconds } from './reaction-exchange';
import type { RetryModel } from './retry-models';

/** The modelled IdP stopped sending: its job is in quarantine (Entra). */
export class QuarantinedError extends Error {
  constructor(model: RetryModel) {
    super(
      `Modelled: ${model.label} put the provisioning job in quarantine after ${model.quarantineAfter} operations failed with no write going through, and sent nothing more.`,
    );
  }
}

/**
 * A ScimClient that reacts to 429, 5xx and unanswered requests as the IdP's RetryModel says: it
 * waits and sends the same request again, labelled `X-Workbench-Modelled` so the recording says the
 * retry is the simulator's model, not a real IdP; after the last retry the operation's failing answer
 * is what the caller gets (no answer: status 0). Tests shrink the model's own waits with `backoffScale`;
 * a Retry-After is always waited out in full, so the recorded waits can be checked against it.
 */
export class ModelledRetryClient extends ScimClient {
  private failuresInARow = 0;
  private readonly reaction: SimulationReaction;
  private readonly signal: AbortSignal | undefined;

  constructor(
    options: ScimClientOptions,
    readonly model: RetryModel,
    private readonly backoffScale = 1,
  ) {
    super(options);
    this.reaction = { modelled: true, model: model.documented, retries: 0, gaveUp: 0, quarantined: false };
    this.signal = options.signal;
  }

  get summary(): SimulationReaction {
    return { ...this.reaction };
  }

  override async send(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
    options: { withoutAuth?: boolean } = {},
  ): Promise<ScimAnswer> {
    if (this.reaction.quarantined) throw new QuarantinedError(this.model);
    let headers = extraHeaders;
    for (let retry = 0; ; retry += 1) {
      const started = performance.now();
      let answer: ScimAnswer;
      try {
        answer = await super.send(method, path, body, headers, options);
      } catch (error) {
        // Nothing to retry when the run was cancelled or the server cannot be reached at all.
        if (error instanceof CancelledError || error instanceof UnreachableTargetError) throw error;
        this.lastStatus = 0;
        answer = { status: 0, contentType: '', body: undefined, text: '', headers: new Headers(), durationMs: performance.now() - started };
      }
      const wait = isRetryable(answer.status) && retry < this.model.retries ? this.waitBefore(answer, retry) : undefined;
      if (wait === undefined) return this.settle(method, answer, retry);
      this.reaction.retries += 1;
      await sleep(wait.ms, this.signal);
      if (this.signal?.aborted) throw new CancelledError();
      headers = {
        ...extraHeaders,
        [MODELLED_HEADER]: `${this.model.label} retry ${retry + 1} of ${this.model.retries} after ${answer.status || 'no answer'}, waited ${formatInterval(wait.ms)}${wait.retryAfter ? ' as Retry-After asked' : ''} (modelled by the simulator)`,
      };
    }
  }

  /** The wait before the next retry, or undefined when the model does not wait this long (the operation fails). */
  private waitBefore(answer: ScimAnswer, retry: number): { ms: number; retryAfter: boolean } | undefined {
    const asked = this.model.honoursRetryAfter ? retryAfterSeconds(answer.headers.get('retry-after') ?? undefined, Date.now()) : undefined;
    if (asked !== undefined) return asked <= this.model.maxRetryAfterSeconds ? { ms: asked * 1000, retryAfter: true } : undefined;
    return { ms: this.model.backoffMs[Math.min(retry, this.model.backoffMs.length - 1)]! * this.backoffScale, retryAfter: false };
  }

  /** Counts the operation's end toward quarantine: a failure adds one, a write that went through starts again (a lookup that answers is no progress). */
  private settle(method: string, answer: ScimAnswer, retries: number): ScimAnswer {
    const failed = answer.status === 0 || answer.status >= 400;
    if (failed && retries > 0 && isRetryable(answer.status)) this.reaction.gaveUp += 1;
    if (failed) this.failuresInARow += 1;
    else if (method !== 'GET') this.failuresInARow = 0;
    if (this.model.quarantineAfter !== undefined && this.failuresInARow >= this.model.quarantineAfter) this.reaction.quarantined = true;
    return answer;
  }
}

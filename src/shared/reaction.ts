/**
 * The IdP's reaction to failing answers, read from recorded exchanges (engine/reaction): the same
 * operation repeated, how long the IdP waited between attempts, and what it did in the end.
 * Shared by the engine (which detects it) and the inspector (which draws it); free of Node and DOM imports.
 */
import type { ClientKind } from './recording';

/** One try of a repeated operation. */
export interface ReactionAttempt {
  exchangeId: number;
  /** ISO time the request arrived. */
  at: string;
  /** 0: no answer was recorded (the connection was dropped or timed out). */
  status: number;
  /** The Retry-After the answer asked for, in seconds. */
  retryAfterSeconds?: number;
  /** Set when the simulator sent this attempt as modelled IdP behaviour (its `X-Workbench-Modelled` label). */
  modelled?: string;
}

/** How the waits between attempts behave. */
export type IntervalPattern = 'single' | 'backoff' | 'flat' | 'irregular';

/** Whether the waits kept to the Retry-After the failing answers asked for. */
export type RetryAfterUse = 'not-sent' | 'honoured' | 'ignored' | 'partly';

/**
 * `succeeded`: the last attempt got a 2xx/3xx. `gave-up`: it failed and the client went on with other
 * requests (or the window passed) without trying it again. `stopped`: it failed and the client sent
 * nothing more at all in the recording (as Entra does when it quarantines a job).
 */
export type OperationOutcome = 'succeeded' | 'gave-up' | 'stopped';

/** A request about the same resource the client sent after it gave up (e.g. after a 409: a lookup, then a PATCH). */
export interface FollowUp {
  exchangeId: number;
  at: string;
  method: string;
  status: number;
  /** In words: "looked the user up by userName". */
  what: string;
}

/** The same operation sent once or more, where at least one answer failed. */
export interface RepeatedOperation {
  client: ClientKind;
  workspace: string;
  method: string;
  resourceType: 'User' | 'Group' | 'other';
  /** What the operation was about, by name where one is known (userName, displayName), else the id or the filter. */
  subject: string;
  /** "creating user jane@acme.com" */
  action: string;
  /** Ids of the resource(s) the operation and its follow-ups concern (from paths and answers). */
  resourceIds: string[];
  attempts: ReactionAttempt[];
  /** Milliseconds between the starts of consecutive attempts. */
  intervalsMs: number[];
  pattern: IntervalPattern;
  retryAfter: RetryAfterUse;
  outcome: OperationOutcome;
  followUps: FollowUp[];
  /** Some attempt was sent by the simulator's model of the IdP, not by a real IdP. */
  modelled: boolean;
  /** The whole story in one sentence: "Okta retried creating user jane 3× at 1 s, 2 s, 4 s, then created the user." */
  sentence: string;
}

/** GET /api/sessions/:id/reaction and GET /api/workspaces/:slug/resources/:id/reaction */
export interface ReactionTimeline {
  /** In the order they started; at most a limit of them (see `total`). */
  operations: RepeatedOperation[];
  /** How many were found, listed or not. */
  total: number;
  /** Exchanges read to find them. */
  scanned: number;
}

/** A wait in the words of the sentence: "800 ms", "1 s", "2.5 s", "3 min". */
export function formatInterval(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
  return `${trim((ms / 60_000).toFixed(1))} min`;
}

const trim = (number: string) => number.replace(/\.0$/, '');

import type { FollowUp, ReactionAttempt, ReactionTimeline, RepeatedOperation } from '../../shared/reaction';
import type { ClientKind } from '../../shared/recording';
import { describeFollowUp, describeOperation } from './describe-reaction';
import { intervalPattern, retryAfterUse } from './interval-pattern';
import { answerIdentities, operationTarget, type OperationTarget } from './operation-target';
import { isFailure, isRetryable, retryAfterSeconds, type ReactionExchange } from './reaction-exchange';

export interface DetectOptions {
  /** Longest wait between two attempts of one operation, and how long after giving up its follow-ups are looked for. */
  windowMs?: number;
  /** Follow-ups kept per operation. */
  maxFollowUps?: number;
  /** Operations returned (the first ones, in time order); `total` counts them all. */
  limit?: number;
}

export const DEFAULT_WINDOW_MS = 15 * 60_000;

/** An operation being followed: its attempts so far, and what is known of the resource it concerns. */
interface Chain {
  key: string;
  client: ClientKind;
  workspace: string;
  method: string;
  target: OperationTarget;
  attempts: ReactionAttempt[];
  lastAt: number;
  lastId: number;
  lastStatus: number;
  /** Identities the chain watches for follow-ups (grows with what follow-ups reveal, e.g. the id a lookup found). */
  identities: Set<string>;
  resourceIds: Set<string>;
  followUps: FollowUp[];
  /** No more attempts or follow-ups are taken (it succeeded). */
  closed: boolean;
  /** For attempts recorded without their body: the name the client last looked up before them (what it was working on). */
  context?: string;
}

const ID_MARK = '\u0000id:';

/**
 * Finds "the same operation repeated" in exchanges fed in time order, in one pass: a map from each
 * operation's key to its open chain (one whose last attempt failed) and an index from names and ids
 * to the chains watching for follow-ups, so each exchange costs a few map look-ups whatever the
 * session's length. An exchange starts a chain when it fails; the next exchange with the same key
 * within the window is its next attempt; a chain is closed by a success.
 */
export class RetryDetector {
  private readonly open = new Map<string, Chain>();
  private readonly chains: Chain[] = [];
  private readonly watchers = new Map<string, Chain[]>();
  /** The last exchange id per client and workspace: whether a client went on after giving up. */
  private readonly lastIdOf = new Map<string, number>();
  /** The name each client and workspace last looked up (`userName eq "…"`): the context of a body-less attempt. */
  private readonly lastLookup = new Map<string, string>();
  private readonly windowMs: number;
  private readonly maxFollowUps: number;
  scanned = 0;

  constructor(private readonly options: DetectOptions = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    this.maxFollowUps = options.maxFollowUps ?? 3;
  }

  add(exchange: ReactionExchange): void {
    this.scanned += 1;
    const clientKey = `${exchange.client}\u0000${exchange.workspace}`;
    this.lastIdOf.set(clientKey, exchange.id);
    const target = operationTarget(exchange);
    if (!target) return;
    const at = Date.parse(exchange.startedAt);
    const failed = isFailure(exchange.status);
    if (target.by === 'filter' && exchange.method.toUpperCase() === 'GET') this.lastLookup.set(clientKey, target.subject.toLowerCase());
    const chain = this.open.get(target.key) ?? this.adoptLoose(target, at);
    if (chain && at - chain.lastAt <= this.windowMs) {
      this.attempt(chain, exchange, at);
      // A retry: what the client did between two attempts was not what it did after giving up.
      chain.followUps = [];
      if (!failed) {
        chain.closed = true;
        this.open.delete(target.key);
        for (const found of answerIdentities(exchange)) this.learn(chain, found);
      }
      return;
    }
    this.followUpOf(exchange, target, at, clientKey);
    if (!failed) return;
    const started: Chain = {
      key: target.key,
      client: exchange.client,
      workspace: exchange.workspace,
      method: exchange.method.toUpperCase(),
      target: target.bodyUnknown && target.by === 'new' ? { ...target, subject: this.lastLookup.get(clientKey) ?? target.subject } : target,
      ...(target.bodyUnknown && { context: this.lastLookup.get(clientKey) }),
      attempts: [],
      lastAt: at,
      lastId: exchange.id,
      lastStatus: exchange.status,
      identities: new Set(),
      resourceIds: new Set(),
      followUps: [],
      closed: false,
    };
    this.attempt(started, exchange, at);
    for (const found of target.identities) this.learn(started, found);
    this.open.set(target.key, started);
    this.chains.push(started);
  }

  /**
   * Attempts recorded without their body (a fault that answered before reading it) wait under their
   * loose key; the next write with a body to the same place takes them over when it is for what the
   * client was working on then (a create: the name it had just looked up), so two users' creates stay apart.
   */
  private adoptLoose(target: OperationTarget, at: number): Chain | undefined {
    if (target.bodyUnknown) return undefined;
    const loose = this.open.get(target.looseKey);
    if (!loose || at - loose.lastAt > this.windowMs) return undefined;
    if (target.by === 'new' && loose.context !== undefined && loose.context !== target.subject.toLowerCase()) return undefined;
    this.open.delete(target.looseKey);
    loose.key = target.key;
    loose.target = target;
    this.open.set(target.key, loose);
    for (const found of target.identities) this.learn(loose, found);
    return loose;
  }

  private attempt(chain: Chain, exchange: ReactionExchange, at: number): void {
    const retryAfter = retryAfterSeconds(exchange.retryAfter, at);
    chain.attempts.push({
      exchangeId: exchange.id,
      at: exchange.startedAt,
      status: exchange.status,
      ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }),
      ...(exchange.modelled && { modelled: exchange.modelled }),
    });
    chain.lastAt = at;
    chain.lastId = exchange.id;
    chain.lastStatus = exchange.status;
  }

  private learn(chain: Chain, found: string): void {
    if (chain.identities.has(found)) return;
    chain.identities.add(found);
    const mark = found.indexOf(ID_MARK);
    if (mark >= 0) chain.resourceIds.add(found.slice(mark + ID_MARK.length));
    const list = this.watchers.get(found);
    if (list) list.push(chain);
    else this.watchers.set(found, [chain]);
  }

  /** Adds the exchange to the failed chains of the same client that watch a name or id it mentions. */
  private followUpOf(exchange: ReactionExchange, target: OperationTarget, at: number, clientKey: string): void {
    let revealed: string[] | undefined;
    for (const found of target.identities) {
      const list = this.watchers.get(found);
      if (!list) continue;
      // Chains past their window or closed stop watching: dropped here, so the index stays small.
      const live = list.filter((chain) => !chain.closed && at - chain.lastAt <= this.windowMs);
      if (live.length === 0) {
        this.watchers.delete(found);
        continue;
      }
      if (live.length !== list.length) this.watchers.set(found, live);
      for (const chain of live) {
        if (`${chain.client}\u0000${chain.workspace}` !== clientKey || chain.key === target.key) continue;
        if (chain.followUps.length >= this.maxFollowUps || chain.followUps.some((f) => f.exchangeId === exchange.id)) continue;
        chain.followUps.push({
          exchangeId: exchange.id,
          at: exchange.startedAt,
          method: exchange.method.toUpperCase(),
          status: exchange.status,
          what: describeFollowUp(exchange.method, target, exchange.status),
        });
        revealed ??= [...target.identities, ...answerIdentities(exchange)];
        for (const more of revealed) this.learn(chain, more);
      }
    }
  }

  /** The operations found, in the order they started. */
  finish(): ReactionTimeline {
    const worth = this.chains.filter(
      (chain) => chain.attempts.length > 1 || isRetryable(chain.lastStatus) || chain.lastStatus === 409 || chain.followUps.length > 0,
    );
    const limit = this.options.limit ?? worth.length;
    return { operations: worth.slice(0, limit).map((chain) => this.toOperation(chain)), total: worth.length, scanned: this.scanned };
  }

  private toOperation(chain: Chain): RepeatedOperation {
    const times = chain.attempts.map((attempt) => Date.parse(attempt.at));
    const intervalsMs = times.slice(1).map((time, index) => time - times[index]!);
    const clientKey = `${chain.client}\u0000${chain.workspace}`;
    const outcome = !isFailure(chain.lastStatus) ? 'succeeded' : (this.lastIdOf.get(clientKey) ?? 0) > chain.lastId ? 'gave-up' : 'stopped';
    const operation: Omit<RepeatedOperation, 'sentence' | 'action'> = {
      client: chain.client,
      workspace: chain.workspace,
      method: chain.method,
      resourceType: chain.target.resourceType,
      subject: chain.target.subject,
      resourceIds: [...chain.resourceIds],
      attempts: chain.attempts,
      intervalsMs,
      pattern: intervalPattern(intervalsMs),
      retryAfter: retryAfterUse(chain.attempts, intervalsMs),
      outcome,
      followUps: chain.followUps,
      modelled: chain.attempts.some((attempt) => attempt.modelled !== undefined),
    };
    return { ...operation, ...describeOperation(operation, chain.target) };
  }
}

/** The repeated operations in exchanges given in time order (see RetryDetector). */
export function detectRetries(exchanges: Iterable<ReactionExchange>, options: DetectOptions = {}): ReactionTimeline {
  const detector = new RetryDetector(options);
  for (const exchange of exchanges) detector.add(exchange);
  return detector.finish();
}

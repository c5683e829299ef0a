import { EventEmitter } from 'node:events';
import type { Database } from 'better-sqlite3';
import type { FaultRule, FaultRuleInput, FaultRuleList, FaultRulesFile, FaultsCounted, FaultsSummary } from '../../shared/faults';
import type { WorkspaceStore } from '../store/workspaces';
import { FaultStore, type StoredFaultRule } from './fault-store';
import { compileRule, type CompiledRule, type RequestFacts, type RuleCounters } from './compile-rule';
import { Breakpoints } from './breakpoints';
import { checkRule, checkRulesFile } from './rule-check';

/** An unknown workspace or rule, for the admin API (404) and the CLI. */
export class FaultNotFoundError extends Error {}

/** How often the rules are looked for changes made elsewhere (a CLI import while `serve` runs, a workspace deleted). */
const STALE_CHECK_MS = 1000;
/** How often at most moved counters are announced (event `counted`): an open Faults view follows the traffic, not an event per request. */
const COUNTED_MS = 1000;

/**
 * A workbench's fault rules and breakpoints: the store, each workspace's rules compiled for the
 * request path (cached; a change through here recompiles at once, one made elsewhere within a
 * second), their counters, and the held exchanges. Event `faults` (FaultsSummary) when rules change;
 * `counted` (FaultsCounted) at most every COUNTED_MS while requests are checked against rules.
 */
export class FaultEngine extends EventEmitter {
  readonly store: FaultStore;
  readonly breakpoints = new Breakpoints();
  /** Enabled rules per workspace id, compiled; an empty list for a workspace without any. */
  private readonly compiled = new Map<number, CompiledRule[]>();
  /** Counters by rule id and the version of the rule they count for (its updatedAt): a saved rule starts again from 0. */
  private readonly counters = new Map<number, { updatedAt: string; counters: RuleCounters }>();
  private lastStaleCheck = 0;
  private fingerprint: string | undefined;
  /** Workspaces whose requests were checked against rules since the last `counted` event, and its timer. */
  private readonly counted = new Set<number>();
  private countedTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    db: Database,
    private readonly workspaces: WorkspaceStore,
    private readonly now: () => number = Date.now,
  ) {
    super();
    // One listener per open live feed (feed-events.ts): any number of inspector tabs.
    this.setMaxListeners(0);
    this.breakpoints.setMaxListeners(0);
    this.store = new FaultStore(db);
    // A deletion in this process is forgotten at once; one made by another process within STALE_CHECK_MS.
    workspaces.onDeleted((workspaceId) => this.compiled.delete(workspaceId));
    this.breakpoints.on('held', () => this.emit('faults', this.summary()));
    this.breakpoints.on('released', () => this.emit('faults', this.summary()));
  }

  /** The first enabled rule of the workspace that fires on the request, or undefined. The request path's one call. */
  decide(workspaceId: number, facts: () => RequestFacts): CompiledRule | undefined {
    const rules = this.activeRules(workspaceId);
    if (rules.length === 0) return undefined;
    this.countersMayMove(workspaceId);
    const read = facts();
    for (const rule of rules) if (rule.fires(read)) return rule;
    return undefined;
  }

  /** The workspace's enabled rules, compiled once and kept until they change. */
  activeRules(workspaceId: number): CompiledRule[] {
    const time = this.now();
    if (time - this.lastStaleCheck >= STALE_CHECK_MS) {
      this.lastStaleCheck = time;
      // Rules changed by another process, or deleted with their workspace (whose id a new one may take).
      const fingerprint = this.store.fingerprint();
      if (this.fingerprint !== undefined && fingerprint !== this.fingerprint) this.compiled.clear();
      this.fingerprint = fingerprint;
    }
    let rules = this.compiled.get(workspaceId);
    if (!rules) {
      rules = this.store
        .rules(workspaceId)
        .filter((rule) => rule.enabled)
        .map((rule) => compileRule(rule, this.countersOf(rule)));
      this.compiled.set(workspaceId, rules);
    }
    return rules;
  }

  list(slug: string): FaultRuleList {
    const workspace = this.workspace(slug);
    return { workspace: workspace.slug, rules: this.store.rules(workspace.id).map((rule) => this.view(rule, workspace.slug)) };
  }

  get(slug: string, id: number): FaultRule {
    const workspace = this.workspace(slug);
    const rule = this.store.rule(workspace.id, id);
    if (!rule) throw new FaultNotFoundError(`Workspace "${workspace.slug}" has no fault rule ${id}.`);
    return this.view(rule, workspace.slug);
  }

  create(slug: string, input: unknown): FaultRule {
    const workspace = this.workspace(slug);
    const rule = this.store.create(workspace.id, checkRule(input));
    this.changed(workspace.id);
    return this.view(rule, workspace.slug);
  }

  update(slug: string, id: number, input: unknown): FaultRule {
    const workspace = this.workspace(slug);
    const checked = checkRule(input);
    const rule = this.store.update(workspace.id, id, checked);
    if (!rule) throw new FaultNotFoundError(`Workspace "${workspace.slug}" has no fault rule ${id}.`);
    this.changed(workspace.id);
    return this.view(rule, workspace.slug);
  }

  remove(slug: string, id: number): void {
    const workspace = this.workspace(slug);
    if (!this.store.remove(workspace.id, id)) throw new FaultNotFoundError(`Workspace "${workspace.slug}" has no fault rule ${id}.`);
    this.changed(workspace.id);
  }

  setEnabled(slug: string, enabled: boolean): FaultRuleList {
    const workspace = this.workspace(slug);
    this.store.setEnabled(workspace.id, enabled);
    this.changed(workspace.id);
    return this.list(slug);
  }

  /** A rules file's rules in place of the workspace's, all or nothing: a file with any problem stores none. */
  importFile(slug: string, input: unknown): FaultRuleList {
    const file = checkRulesFile(input);
    const workspace = this.workspace(slug);
    this.store.replaceAll(workspace.id, file.rules as FaultRuleInput[]);
    this.changed(workspace.id);
    return this.list(slug);
  }

  exportFile(slug: string): FaultRulesFile {
    const workspace = this.workspace(slug);
    return {
      scimWorkbenchFaults: 1,
      workspace: workspace.slug,
      rules: this.store.rules(workspace.id).map((rule) => ({
        name: rule.name,
        ...(rule.enabled ? {} : { enabled: false }),
        ...(Object.keys(rule.match).length > 0 && { match: rule.match }),
        action: rule.action,
      })),
    };
  }

  /**
   * The listener is closing: held exchanges are released as-is and waits (latency, time-outs) end
   * now, so a shutdown never waits for a hold to run out.
   */
  stopHolding(): void {
    // No `counted` after this: a request still decided during the shutdown must not arm a timer that reads a closed database.
    this.stopped = true;
    clearTimeout(this.countedTimer);
    this.countedTimer = undefined;
    this.breakpoints.releaseAll();
    this.emit('closing');
  }

  summary(): FaultsSummary {
    return { workspaces: this.store.enabledCounts(), held: this.breakpoints.size };
  }

  private workspace(slug: string) {
    const workspace = this.workspaces.find(slug);
    if (!workspace) throw new FaultNotFoundError(`No workspace named "${slug}".`);
    return workspace;
  }

  /** Announces, once COUNTED_MS is up, that this workspace's counters may have moved; nothing while no feed listens. */
  private countersMayMove(workspaceId: number): void {
    if (this.stopped || this.listenerCount('counted') === 0) return;
    this.counted.add(workspaceId);
    this.countedTimer ??= setTimeout(() => {
      this.countedTimer = undefined;
      const ids = new Set(this.counted);
      this.counted.clear();
      let workspaces: string[];
      try {
        workspaces = this.workspaces
          .list()
          .filter((workspace) => ids.has(workspace.id))
          .map((workspace) => workspace.slug);
      } catch {
        // The database went away meanwhile (a shutdown): an open view reads the counters on its next visit.
        return;
      }
      const counted: FaultsCounted = { workspaces };
      this.emit('counted', counted);
    }, COUNTED_MS).unref();
  }

  private changed(workspaceId: number): void {
    this.compiled.delete(workspaceId);
    this.emit('faults', this.summary());
  }

  private countersOf(rule: StoredFaultRule): RuleCounters {
    const kept = this.counters.get(rule.id);
    if (kept && kept.updatedAt === rule.updatedAt) return kept.counters;
    const counters = { matched: 0, fired: 0 };
    this.counters.set(rule.id, { updatedAt: rule.updatedAt, counters });
    return counters;
  }

  private view(rule: StoredFaultRule, workspace: string): FaultRule {
    const kept = this.counters.get(rule.id);
    const stats = kept && kept.updatedAt === rule.updatedAt ? { ...kept.counters } : { matched: 0, fired: 0 };
    return {
      id: rule.id,
      workspace,
      name: rule.name,
      enabled: rule.enabled,
      match: rule.match,
      action: rule.action,
      createdAt: rule.createdAt,
      updatedAt: rule.updatedAt,
      stats,
    };
  }
}

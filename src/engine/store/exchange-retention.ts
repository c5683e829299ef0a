import type { Database } from 'better-sqlite3';
import { EXCHANGE_BYTES_SQL } from './exchange-bodies';

/** Which exchanges a retention limit applies to: one workspace's, or those of no existing workspace. */
export type RetentionScope = { workspace: string } | { orphans: true };

/** How much recorded traffic a scope holds (live sessions only). */
export interface RetentionUsage {
  exchanges: number;
  bytes: number;
}

/** One of a scope's oldest exchanges, with what the limits compare. */
export interface RetentionCandidate {
  id: number;
  started: string;
  bytes: number;
}

/**
 * The SQL of retention (see recorder/retention.ts). Only exchanges of live sessions count and are
 * removed: an imported session is a file the user chose to load, kept until they delete it. Totals
 * come from `exchange_totals` (kept by triggers, migration 7), so a check reads a few rows.
 */
export class ExchangeRetentionStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    const LIVE = 'session_id NOT IN (SELECT id FROM sessions WHERE imported = 1)';
    const ORPHAN = 'workspace COLLATE NOCASE NOT IN (SELECT slug FROM workspaces)';
    const TOTALS = 'SELECT coalesce(sum(exchanges), 0) AS exchanges, coalesce(sum(bytes), 0) AS bytes FROM exchange_totals';
    const OLDEST = `SELECT id, started, ${EXCHANGE_BYTES_SQL('exchanges')} AS bytes FROM exchanges`;
    this.statements = {
      usageOf: db.prepare<[string], RetentionUsage>(`${TOTALS} WHERE workspace = ? AND ${LIVE}`),
      orphanUsage: db.prepare<[], RetentionUsage>(`${TOTALS} WHERE ${ORPHAN} AND ${LIVE}`),
      oldestOf: db.prepare<[string, number], RetentionCandidate>(`${OLDEST} WHERE workspace = ? COLLATE NOCASE AND ${LIVE} ORDER BY id LIMIT ?`),
      orphanWorkspaces: db.prepare<[], string>(`SELECT DISTINCT workspace FROM exchange_totals WHERE ${ORPHAN} AND ${LIVE} AND exchanges > 0`).pluck(),
      remove: db.prepare<[string]>('DELETE FROM exchanges WHERE id IN (SELECT value FROM json_each(?))'),
      dropEmptyTotals: db.prepare<[]>('DELETE FROM exchange_totals WHERE exchanges <= 0'),
    };
  }

  usage(scope: RetentionScope): RetentionUsage {
    return ('workspace' in scope ? this.statements.usageOf.get(scope.workspace) : this.statements.orphanUsage.get())!;
  }

  /**
   * The scope's `limit` oldest exchanges, oldest first. The orphans' are merged from each orphan
   * name's oldest: one query over all of them would scan the whole table in id order. The names are
   * few — deleted workspaces and old recordings; requests to unknown workspaces are recorded under
   * one name (recorder/unauthenticated.ts).
   */
  oldest(scope: RetentionScope, limit: number): RetentionCandidate[] {
    if ('workspace' in scope) return this.statements.oldestOf.all(scope.workspace, limit);
    return this.statements.orphanWorkspaces
      .all()
      .flatMap((workspace) => this.statements.oldestOf.all(workspace, limit))
      .sort((a, b) => a.id - b.id)
      .slice(0, limit);
  }

  /**
   * Deletes these exchanges in one short transaction. The resource versions they made stay, without
   * their exchange (ON DELETE SET NULL), as when a session is deleted: a resource's history outlives
   * the traffic that wrote it.
   */
  remove(ids: readonly number[]): number {
    if (ids.length === 0) return 0;
    return this.db.transaction(() => {
      const removed = this.statements.remove.run(JSON.stringify(ids)).changes;
      this.statements.dropEmptyTotals.run();
      return removed;
    })();
  }
}

import type { Database } from 'better-sqlite3';
import type { FaultAction, FaultMatch, FaultRuleInput } from '../../shared/faults';

/** A rule as stored (without the counters, which live in the engine process that serves). */
export interface StoredFaultRule {
  id: number;
  workspaceId: number;
  position: number;
  name: string;
  enabled: boolean;
  match: FaultMatch;
  action: FaultAction;
  createdAt: string;
  updatedAt: string;
}

interface RuleRow {
  id: number;
  workspace_id: number;
  position: number;
  name: string;
  enabled: 0 | 1;
  match: string;
  action: string;
  created: string;
  updated: string;
}

/** The fault_rules table (migration 12): a workspace's rules in order. Callers check rules first (rule-check.ts). */
export class FaultStore {
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      ofWorkspace: db.prepare('SELECT * FROM fault_rules WHERE workspace_id = ? ORDER BY position, id'),
      one: db.prepare('SELECT * FROM fault_rules WHERE workspace_id = ? AND id = ?'),
      nextPosition: db.prepare('SELECT coalesce(max(position), 0) + 1 FROM fault_rules WHERE workspace_id = ?').pluck(),
      insert: db.prepare('INSERT INTO fault_rules (workspace_id, position, name, enabled, match, action, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE fault_rules SET name = ?, enabled = ?, match = ?, action = ?, updated = ? WHERE workspace_id = ? AND id = ?'),
      remove: db.prepare('DELETE FROM fault_rules WHERE workspace_id = ? AND id = ?'),
      removeAll: db.prepare('DELETE FROM fault_rules WHERE workspace_id = ?'),
      setEnabled: db.prepare('UPDATE fault_rules SET enabled = ?, updated = ? WHERE workspace_id = ?'),
      fingerprint: db.prepare("SELECT count(*) || ':' || total(id) || ':' || coalesce(max(updated), '') FROM fault_rules").pluck(),
      enabledCounts: db.prepare(
        'SELECT w.slug AS workspace, count(*) AS enabledRules FROM fault_rules r JOIN workspaces w ON w.id = r.workspace_id WHERE r.enabled = 1 GROUP BY w.slug ORDER BY w.slug',
      ),
    };
  }

  rules(workspaceId: number): StoredFaultRule[] {
    return (this.statements.ofWorkspace.all(workspaceId) as RuleRow[]).map(toRule);
  }

  rule(workspaceId: number, id: number): StoredFaultRule | undefined {
    const row = this.statements.one.get(workspaceId, id) as RuleRow | undefined;
    return row && toRule(row);
  }

  create(workspaceId: number, input: FaultRuleInput): StoredFaultRule {
    const now = new Date().toISOString();
    const position = this.statements.nextPosition.get(workspaceId) as number;
    const id = Number(
      this.statements.insert.run(
        workspaceId,
        position,
        input.name,
        input.enabled === false ? 0 : 1,
        JSON.stringify(input.match ?? {}),
        JSON.stringify(input.action),
        now,
        now,
      ).lastInsertRowid,
    );
    return this.rule(workspaceId, id)!;
  }

  update(workspaceId: number, id: number, input: FaultRuleInput): StoredFaultRule | undefined {
    const changed = this.statements.update.run(
      input.name,
      input.enabled === false ? 0 : 1,
      JSON.stringify(input.match ?? {}),
      JSON.stringify(input.action),
      new Date().toISOString(),
      workspaceId,
      id,
    ).changes;
    return changed ? this.rule(workspaceId, id) : undefined;
  }

  remove(workspaceId: number, id: number): boolean {
    return this.statements.remove.run(workspaceId, id).changes > 0;
  }

  /** All of a workspace's rules replaced by these, in this order, in one transaction: an import stores all or nothing. */
  replaceAll(workspaceId: number, inputs: readonly FaultRuleInput[]): StoredFaultRule[] {
    this.db.transaction(() => {
      this.statements.removeAll.run(workspaceId);
      for (const input of inputs) this.create(workspaceId, input);
    })();
    return this.rules(workspaceId);
  }

  /** Changes whenever any rule is added, changed or removed (by another process, or with its workspace). */
  fingerprint(): string {
    return this.statements.fingerprint.get() as string;
  }

  setEnabled(workspaceId: number, enabled: boolean): void {
    this.statements.setEnabled.run(enabled ? 1 : 0, new Date().toISOString(), workspaceId);
  }

  /** Workspaces with rules switched on (the banner). */
  enabledCounts(): { workspace: string; enabledRules: number }[] {
    return this.statements.enabledCounts.all() as { workspace: string; enabledRules: number }[];
  }
}

function toRule(row: RuleRow): StoredFaultRule {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    position: row.position,
    name: row.name,
    enabled: row.enabled === 1,
    match: JSON.parse(row.match) as FaultMatch,
    action: JSON.parse(row.action) as FaultAction,
    createdAt: row.created,
    updatedAt: row.updated,
  };
}

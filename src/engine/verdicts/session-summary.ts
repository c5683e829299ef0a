import type { Database, Statement } from 'better-sqlite3';
import type { CheckIdp } from '../../shared/conformance';
import { parseJsonOrUndefined } from '../../shared/json-values';
import type { SessionVerdictSummary, VerdictFinding } from '../../shared/verdicts';

const IDPS: readonly CheckIdp[] = ['okta', 'entra', 'onelogin'];

/**
 * A session's verdicts added up: how many answers were judged, how many an IdP would fail on, how
 * many break the RFC, and which rules fired. Reads the verdict table (migration 14) by the session's
 * exchange ids from their index, never the exchanges' bodies; answers judged clean ('[]') are only counted.
 */
export class SessionVerdicts {
  private readonly statements: { counts: Statement; flagged: Statement };

  constructor(db: Database) {
    this.statements = {
      counts: db.prepare(
        `SELECT count(*) AS exchanges, count(v.exchange_id) AS judged
         FROM exchanges e LEFT JOIN exchange_verdicts v ON v.exchange_id = e.id WHERE e.session_id = ?`,
      ),
      flagged: db
        .prepare(
          `SELECT v.findings FROM exchange_verdicts v
           WHERE v.exchange_id IN (SELECT id FROM exchanges WHERE session_id = ?) AND v.findings <> '[]'`,
        )
        .pluck(),
    };
  }

  summary(sessionId: number): SessionVerdictSummary {
    const { exchanges, judged } = this.statements.counts.get(sessionId) as { exchanges: number; judged: number };
    const failing = new Map<CheckIdp, number>(IDPS.map((idp) => [idp, 0]));
    const byRule = new Map<string, SessionVerdictSummary['findings'][number]>();
    let flagged = 0;
    let withErrors = 0;
    let rfcErrors = 0;
    for (const json of this.statements.flagged.all(sessionId) as string[]) {
      const parsed = parseJsonOrUndefined(json);
      const findings = Array.isArray(parsed) ? (parsed as VerdictFinding[]) : [];
      if (findings.some((finding) => finding.severity !== 'info')) flagged += 1;
      const errors = findings.filter((finding) => finding.severity === 'error');
      if (errors.length > 0) withErrors += 1;
      if (errors.some((finding) => !finding.idp)) rfcErrors += 1;
      for (const idp of new Set(errors.flatMap((finding) => (finding.idp ? [finding.idp] : [])))) failing.set(idp, (failing.get(idp) ?? 0) + 1);
      for (const finding of new Map(findings.map((item) => [item.id, item])).values()) {
        const entry = byRule.get(finding.id) ?? { id: finding.id, severity: finding.severity, rule: finding.rule, count: 0 };
        entry.count += 1;
        byRule.set(finding.id, entry);
      }
    }
    return {
      sessionId,
      judged,
      pending: exchanges - judged,
      flagged,
      withErrors,
      rfcErrors,
      idps: IDPS.map((idp) => ({ idp, failing: failing.get(idp)! })),
      findings: [...byRule.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
    };
  }
}

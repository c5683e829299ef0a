import type { CheckIdp } from '../../shared/conformance';
import type { VerdictFinding, VerdictSeverity } from '../../shared/verdicts';
import type { ExchangeFacts } from './exchange-facts';

/**
 * One expectation an answer is held to. `judge` says what this answer did that breaks it (the
 * finding's `seen`), or undefined when the answer keeps it or the rule does not apply. An IdP's
 * rule (`idp` set) is judged only on exchanges that IdP sent (recorder/detect-client.ts).
 */
export interface VerdictRule {
  id: string;
  severity: VerdictSeverity;
  rule: string;
  source: string;
  fix: string;
  idp?: CheckIdp;
  judge(facts: ExchangeFacts): string | undefined;
}

export function findingOf(rule: VerdictRule, seen: string): VerdictFinding {
  return {
    id: rule.id,
    severity: rule.severity,
    rule: rule.rule,
    source: rule.source,
    seen,
    fix: rule.fix,
    ...(rule.idp && { idp: rule.idp }),
  };
}

/** A value as quoted in a finding: JSON, cut short. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

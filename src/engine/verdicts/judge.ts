import type { VerdictFinding } from '../../shared/verdicts';
import { statusRules } from './rules/status';
import { factsOf, type JudgeableExchange } from './exchange-facts';
import { findingOf, type VerdictRule } from './rule';
import { VERDICT_RULES } from './rules';

export type { JudgeableExchange } from './exchange-facts';

/**
 * The verdict on one recorded answer: every rule it breaks, RFC 7643/7644's and those of the IdP
 * that sent the request (only that IdP's: an Okta rule says nothing about Entra's traffic). An
 * exchange that is no SCIM operation (the OAuth token endpoint, /Bulk, an unknown path, a request
 * kept in summary form) gets none. Pure and synchronous: the recorder calls it as it writes, the
 * search indexer for exchanges recorded before verdicts, an import for each entry of its file.
 */
const STATUS_RULE_IDS = new Set(statusRules.map((rule) => rule.id));

export function judgeExchange(exchange: JudgeableExchange, rules: readonly VerdictRule[] = VERDICT_RULES): VerdictFinding[] {
  const facts = factsOf(exchange);
  if (!facts) return [];
  const findings: VerdictFinding[] = [];
  for (const rule of rules) {
    if (rule.idp && rule.idp !== facts.client) continue;
    // A body that was not read would be judged as missing ("no id", "not JSON"): only status rules judge it.
    if (facts.bodyUnread && !STATUS_RULE_IDS.has(rule.id)) continue;
    const seen = rule.judge(facts);
    if (seen !== undefined) findings.push(findingOf(rule, seen));
  }
  return findings;
}

/**
 * Verdicts on recorded answers (issue 23): what the verdict engine (engine/verdicts) found wrong
 * with one SCIM answer, against RFC 7643/7644 and against what the IdP that sent the request
 * expects. Shared by the engine, the admin API, the CLI and the inspector; free of Node and DOM imports.
 */

import type { CheckIdp } from './conformance';
import { IDP_NAMES } from './check-verdicts';

/**
 * `error`: the answer breaks a MUST/SHALL that clients rely on, or the IdP that sent the request
 * fails on it; `warning`: off the RFC, but the IdPs live with it; `info`: worth knowing, nothing wrong.
 */
export type VerdictSeverity = 'error' | 'warning' | 'info';
export const VERDICT_SEVERITIES: readonly VerdictSeverity[] = ['error', 'warning', 'info'];

export interface VerdictFinding {
  /** Stable id of the rule, e.g. `rfc.create-status`, `okta.create-id` (the `verdict:` search term takes it). */
  id: string;
  severity: VerdictSeverity;
  /** The rule in words. */
  rule: string;
  /** Where the rule comes from: an RFC section or the vendor's document. */
  source: string;
  /** What this answer did. */
  seen: string;
  /** What the server should do instead. */
  fix: string;
  /** The IdP whose expectation this is (absent: an RFC rule). */
  idp?: CheckIdp;
}

/** How many findings of each severity an answer got (the traffic list's badge). */
export type VerdictCounts = Record<VerdictSeverity, number>;

export function countVerdicts(findings: readonly VerdictFinding[]): VerdictCounts {
  const counts: VerdictCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/** What `has:verdict` and the badge count: findings of severity error or warning. */
export const flaggedCount = (counts: VerdictCounts): number => counts.error + counts.warning;

/** The badge's accessible name: "2 verdict findings". */
export function verdictBadgeLabel(counts: VerdictCounts): string {
  const count = flaggedCount(counts);
  return `${count} verdict finding${count === 1 ? '' : 's'}`;
}

/** GET /api/sessions/:id/verdicts: a session's answers judged, for the traffic view's summary. */
export interface SessionVerdictSummary {
  sessionId: number;
  /** Exchanges judged (every exchange the verdict engine has seen; SCIM or not). */
  judged: number;
  /** Exchanges not judged yet (recorded before verdicts, waiting for the background pass). */
  pending: number;
  /** Exchanges with at least one error or warning. */
  flagged: number;
  /** Exchanges with at least one error. */
  withErrors: number;
  /** Exchanges with an RFC finding of severity error. */
  rfcErrors: number;
  /** Per IdP: exchanges with an error finding of that IdP (answers that IdP would fail on). */
  idps: { idp: CheckIdp; failing: number }[];
  /** Each rule that fired, with how many exchanges it fired on, most first. */
  findings: { id: string; severity: VerdictSeverity; rule: string; count: number }[];
}

/** "12 answers judged: 3 would fail Okta, 1 RFC error" (or "…: nothing to report"). */
export function verdictSummaryLine(summary: SessionVerdictSummary): string {
  const parts = [
    ...summary.idps.filter((idp) => idp.failing > 0).map((idp) => `${idp.failing} would fail ${IDP_NAMES[idp.idp]}`),
    ...(summary.rfcErrors > 0 ? [`${summary.rfcErrors} RFC error${summary.rfcErrors === 1 ? '' : 's'}`] : []),
  ];
  const warningsOnly = summary.flagged - summary.withErrors;
  if (warningsOnly > 0) parts.push(`${warningsOnly} with warnings only`);
  const judged = `${summary.judged} answer${summary.judged === 1 ? '' : 's'} judged`;
  return `${judged}: ${parts.length > 0 ? parts.join(', ') : 'nothing to report'}${summary.pending > 0 ? ` (${summary.pending} still to judge)` : ''}`;
}

/** Conformance checks (issue 10): types shared by the engine, the admin API, the CLI and the inspector. */

import type { VerdictFinding } from './verdicts';

export type CheckIdp = 'okta' | 'entra' | 'onelogin';
export type CheckScope = 'common' | CheckIdp;

export interface CheckResult {
  id: string;
  scope: CheckScope;
  name: string;
  /** Where the expectation comes from: an RFC section or the IdP's documentation. */
  source: string;
  status: 'pass' | 'fail' | 'skip';
  request?: { method: string; path: string; body?: unknown };
  response?: { status: number; contentType: string; body: string };
  problems: string[];
  /** What a passing check did not test, and why (e.g. a feature the server declares unsupported). */
  notes?: string[];
  /** What the IdP does with a server that fails this (empty when it passes). */
  consequence: string;
  /** The verdict engine's errors and warnings on the evidence's answer (engine/verdicts), the same as its recording would get. */
  verdicts?: VerdictFinding[];
}

/** Whether one IdP would work with the server: it fails at the checks that matter to it. */
export interface IdpVerdict {
  idp: CheckIdp;
  works: boolean;
  failedChecks: { id: string; name: string }[];
}

export interface CheckReport {
  target: string;
  idps: CheckIdp[];
  /** One per chosen IdP, in the order chosen: shown before the results. */
  verdicts: IdpVerdict[];
  startedAt: string;
  durationMs: number;
  passed: number;
  failed: number;
  skipped: number;
  results: CheckResult[];
}

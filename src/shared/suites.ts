/** External conformance suites (Okta's Runscope exports, Postman collections) run from the CLI and the inspector. */
import type { TrafficTarget } from './simulator';

export type SuiteKind = 'runscope' | 'postman';

/** What a Runscope step and a Postman request have in common: enough for a list of results. */
export interface SuiteItemResult {
  index: number;
  name: string;
  method: string;
  url: string;
  status?: number;
  /** every assertion held and the request got through */
  passed: boolean;
  failures: string[];
  assertions: { passed: number; failed: number };
  /** milliseconds the request took */
  timeMs?: number;
}

export interface RunscopeStepResult extends SuiteItemResult {
  /** response_time assertions: counted and shown apart, never folded into `passed` */
  timing: { passed: number; failed: number; failures: string[] };
  /** what the step's scripts logged */
  logs?: string[];
}

export interface RunscopeSummary {
  steps: { passed: number; failed: number };
  assertions: { passed: number; failed: number };
  timing: { passed: number; failed: number };
}

/** One request of a Postman collection as newman ran it; `name` is its folder path and name. */
export type PostmanRequestResult = SuiteItemResult;

export interface PostmanSummary {
  requests: { passed: number; failed: number };
  assertions: { passed: number; failed: number };
}

/** The Runscope part of a report (`check --runscope`, a suite job). */
export interface RunscopeReport {
  file: string;
  summary: RunscopeSummary;
  steps: RunscopeStepResult[];
}

/** The Postman part of a report (`check --postman`, a suite job). */
export interface PostmanReport {
  file: string;
  /** the collection's own name */
  collection: string;
  /** folders left out on request (the Microsoft collection's `Get Token`) */
  skippedFolders: string[];
  /** the run was stopped before its end */
  cancelled?: boolean;
  summary: PostmanSummary;
  requests: PostmanRequestResult[];
}

/** POST /api/suites: a suite file's text, run against a target. */
export interface SuiteRequest {
  /** the file's name, for the report */
  fileName: string;
  /** the file's text (JSON); its kind is read from its shape */
  content: string;
  target: TrafficTarget;
  /** Postman folders to leave out */
  skipFolders?: string[];
}

export interface SuiteJobState {
  id: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  kind: SuiteKind;
  fileName: string;
  /** The SCIM base URL the suite runs against. */
  target: string;
  /** steps or requests run so far, of how many (Postman: those the collection holds, skipped folders left out) */
  done: number;
  total: number;
  /** each step or request as it finishes */
  results: (RunscopeStepResult | PostmanRequestResult)[];
  /** the whole report, once the run has ended */
  report?: SuiteReport;
  error?: string;
  /** folders left out (Postman) */
  skippedFolders: string[];
}

/** A suite job's downloadable report. */
export interface SuiteReport {
  target: string;
  startedAt: string;
  runscope?: RunscopeReport;
  postman?: PostmanReport;
}

/** The largest suite file the inspector uploads (the Microsoft collection is 134 kB). */
export const SUITE_UPLOAD_LIMIT = 4 * 1024 * 1024;

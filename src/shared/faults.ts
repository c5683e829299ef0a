/**
 * The chaos lab's fault rules and breakpoints (issue 22): types shared by the engine (src/engine/faults),
 * its admin API, the CLI's rules files and the inspector's Faults view. Free of Node and DOM imports.
 *
 * Admin API (all under /api, with the admin token):
 *
 * | Route | Body | Answer |
 * | --- | --- | --- |
 * | GET    /faults/presets                          |                        | FaultPreset[] |
 * | GET    /faults/summary                          |                        | FaultsSummary (the banner: which workspaces have rules on) |
 * | GET    /workspaces/:slug/faults                 |                        | FaultRuleList |
 * | POST   /workspaces/:slug/faults                 | FaultRuleInput         | FaultRule (201) |
 * | GET    /workspaces/:slug/faults/:id             |                        | FaultRule |
 * | PUT    /workspaces/:slug/faults/:id             | FaultRuleInput         | FaultRule |
 * | DELETE /workspaces/:slug/faults/:id             |                        | 204 |
 * | POST   /workspaces/:slug/faults/enabled         | { enabled: boolean }   | FaultRuleList (every rule of the workspace switched) |
 * | PUT    /workspaces/:slug/faults                 | FaultRulesFile         | FaultRuleList (replaces all rules: an import) |
 * | GET    /workspaces/:slug/faults/export          |                        | FaultRulesFile |
 * | GET    /held                                    |                        | HeldExchange[] (oldest first; `?workspace=` narrows) |
 * | POST   /held/:id/release                        | HeldRelease            | HeldExchange (as released) |
 * | POST   /held/:id/fail                           | HeldFailure            | HeldExchange (as failed) |
 *
 * A bad rule or file is refused with 400 `{ error, problems: FaultProblem[] }`, nothing stored. An
 * unknown rule or held exchange is 404 `{ error }`; a held exchange already released is 409 `{ error }`.
 *
 * Live feed (GET /api/feed, besides `exchanges`): event `held` (data: HeldExchange) when an exchange is
 * held at a breakpoint; event `released` (data: HeldOutcome) when it goes on (released, edited,
 * failed, auto-released or abandoned by its client); event `faults` (data: FaultsSummary) whenever
 * rules change, so the banner follows; event `counted` (data: FaultsCounted) at most once a second
 * while requests are checked against rules, so an open Faults view follows their counters.
 */

/** What a rule looks at: the method, resource type and client are lists (any of them); every given criterion must hold. */
export type FaultMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const FAULT_METHODS: readonly FaultMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The endpoint family a request is for: `discovery` is ServiceProviderConfig, ResourceTypes and Schemas. */
export type FaultResourceType = 'Users' | 'Groups' | 'Bulk' | 'discovery';
export const FAULT_RESOURCE_TYPES: readonly FaultResourceType[] = ['Users', 'Groups', 'Bulk', 'discovery'];

/** Clients as the recorder detects them (engine/recorder/detect-client.ts); the workbench's own checks and replays count as `other`. */
export type FaultClient = 'okta' | 'entra' | 'onelogin' | 'other';
export const FAULT_CLIENTS: readonly FaultClient[] = ['okta', 'entra', 'onelogin', 'other'];

export interface FaultMatch {
  methods?: FaultMethod[];
  resourceTypes?: FaultResourceType[];
  /**
   * The path after the SCIM base URL, as a glob: `*` is any text within one segment, `**` any text
   * (`/Users/*`, `/Groups/**`); case-insensitive, the query string ignored.
   */
  path?: string;
  /** The `filter` query parameter, decoded: holds `contains` (case-insensitive), or matches `regex` (JavaScript syntax, case-insensitive). */
  filter?: { contains?: string; regex?: string };
  clients?: FaultClient[];
  /** Fire on the nth request that matches the criteria above only (1 = the first). */
  nth?: number;
  /** Fire on every n-th matching request (2 = the 2nd, 4th, …). */
  everyNth?: number;
  /** Fire with this probability (0…1), from a random sequence seeded by `seed` (the same seed, the same choices). */
  probability?: number;
  seed?: number;
  /** Only between these ISO 8601 times (either end open). */
  window?: { from?: string; to?: string };
  /** Fire at most this many times (until the rule is saved again). */
  limit?: number;
}

/** RFC 7644 §3.12 scimType values (Table 9): what a fault may answer, and what the engine's own errors say. */
export const FAULT_SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;
export type FaultScimType = (typeof FAULT_SCIM_TYPES)[number];

/** The SCIM-specific lies told on the engine's real answer. */
export type FaultLie =
  /** A ListResponse's totalResults replaced by `value` (default: the real one + 10). */
  | 'totalResults'
  /** A ListResponse's itemsPerPage replaced by `value` (default: the page size asked for, whatever the page holds). */
  | 'itemsPerPage'
  /** `id` removed from the resource (or from each resource of a list). */
  | 'missingId'
  /** A 201 answered with no body at all. */
  | 'emptyCreatedBody'
  /** Content-Type replaced by `value` (default `text/html`). */
  | 'contentType'
  /** A list page after the first starts `value` resources early (default: half a page), so pages repeat resources; startIndex still says the one asked for. */
  | 'duplicatePages';
export const FAULT_LIES: readonly FaultLie[] = ['totalResults', 'itemsPerPage', 'missingId', 'emptyCreatedBody', 'contentType', 'duplicatePages'];

export type BreakpointStage = 'request' | 'response';

export type FaultAction =
  /** Answer this status with an RFC 7644 error body instead of the engine; 429 and 503 carry Retry-After. */
  | { kind: 'status'; status: number; scimType?: FaultScimType; detail?: string; retryAfterSeconds?: number }
  /** Wait this long, then go on normally. */
  | { kind: 'latency'; ms: number }
  /** Hold the request past the IdP's timeout (default DEFAULT_TIMEOUT_HOLD_MS), then drop the connection without an answer. */
  | { kind: 'timeout'; ms?: number }
  /** Destroy the connection at once: no status, no body. */
  | { kind: 'drop' }
  | { kind: 'lie'; lie: FaultLie; value?: number | string }
  /** Hold the exchange for the inspector; released as-is after `timeoutMs` (default DEFAULT_BREAKPOINT_TIMEOUT_MS). */
  | { kind: 'breakpoint'; stage: BreakpointStage; timeoutMs?: number };
export type FaultActionKind = FaultAction['kind'];
export const FAULT_ACTION_KINDS: readonly FaultActionKind[] = ['status', 'latency', 'timeout', 'drop', 'lie', 'breakpoint'];

/** How long a `timeout` action holds a request: past Okta's, Entra's and OneLogin's request timeouts. */
export const DEFAULT_TIMEOUT_HOLD_MS = 120_000;
/** A breakpoint releases by itself after this long, a little under the 30 s an IdP request is given before it is retried. */
export const DEFAULT_BREAKPOINT_TIMEOUT_MS = 25_000;
/** The longest latency, hold or breakpoint timeout a rule may ask for. */
export const MAX_FAULT_DELAY_MS = 600_000;

/** A rule as written by a user (the admin API's body, an entry of a rules file). */
export interface FaultRuleInput {
  name: string;
  /** Default true. */
  enabled?: boolean;
  match?: FaultMatch;
  action: FaultAction;
}

/** A rule as stored, with what it has done since it was last saved (counted in this engine process). */
export interface FaultRule extends Required<Pick<FaultRuleInput, 'name' | 'enabled' | 'action'>> {
  id: number;
  workspace: string;
  match: FaultMatch;
  createdAt: string;
  updatedAt: string;
  /** Requests that met the criteria, and those the action was applied to. */
  stats: { matched: number; fired: number };
}

export interface FaultRuleList {
  workspace: string;
  rules: FaultRule[];
}

/** A rules file (`faults export`, `serve --faults`): the rules of one workspace, in order (the first matching rule wins). */
export interface FaultRulesFile {
  scimWorkbenchFaults: 1;
  /** The workspace the rules were exported from; `import --workspace` and the admin API's PUT override it. */
  workspace?: string;
  rules: FaultRuleInput[];
}

/** A named rule for a failure seen in the field. */
export interface FaultPreset {
  id: string;
  name: string;
  /** What it reproduces and what to watch for. */
  description: string;
  rule: FaultRuleInput;
}

/** One problem of a refused rule or file: where (`rules[2].action.status`) and what is wrong. */
export interface FaultProblem {
  where: string;
  message: string;
}

/** The live feed's `counted` event: workspaces whose rules' counters (matched, fired) may have moved. */
export interface FaultsCounted {
  workspaces: string[];
}

/** GET /api/faults/summary: enough for the banner. */
export interface FaultsSummary {
  /** Workspaces with at least one enabled rule. */
  workspaces: { workspace: string; enabledRules: number }[];
  /** Exchanges held at breakpoints now. */
  held: number;
}

/** An exchange held at a breakpoint. Secrets (the Authorization header, the workspace's token header, secret body fields) are never in it. */
export interface HeldExchange {
  id: number;
  workspace: string;
  stage: BreakpointStage;
  ruleId: number;
  ruleName: string;
  heldAt: string;
  /** When it is released as-is if nobody decides. */
  releaseAt: string;
  client: FaultClient | 'workbench';
  /** `url` as sent (`/w/demo/scim/v2/Users?…`); `path` the part after the SCIM base URL (`/Users?…`), the form an edit's `path` takes. */
  request: { method: string; url: string; path: string; headers: [string, string][]; body: string | null };
  /** The engine's answer, for a response-stage hold. */
  response?: { status: number; headers: [string, string][]; body: string | null };
}

/** POST /api/held/:id/release — as-is (no edit), or edited. A request edit changes what the engine receives, a response edit what the client receives. */
export interface HeldRelease {
  /** `path`: after the SCIM base URL, query included (`/Users/2819c223`); another method or path is sent to that route. */
  request?: { method?: FaultMethod; path?: string; headers?: Record<string, string>; body?: string | null };
  response?: { status?: number; headers?: Record<string, string>; body?: string | null };
}

/** POST /api/held/:id/fail — answer an RFC 7644 error instead. */
export interface HeldFailure {
  status: number;
  scimType?: FaultScimType;
  detail?: string;
}

export type HeldOutcomeKind = 'released' | 'edited' | 'failed' | 'auto-released' | 'abandoned';
export const HELD_OUTCOME_KINDS: readonly HeldOutcomeKind[] = ['released', 'edited', 'failed', 'auto-released', 'abandoned'];
export interface HeldOutcome {
  id: number;
  outcome: HeldOutcomeKind;
}

/**
 * What the engine did to a recorded exchange (RecordedExchange.injected, ExchangeListItem.injected):
 * the rule, its action and the outcome in words ("429 answered with Retry-After: 5", "held 3.2 s at
 * request, released edited: body").
 */
export interface InjectedFault {
  ruleId: number;
  ruleName: string;
  action: FaultActionKind;
  summary: string;
  /** Breakpoints only. */
  stage?: BreakpointStage;
  outcome?: HeldOutcomeKind;
}

/**
 * Replay keeps faults out: a replayed request (it carries the replay header, see shared/replay.ts) is
 * never faulted, unless it also carries this header, which the replayer sends when asked (`applyFaults`).
 */
export const APPLY_FAULTS_HEADER = 'x-scim-workbench-apply-faults';

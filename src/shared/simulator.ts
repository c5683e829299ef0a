/** The IdP simulator and the conformance check from the inspector (issue 10). */
import type { CheckIdp, CheckReport, CheckResult } from './conformance';
import type { ReplayAuth } from './replay';

export type SimulatorIdp = 'okta' | 'entra' | 'onelogin';

/** Where simulated or checked traffic goes: a workspace of this workbench, or another SCIM server. */
export type TrafficTarget = { kind: 'workspace'; workspace: string } | { kind: 'url'; baseUrl: string; auth: ReplayAuth; confirmed?: boolean };

/** POST /api/simulations */
export interface SimulationRequest {
  idp: SimulatorIdp;
  scenario: string;
  users: number;
  seed?: number;
  /** Pause before each request, for a watchable demo. */
  delayMs?: number;
  target: TrafficTarget;
}

export interface SimulationSummary {
  requests: number;
  failures: { step: string; status: number }[];
  users: { created: number; updated: number; deactivated: number; reactivated: number; deleted: number };
  groups: { created: number; renamed: number; membersAdded: number; membersRemoved: number };
  cancelled: boolean;
  notes: string[];
}

export interface SimulationJobState {
  id: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  requests: number;
  step?: string;
  result?: SimulationSummary;
  error?: string;
  /** The SCIM base URL the traffic went to. */
  target: string;
}

/** POST /api/checks */
export interface CheckRequest {
  idps: CheckIdp[];
  target: TrafficTarget;
}

export interface CheckJobState {
  id: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  done: number;
  total: number;
  results: CheckResult[];
  report?: CheckReport;
  error?: string;
  target: string;
}

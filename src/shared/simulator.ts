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
  /** Model the IdP's retries of 429/5xx/unanswered requests (default true); false: every request is sent once. */
  modelRetries?: boolean;
  target: TrafficTarget;
}

/** How the simulated IdP reacted to failing answers (engine/reaction/modelled-retry-client.ts). */
export interface SimulationReaction {
  /** Retries were modelled (false: modelling was switched off). */
  modelled: boolean;
  /** What the vendor documents and what the model adds. */
  model?: string;
  retries: number;
  /** Operations that still failed after their retries. */
  gaveUp: number;
  /** The modelled IdP stopped sending (Entra's quarantine). */
  quarantined: boolean;
}

export interface SimulationSummary {
  requests: number;
  failures: { step: string; status: number }[];
  users: { created: number; updated: number; deactivated: number; reactivated: number; deleted: number };
  groups: { created: number; renamed: number; membersAdded: number; membersRemoved: number };
  cancelled: boolean;
  notes: string[];
  /** Absent from results recorded before the IdP's reaction was modelled. */
  reaction?: SimulationReaction;
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

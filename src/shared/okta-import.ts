/** Okta's "Import users / groups" as the simulator plays it (issue 18): types shared by the engine, the admin API, the CLI and the inspector. */
import type { TrafficTarget } from './simulator';

/** What was read of one resource type. */
export interface ImportedType {
  /** Resources read (each id once). */
  read: number;
  pages: number;
  /** totalResults as the first page gave it (undefined when no page was read). */
  totalResults?: number;
}

export interface OktaImportSummary {
  users: ImportedType;
  groups: ImportedType;
  requests: number;
  /** Why the import stopped before reading everything (a broken page): the message Okta's import log would show. */
  problem?: string;
  cancelled: boolean;
}

/** POST /api/imports */
export interface OktaImportRequest {
  target: TrafficTarget;
  /** Resources per page; Okta asks for 100. */
  pageSize?: number;
}

export interface OktaImportJobState {
  id: number;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  requests: number;
  step?: string;
  result?: OktaImportSummary;
  error?: string;
  target: string;
}

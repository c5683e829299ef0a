import type { FaultClient, FaultResourceType } from '../../shared/faults';
import { APPLY_FAULTS_HEADER } from '../../shared/faults';
import { REPLAY_OF_HEADER } from '../../shared/replay';
import { REPLAY_SESSION_HEADER } from '../recorder/replay-sessions';
import { detectClient } from '../recorder/detect-client';
import type { RequestFacts } from './compile-rule';

const RESOURCE_TYPES: Record<string, FaultResourceType> = {
  users: 'Users',
  groups: 'Groups',
  bulk: 'Bulk',
  serviceproviderconfig: 'discovery',
  resourcetypes: 'discovery',
  schemas: 'discovery',
};

const SCIM_ROOT = '/scim/v2';

/** The request as fault rules see it (compile-rule.ts). */
export function requestFacts(request: { method: string; url: string; headers: Record<string, unknown>; query: unknown }, now: number): RequestFacts {
  const url = request.url;
  const query = url.indexOf('?');
  const pathOnly = query === -1 ? url : url.slice(0, query);
  const root = pathOnly.toLowerCase().indexOf(SCIM_ROOT);
  const path = (root === -1 ? pathOnly : pathOnly.slice(root + SCIM_ROOT.length)) || '/';
  const segment = path.split('/')[1]?.toLowerCase() ?? '';
  const filter = (request.query as Record<string, unknown> | undefined)?.filter;
  const userAgent = request.headers['user-agent'];
  const client = detectClient({ userAgent: typeof userAgent === 'string' ? userAgent : undefined });
  return {
    method: request.method,
    resourceType: RESOURCE_TYPES[segment] ?? 'other',
    path,
    filter: typeof filter === 'string' ? filter : undefined,
    filterLower: typeof filter === 'string' ? filter.toLowerCase() : undefined,
    // The workbench's own clients (a check, a replay) are "other" to a rule.
    client: client === 'workbench' ? 'other' : (client as FaultClient),
    now,
  };
}

/** A replay (its requests carry the replay header) is kept out of faults unless it asked for them. */
export function isReplayWithoutFaults(headers: Record<string, unknown>): boolean {
  const replayed = headers[REPLAY_OF_HEADER] !== undefined || headers[REPLAY_SESSION_HEADER] !== undefined;
  return replayed && headers[APPLY_FAULTS_HEADER] !== 'true';
}

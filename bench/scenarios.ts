import type { RawRequest } from 'autocannon';
import { URN } from '../src/engine/scim/urns';
import type { SeededDatabase } from './seed';
import { createdUserName, userBody } from './users';

/**
 * A figure the issue sets for a scenario: a throughput in req/s, a fraction of the bare route's, or a
 * fraction of the minimal reference server's (bench/reference-server.ts, which serves the scenarios that have one).
 */
export type Target = { kind: 'rps'; min: number } | { kind: 'ratio'; min: number } | { kind: 'reference'; min: number };

export interface Scenario {
  /** Metric name prefix in the JSON report (`<name>_rps`, `<name>_p99`, `<name>_ratio`). */
  name: string;
  label: string;
  target?: Target;
  /** The request sequence; each call returns the next request (shared by all connections). */
  requests(): () => RawRequest;
  /** What a correct response looks like; checked on a few requests before the load, so a bench of errors is caught. */
  expect: {
    status: number | readonly number[]; // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each scenario reads the fields of its own answers
    body?: (body: any, request: RawRequest) => boolean;
  };
}

const SCIM = '/scim/v2';
const JSON_HEADERS = { 'content-type': 'application/scim+json' };
const PAGE_SIZE = 100;

/**
 * Visits every index of 0..n-1 in a scattered order: consecutive requests hit rows far apart
 * in the file, as an IdP's lookups do, instead of walking the B-tree in order.
 */
export function scattered(n: number): () => number {
  const stride = 7919; // a prime; any stride coprime with n visits each index once per n steps
  const step = n % stride === 0 ? 1 : stride;
  let i = 0;
  return () => (i++ * step) % n;
}

/** The baseline every SCIM scenario is measured beside: plain fastify, small JSON, no work. */
export const bareRoute: Scenario = {
  name: 'bare',
  label: 'bare fastify GET /bare',
  requests: () => () => ({ method: 'GET', path: '/bare' }),
  expect: { status: 200 },
};

/** The requests IdPs make most, against the SCIM server on the seeded database. */
export function scimScenarios(seeded: SeededDatabase, runId: string): Scenario[] {
  const users = seeded.userNames.length;
  return [
    {
      name: 'filter_lookup',
      label: 'GET /Users?filter=userName eq',
      target: { kind: 'reference', min: 0.7 },
      requests: () => {
        const nextIndex = scattered(users);
        return () => {
          const filter = `userName eq "${seeded.userNames[nextIndex()]}"`;
          return { method: 'GET', path: `${SCIM}/Users?filter=${encodeURIComponent(filter)}` };
        };
      },
      expect: {
        status: 200,
        body: (body, request) => body.totalResults === 1 && request.path!.includes(encodeURIComponent(`"${body.Resources[0].userName}"`)),
      },
    },
    {
      name: 'list_page',
      label: 'GET /Users page of 100',
      target: { kind: 'reference', min: 0.8 },
      // Pages across the whole set, as an IdP import walks them (deep startIndex included).
      requests: () => {
        const pages = Math.max(1, Math.ceil(users / PAGE_SIZE));
        let i = 0;
        return () => {
          const startIndex = 1 + (i++ % pages) * PAGE_SIZE;
          return { method: 'GET', path: `${SCIM}/Users?startIndex=${startIndex}&count=${PAGE_SIZE}` };
        };
      },
      expect: { status: 200, body: (body) => body.itemsPerPage === Math.min(PAGE_SIZE, users) },
    },
    {
      name: 'create',
      label: 'POST /Users',
      target: { kind: 'reference', min: 0.7 },
      requests: () => {
        let i = 0;
        return () => {
          const index = i++;
          return { method: 'POST', path: `${SCIM}/Users`, headers: JSON_HEADERS, body: JSON.stringify(userBody(createdUserName(runId, index), index)) };
        };
      },
      expect: { status: 201 },
    },
    {
      name: 'patch_deactivate',
      label: 'PATCH /Users/{id} active=false',
      target: { kind: 'reference', min: 0.7 },
      requests: () => {
        const nextIndex = scattered(users);
        let sent = 0;
        return () => {
          // Okta's deactivation body. After a full pass every user is inactive, so each pass
          // flips the value: every PATCH is a real write, never a no-op.
          const active = Math.floor(sent++ / users) % 2 === 1;
          const body = { schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { active } }] };
          return { method: 'PATCH', path: `${SCIM}/Users/${seeded.ids[nextIndex()]}`, headers: JSON_HEADERS, body: JSON.stringify(body) };
        };
      },
      expect: { status: 200, body: (body) => body.active === false },
    },
    {
      name: 'group_member_add',
      label: `PATCH add 1 member to a ${seeded.bigGroup.memberCount.toLocaleString('en-US')}-member group`,
      // Each request adds a different user who is not a member yet (the second half of the seed),
      // so every one is a real insert, whatever order the connections deliver them in.
      requests: () => {
        const outside = seeded.ids.slice(seeded.bigGroup.memberCount);
        let i = 0;
        return () => membersPatch(seeded.bigGroup.id, { op: 'add', path: 'members', value: [{ value: outside[i++ % outside.length] }] });
      },
      // 200 with the group, or 204 when the server spares a client the member list (RFC 7644 §3.5.2).
      expect: { status: [200, 204] },
    },
    {
      name: 'group_member_remove',
      label: `PATCH remove 1 member from a ${seeded.bigGroup.memberCount.toLocaleString('en-US')}-member group`,
      // Okta's removal shape; each request removes a different seeded member.
      requests: () => {
        let i = 0;
        return () => membersPatch(seeded.bigGroup.id, { op: 'remove', path: `members[value eq "${seeded.ids[i++ % seeded.bigGroup.memberCount]}"]` });
      },
      expect: { status: [200, 204] },
    },
  ];
}

function membersPatch(groupId: string, operation: Record<string, unknown>): RawRequest {
  const body = { schemas: [URN.patchOp], Operations: [operation] };
  return { method: 'PATCH', path: `${SCIM}/Groups/${groupId}`, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

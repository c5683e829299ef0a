import { URN } from '../../src/engine/scim/urns';
import type { NewExchange, RecordingStore } from '../../src/engine/store/recordings';

/**
 * Exchanges for the search tests (integration and e2e), one per thing a search form must find or
 * leave out, recorded straight into the store. Each has its own operation text, which names it in the list.
 */
export interface SearchFixtures {
  /** Fixture name → exchange id. */
  ids: Record<string, number>;
  /** Fixture name → operation text (what the traffic list shows). */
  operations: Record<string, string>;
  liveSession: number;
  demoSession: number;
}

const userAgents = { okta: 'Okta SCIM Client 1.0.0', entra: 'Microsoft.Identity.Provisioning' };
const json = (value: unknown) => JSON.stringify(value);

export function searchExchange(fields: {
  client: 'okta' | 'entra';
  method: string;
  url: string;
  status: number;
  operation: string;
  body?: unknown;
  response?: unknown;
  workspace?: string;
}): Omit<NewExchange, 'sessionId'> {
  return {
    workspace: fields.workspace ?? 'default',
    startedAt: '2026-11-23T05:00:00.000Z',
    durationMs: 2,
    client: fields.client,
    source: 'local',
    operation: fields.operation,
    request: {
      method: fields.method,
      url: fields.url,
      headers: [
        ['user-agent', userAgents[fields.client]],
        ['authorization', 'Bearer [redacted]'],
      ],
      body: fields.body === undefined ? null : json(fields.body),
    },
    response: {
      status: fields.status,
      headers: [['content-type', 'application/scim+json']],
      body: fields.response === undefined ? null : json(fields.response),
    },
    notes: [],
    changes: [],
  };
}

export const notFound = (id: string) => ({ schemas: [URN.error], status: '404', detail: `Resource ${id} not found.` });
const addMember = (display: string) => ({ schemas: [URN.patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u-1', display }] }] });

export function recordSearchFixtures(recordings: RecordingStore): SearchFixtures {
  const ids: Record<string, number> = {};
  const operations: Record<string, string> = {};
  const liveSession = recordings.currentSessionId();
  const record = (name: string, value: Omit<NewExchange, 'sessionId'>, sessionId = liveSession) => {
    ids[name] = recordings.insertExchange({ ...value, sessionId });
    operations[name] = value.operation;
  };

  record(
    'groupJane',
    searchExchange({
      client: 'okta',
      method: 'PATCH',
      url: '/scim/v2/Groups/g-1',
      status: 404,
      operation: 'Okta added jane@acme.com to group Engineering',
      body: addMember('jane@acme.com'),
      response: notFound('g-1'),
    }),
  );
  record('deactivate', {
    ...searchExchange({
      client: 'okta',
      method: 'PATCH',
      url: '/scim/v2/Users/u-1',
      status: 200,
      operation: 'Okta deactivated user jane@acme.com',
      body: { schemas: [URN.patchOp], Operations: [{ op: 'Replace', value: { active: false } }] },
      response: { schemas: [URN.user], id: 'u-1', userName: 'jane@acme.com', displayName: 'Jane Doe', active: false },
    }),
    notes: [{ kind: 'normalised', code: 'capitalisedOp', detail: 'Operation "Replace" read as "replace".' }],
    changes: [
      { resourceType: 'User', resourceId: 'u-1', before: { userName: 'jane@acme.com', active: true }, after: { userName: 'jane@acme.com', active: false } },
    ],
  });
  record(
    'lookup',
    searchExchange({
      client: 'entra',
      method: 'GET',
      url: `/scim/v2/Users?filter=${encodeURIComponent('userName eq "jane"')}`,
      status: 200,
      operation: 'Entra looked up jane',
      response: { schemas: [URN.listResponse], totalResults: 0, Resources: [] },
    }),
  );
  record(
    'entraCreate',
    searchExchange({
      client: 'entra',
      method: 'POST',
      url: '/scim/v2/Users',
      status: 201,
      operation: 'Entra created user john.smith@acme.com',
      body: { userName: 'john.smith@acme.com', displayName: 'John Smith', active: 'False' },
      response: { id: 'u-2', userName: 'john.smith@acme.com', active: 'False' },
    }),
  );
  record(
    'probe',
    searchExchange({
      client: 'okta',
      method: 'GET',
      url: '/scim/v2/Users?startIndex=1&count=1',
      status: 200,
      operation: 'Okta listed users',
      response: { schemas: [URN.listResponse], totalResults: 1, Resources: [] },
    }),
  );
  record(
    'groupBob',
    searchExchange({
      client: 'okta',
      method: 'PATCH',
      url: '/scim/v2/Groups/g-2',
      status: 404,
      operation: 'Okta added bob@acme.com to group Sales',
      body: addMember('bob@acme.com'),
      response: notFound('g-2'),
    }),
  );
  record(
    'entraGroupJane',
    searchExchange({
      client: 'entra',
      method: 'PATCH',
      url: '/scim/v2/Groups/g-3',
      status: 404,
      operation: 'Entra added jane@acme.com to group Ops',
      body: addMember('jane@acme.com'),
      response: notFound('g-3'),
    }),
  );
  record(
    'jose',
    searchExchange({
      client: 'okta',
      method: 'POST',
      url: '/scim/v2/Users',
      status: 201,
      operation: 'Okta created user jose@acme.com',
      body: { userName: 'jose@acme.com', displayName: 'José Núñez' },
      response: { id: 'u-3', userName: 'jose@acme.com' },
    }),
  );
  record(
    'janeByName',
    searchExchange({
      client: 'okta',
      method: 'POST',
      url: '/scim/v2/Users',
      status: 201,
      operation: 'Okta created user jdoe@acme.com',
      body: { userName: 'jdoe@acme.com', name: { givenName: 'Jane', familyName: 'Doe' } },
      response: { id: 'u-4', userName: 'jdoe@acme.com' },
    }),
  );
  // A session of its own in another workspace; live traffic keeps going to the first session.
  const demoSession = recordings.startSession('Demo run', 'imported').id;
  record(
    'demo',
    searchExchange({
      client: 'okta',
      method: 'GET',
      url: '/w/demo/scim/v2/Users/u-9',
      status: 200,
      operation: 'Okta read user demo.user@example.com',
      workspace: 'demo',
      response: { id: 'u-9', userName: 'demo.user@example.com' },
    }),
    demoSession,
  );
  return { ids, operations, liveSession, demoSession };
}

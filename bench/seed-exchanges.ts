import { URN } from '../src/engine/scim/urns';
import type { NewExchange, RecordingStore } from '../src/engine/store/recordings';
import { REDACTED } from '../src/shared/recording';

/** Exchanges written per transaction while seeding. */
const BATCH_SIZE = 5000;

/**
 * An IdP-shaped exchange (Okta: lookup, create with its version, update, read), about 1.5 KB as
 * stored, written straight through the store: seeding 200k of them over HTTP would take minutes.
 */
export function syntheticExchange(index: number, sessionId: number): NewExchange {
  const kind = index % 4;
  const userName = `export.user${Math.floor(index / 4)}@example.com`;
  const id = `00000000-0000-4000-8000-${String(Math.floor(index / 4)).padStart(12, '0')}`;
  const user = {
    schemas: [URN.user],
    id,
    userName,
    name: { givenName: `Given${index}`, familyName: 'Export' },
    active: true,
    emails: [{ value: userName, primary: true, type: 'work' }],
    meta: {
      resourceType: 'User',
      created: '2026-11-23T04:00:00.000Z',
      lastModified: '2026-11-23T04:00:00.000Z',
      version: `W/"${index}"`,
      location: `http://127.0.0.1:8787/scim/v2/Users/${id}`,
    },
  };
  const headers: [string, string][] = [
    ['host', '127.0.0.1:8787'],
    ['authorization', `Bearer ${REDACTED}`],
    ['user-agent', 'Okta SCIM Client 1.0.0'],
    ['accept', 'application/scim+json'],
  ];
  const responseHeaders: [string, string][] = [
    ['content-type', 'application/scim+json; charset=utf-8'],
    ['etag', `W/"${index}"`],
  ];
  const base = {
    sessionId,
    workspace: 'default',
    startedAt: new Date(Date.UTC(2026, 10, 23, 4) + index * 10).toISOString(),
    durationMs: 1 + (index % 7) / 4,
    client: 'okta' as const,
    source: (index % 9 === 0 ? 'tunnel' : 'local') as 'tunnel' | 'local',
    notes: [],
  };
  if (kind === 0) {
    const list = { schemas: [URN.listResponse], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] };
    return {
      ...base,
      operation: `Okta looked up ${userName}`,
      request: { method: 'GET', url: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`, headers, body: null },
      response: { status: 200, headers: responseHeaders, body: JSON.stringify(list) },
      changes: [],
    };
  }
  if (kind === 1) {
    const body = JSON.stringify({ schemas: [URN.user], userName, name: user.name, emails: user.emails, active: true, password: REDACTED });
    return {
      ...base,
      operation: `Okta created user ${userName}`,
      request: { method: 'POST', url: '/scim/v2/Users', headers: [...headers, ['content-type', 'application/scim+json']], body },
      response: { status: 201, headers: [...responseHeaders, ['location', user.meta.location]], body: JSON.stringify(user) },
      changes: [{ resourceType: 'User', resourceId: id, before: null, after: user }],
      notes: [{ kind: 'normalised', code: 'capitalisedOp', detail: 'Operation "Replace" read as "replace".' }],
    };
  }
  if (kind === 2) {
    const after = { ...user, name: { ...user.name, givenName: `Renamed${index}` } };
    const body = JSON.stringify({ schemas: [URN.patchOp], Operations: [{ op: 'replace', value: { 'name.givenName': after.name.givenName } }] });
    return {
      ...base,
      operation: `Okta updated user ${userName}`,
      request: { method: 'PATCH', url: `/scim/v2/Users/${id}`, headers: [...headers, ['content-type', 'application/scim+json']], body },
      response: { status: 200, headers: responseHeaders, body: JSON.stringify(after) },
      changes: [{ resourceType: 'User', resourceId: id, before: user, after }],
    };
  }
  return {
    ...base,
    operation: `Okta read user ${userName}`,
    request: { method: 'GET', url: `/scim/v2/Users/${id}`, headers, body: null },
    response: { status: 200, headers: responseHeaders, body: JSON.stringify(user) },
    changes: [],
  };
}

/** Writes `count` synthetic exchanges into the session; `sessionOf(i)` may spread them over several. */
export function seedExchanges(recordings: RecordingStore, count: number, sessionOf: (index: number) => number, onProgress?: (done: number) => void): void {
  for (let from = 0; from < count; from += BATCH_SIZE) {
    const to = Math.min(count, from + BATCH_SIZE);
    recordings.transaction(() => {
      for (let index = from; index < to; index++) recordings.insertExchange(syntheticExchange(index, sessionOf(index)));
    });
    onProgress?.(to);
  }
}

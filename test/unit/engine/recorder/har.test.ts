import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { REDACTED, type RecordedExchange } from '../../../../src/shared/recording';
import { fromHar, toHar, toHarEntry } from '../../../../src/engine/recorder/har';

// har-schema is the JSON Schema of HAR 1.2 (draft-06, one file per object, referencing each other by $id).
const schemas = createRequire(import.meta.url)('har-schema') as Record<string, object>;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json'));
for (const schema of Object.values(schemas)) ajv.addSchema(schema);
const validateHar = ajv.getSchema('har.json#')!;

const base = (overrides: Partial<RecordedExchange>): RecordedExchange => ({
  id: 1,
  sessionId: 1,
  workspace: 'default',
  startedAt: '2026-11-23T04:00:00.000Z',
  durationMs: 3.25,
  client: 'okta',
  source: 'local',
  operation: 'Okta created user jane@example.com',
  notes: [],
  changes: [],
  request: {
    method: 'POST',
    url: '/scim/v2/Users',
    headers: [
      ['host', '127.0.0.1:8787'],
      ['authorization', `Bearer ${REDACTED}`],
      ['content-type', 'application/scim+json'],
    ],
    body: '{"userName":"jane@example.com"}',
  },
  response: {
    status: 201,
    headers: [
      ['content-type', 'application/scim+json; charset=utf-8'],
      ['location', 'http://127.0.0.1:8787/scim/v2/Users/u1'],
    ],
    body: '{"id":"u1","userName":"jane@example.com"}',
  },
  ...overrides,
});

const exchanges: RecordedExchange[] = [
  base({
    changes: [{ resourceType: 'User', resourceId: 'u1', before: null, after: { userName: 'jane@example.com' } }],
    notes: [{ kind: 'normalised', code: 'capitalisedOp', detail: 'x' }],
  }),
  base({
    id: 2,
    request: { method: 'PATCH', url: '/scim/v2/Groups/g1', headers: [['host', '127.0.0.1:8787']], body: '{"Operations":[]}' },
    response: { status: 204, headers: [], body: null },
  }),
  base({
    id: 3,
    request: { method: 'GET', url: '/scim/v2/Users?filter=userName%20eq%20%22jane%22&count=1', headers: [['host', '127.0.0.1:8787']], body: null },
    response: { status: 200, headers: [], body: '{"totalResults":1}' },
  }),
  base({
    id: 4,
    source: 'tunnel',
    response: { status: 400, headers: [['content-type', 'application/scim+json']], body: '{"status":"400","scimType":"invalidValue"}' },
  }),
];

describe('toHar', () => {
  it('writes HAR 1.2 that validates against the HAR schema, with full URLs and query strings', () => {
    const har = toHar(exchanges, { creatorVersion: '0.1.0', sessionName: 'Okta run' });
    expect(validateHar(har), JSON.stringify(validateHar.errors)).toBe(true);
    // The validator does reject what is not HAR (so the line above can fail).
    expect(validateHar({ log: { version: '1.2', entries: [{}] } })).toBe(false);
    expect(har.log.entries[0]!.request.url).toBe('http://127.0.0.1:8787/scim/v2/Users');
    expect(har.log.entries[2]!.request.queryString).toEqual([
      { name: 'filter', value: 'userName eq "jane"' },
      { name: 'count', value: '1' },
    ]);
    expect(har.log.entries[1]!.response).toMatchObject({ status: 204, statusText: 'No Content', content: { size: 0 } });
    expect(har.log.entries[0]!.response.redirectURL).toBe('http://127.0.0.1:8787/scim/v2/Users/u1');
  });

  it('round-trips through fromHar, workbench fields included', () => {
    const back = fromHar(JSON.parse(JSON.stringify(toHar(exchanges, { creatorVersion: '0.1.0', sessionName: 's' }))));
    expect(back).toEqual(exchanges.map(({ id: _id, sessionId: _session, ...rest }) => rest));
  });
});

describe('fromHar', () => {
  it('reads a HAR saved elsewhere, with defaults, and redacts its secrets', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Chrome', version: '130' },
        entries: [
          {
            startedDateTime: '2026-11-23T05:00:00.000+01:00',
            time: 12,
            request: {
              method: 'post',
              url: 'https://app.example.com/scim/v2/Users?access_token=abc',
              headers: [
                { name: 'Authorization', value: 'Basic dXNlcjpwYXNz' },
                { name: 'Cookie', value: 'sid=1' },
                { name: 'X-Api-Key', value: 'k' },
              ],
              postData: { mimeType: 'application/json', text: '{"userName":"a","password":"hunter2","name":{"givenName":"A"}}' },
            },
            response: { status: 201, headers: [{ name: 'Set-Cookie', value: 'sid=2' }], content: { size: 2, mimeType: 'application/json', text: '{}' } },
          },
        ],
      },
    };
    const [exchange] = fromHar(har);
    expect(exchange).toMatchObject({
      workspace: 'default',
      client: 'other',
      source: 'local',
      operation: 'POST /scim/v2/Users',
      startedAt: '2026-11-23T04:00:00.000Z',
      durationMs: 12,
    });
    expect(exchange!.request.method).toBe('POST');
    expect(exchange!.request.url).toBe(`/scim/v2/Users?access_token=${encodeURIComponent(REDACTED)}`);
    expect(exchange!.request.headers).toEqual([
      ['authorization', `Basic ${REDACTED}`],
      ['cookie', REDACTED],
      ['x-api-key', REDACTED],
    ]);
    expect(JSON.parse(exchange!.request.body!)).toEqual({ userName: 'a', password: REDACTED, name: { givenName: 'A' } });
    expect(exchange!.response.headers).toEqual([['set-cookie', REDACTED]]);
  });

  it.each([
    [null, 'The HAR file must be a JSON object'],
    ['x', 'The HAR file must be a JSON object'],
    [{}, 'The HAR file has no "log".'],
    [{ log: {} }, 'log.entries is missing.'],
    [{ log: { entries: {} } }, 'log.entries must be a list.'],
    [
      { log: { entries: [{ startedDateTime: '2026-01-01T00:00:00Z', request: { url: '/x' }, response: { status: 200 } }] } },
      'log.entries[0].request.method is missing',
    ],
    [
      { log: { entries: [{ startedDateTime: '2026-01-01T00:00:00Z', request: { method: 'GET', url: '/x' }, response: { status: 'ok' } }] } },
      'log.entries[0].response.status must be an HTTP status number',
    ],
    [
      { log: { entries: [{ startedDateTime: 'yesterday', request: { method: 'GET', url: '/x' }, response: { status: 200 } }] } },
      'log.entries[0].startedDateTime must be an ISO 8601 time',
    ],
    [
      { log: { entries: [{ startedDateTime: '2026-01-01T00:00:00Z', request: { method: 'GET', url: '/x', headers: 'h' }, response: { status: 200 } }] } },
      'log.entries[0].request.headers must be a list',
    ],
  ])('refuses %j with a message naming the problem', (input, message) => {
    expect(() => fromHar(input)).toThrow(message);
  });
});

describe('toHarEntry URLs', () => {
  const withHost = (host: string, url = '/scim/v2/Users?count=1') =>
    toHarEntry(base({ request: { method: 'GET', url, headers: [['host', host]], body: null } })).request.url;

  it('takes the origin from a Host that is a host name, with or without a port', () => {
    expect(withHost('idp.example.com')).toBe('http://idp.example.com/scim/v2/Users?count=1');
    expect(withHost('[::1]:8787')).toBe('http://[::1]:8787/scim/v2/Users?count=1');
  });

  it('names an invalid host for a Host that is none, instead of failing', () => {
    for (const host of ['a b', '', 'evil.example/path', 'user@host', 'a:b:c', '%', 'host?x']) {
      expect(withHost(host), host).toBe('http://invalid-host.invalid/scim/v2/Users?count=1');
    }
  });

  it('keeps a request target that looks like another origin as a path of this one', () => {
    expect(withHost('127.0.0.1:8787', '//evil.example/x')).toBe('http://127.0.0.1:8787//evil.example/x');
    expect(withHost('a b', '*')).toBe('http://invalid-host.invalid/*');
  });
});

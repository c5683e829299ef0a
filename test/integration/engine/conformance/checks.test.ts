import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckIdp } from '../../../../src/shared/conformance';
import { CHECKS } from '../../../../src/engine/conformance/checks';
import { checkReportToMarkdown, runChecks } from '../../../../src/engine/conformance/run-checks';
import { startBrokenScimServer } from '../../../support/broken-scim-server';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The conformance check against the workbench itself (passes everything) and a deliberately broken server (fails exactly its faults). */
const ALL: CheckIdp[] = ['okta', 'entra', 'onelogin'];

// The large-group checks build their group of 6 members (three PATCHes of 2) instead of a real
// run's 300: 300 users created and deleted per run were most of this file's time.
const LARGE_GROUP_SIZE = 6;

describe('against the workbench', () => {
  let server: ScimTestServer;
  beforeAll(async () => {
    server = await startScimServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('passes every check of every IdP, and leaves nothing behind', async () => {
    const report = await runChecks({ baseUrl: server.baseUrl, auth: { kind: 'bearer', token: server.token }, idps: ALL, largeGroupSize: LARGE_GROUP_SIZE });
    expect(report.results.filter((result) => result.status !== 'pass')).toEqual([]);
    expect(report).toMatchObject({ passed: CHECKS.filter((check) => !check.appliesTo || check.appliesTo.includes('bearer')).length, failed: 0, skipped: 0 });
    expect((await server.request('GET', '/Users')).body.totalResults).toBe(0);
    expect((await server.request('GET', '/Groups')).body.totalResults).toBe(0);
  });

  it("runs only the common checks and the chosen IdP's", async () => {
    const report = await runChecks({
      baseUrl: server.baseUrl,
      auth: { kind: 'bearer', token: server.token },
      idps: ['entra'],
      largeGroupSize: LARGE_GROUP_SIZE,
    });
    expect(new Set(report.results.map((result) => result.scope))).toEqual(new Set(['common', 'entra']));
  });

  it('still removes what it created when cancelled mid-way', async () => {
    const controller = new AbortController();
    const report = await runChecks({
      baseUrl: server.baseUrl,
      auth: { kind: 'bearer', token: server.token },
      idps: ALL,
      signal: controller.signal,
      onResult: (result) => {
        if (result.id === 'groups.create') controller.abort();
      },
    });
    expect(report.results.at(-1)!.id).toBe('groups.create');
    expect((await server.request('GET', '/Users')).body.totalResults).toBe(0);
    expect((await server.request('GET', '/Groups')).body.totalResults).toBe(0);
  });

  it('fails the checks a wrong token breaks, and skips those that depend on them', async () => {
    const report = await runChecks({ baseUrl: server.baseUrl, auth: { kind: 'bearer', token: 'wrong' }, idps: ['okta'] });
    const byId = Object.fromEntries(report.results.map((result) => [result.id, result]));
    expect(byId['users.create']!.status).toBe('fail');
    expect(byId['users.create']!.problems).toEqual(
      expect.arrayContaining([expect.stringContaining('the status is 401, expected 201'), 'The answer has no id.']),
    );
    expect(byId['okta.put-update']!.status).toBe('skip');
    expect(byId['auth.token-required']!.status).toBe('pass');
    expect(byId['okta.test-connection']!.consequence).toContain('Okta refuses to save the integration');
  });
});

/** What the broken server's two planted faults (200 to creates, application/json) fail. */
const TWO_FAULTS = [
  'discovery.resource-types',
  'discovery.service-provider-config',
  'errors.not-found',
  'errors.put-unknown-id',
  'errors.patch-unknown-id',
  'errors.delete-unknown-id',
  'groups.create',
  'okta.test-connection',
  'onelogin.delete-user',
  'users.create',
  'users.filter-userName',
  'users.get',
];

/**
 * What the broken server fails because it is tiny, not because of its two faults: its filters
 * are `attr eq "value"` only (though it declares filter support), it has no projection, no
 * validation, a /Schemas without attributes and /ResourceTypes without schemas, and it reads
 * startIndex=0 as an offset of -1. Honest failures of the protocol checks.
 */
const LACKING = [
  'discovery.resource-type-schemas',
  'discovery.user-attributes-defined',
  'errors.malformed-json',
  'errors.missing-required',
  'errors.wrong-schema',
  'errors.patch-unknown-op',
  'errors.patch-readonly-id',
  ...[
    'ne',
    'co',
    'sw',
    'ew',
    'pr',
    'gt',
    'ge',
    'lt',
    'le',
    'and',
    'or',
    'not',
    'precedence',
    'case-insensitive',
    'boolean',
    'datetime',
    'value-path',
    'sub-attribute',
    'unknown-attribute',
    'bad-syntax',
  ].map((name) => `filter.${name}`),
  'paging.start-index-zero',
  ...['attributes', 'excluded-attributes', 'password-never-returned', 'sub-attribute', 'list'].map((name) => `projection.${name}`),
  // Its PUT keeps the client's meta, its group GET ignores excludedAttributes, it echoes passwords,
  // and its PATCH knows no value paths, extension paths or path-less adds.
  'put.readonly-ignored',
  'large-groups.excluded-members',
  'okta.password-change',
  ...['add-with-path', 'replace-value-paths', 'enterprise-urn-paths', 'unqualified-extension-paths', 'flag-add-pathless', 'flag-replace-path-keys'].map(
    (name) => `entra.${name}`,
  ),
];

describe('against a server answering 200 to creates and application/json', () => {
  let broken: { baseUrl: string; close: () => Promise<void> };
  beforeAll(async () => {
    broken = await startBrokenScimServer('broken-token');
  });
  afterAll(async () => {
    await broken.close();
  });

  it('reports exactly the failures those two faults cause, and those of the protocol features it lacks', async () => {
    const report = await runChecks({ baseUrl: broken.baseUrl, auth: { kind: 'bearer', token: 'broken-token' }, idps: ALL });
    const failed = report.results.filter((result) => result.status === 'fail');
    expect(failed.map((result) => result.id).sort()).toEqual([...TWO_FAULTS, ...LACKING].sort());
    for (const result of failed.filter((item) => TWO_FAULTS.includes(item.id))) {
      for (const problem of result.problems)
        expect(problem).toMatch(/Content-Type is "application\/json.*", expected application\/scim\+json|is 200, expected 201/);
    }
    // Its ServiceProviderConfig declares neither etag nor bulk: those checks skip, and say why.
    const skipped = report.results.filter((result) => result.status === 'skip');
    expect(skipped.map((result) => result.id).sort()).toEqual(
      [...CHECKS.filter((check) => check.id.startsWith('etag.')).map((check) => check.id), 'bulk.fail-on-errors', 'bulk.max-operations'].sort(),
    );
    for (const result of skipped)
      expect(result.problems).toEqual([expect.stringMatching(/^Skipped: ServiceProviderConfig declares (etag|bulk) unsupported\.$/)]);
    expect(report.results.find((result) => result.id === 'sort.ascending')).toMatchObject({
      status: 'pass',
      notes: [expect.stringContaining('declares sort unsupported')],
    });
    const markdown = checkReportToMarkdown(report);
    expect(markdown).toContain(`**${report.passed} passed, ${failed.length} failed, ${skipped.length} skipped**`);
    expect(markdown).toContain('✗ POST /Users creates a user: 201, with its id');
  });
});

describe('against a server that takes an API key header', () => {
  it('sends no credential at all for the "token required" check', async () => {
    const app = Fastify();
    app.get('/scim/v2/Users', async (request, reply) =>
      request.headers['x-api-key'] === 'k'
        ? { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] }
        : reply.code(401).send({ detail: 'no key' }),
    );
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const report = await runChecks({
        baseUrl: `${address.replace('localhost', '127.0.0.1')}/scim/v2`,
        auth: { kind: 'header', name: 'X-Api-Key', value: 'k' },
        idps: [],
      });
      expect(report.results.find((result) => result.id === 'auth.token-required')!.status).toBe('pass');
    } finally {
      await app.close();
    }
  });
});

describe('against a server that answers every request with a web page', () => {
  it('passes no check: those that need what ServiceProviderConfig declares, or a resource type, skip or fail', async () => {
    const html = Fastify();
    html.all('*', async (_request, reply) => reply.type('text/html').send('<html>hello</html>'));
    await html.listen({ host: '127.0.0.1', port: 0 });
    try {
      const report = await runChecks({
        baseUrl: `http://127.0.0.1:${(html.server.address() as { port: number }).port}/scim/v2`,
        auth: { kind: 'bearer', token: 'x' },
        idps: ['okta', 'entra', 'onelogin'],
      });
      const passed = report.results.filter((result) => result.status === 'pass').map((result) => result.id);
      expect(passed).toEqual([]);
      expect(report.results.find((result) => result.id === 'etag.version-changes')).toMatchObject({
        status: 'skip',
        problems: [expect.stringContaining('GET /ServiceProviderConfig did not answer a JSON object')],
      });
    } finally {
      await html.close();
    }
  });
});

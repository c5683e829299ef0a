import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPATIBILITY_MODES } from '../../../../src/engine/compat/modes';
import { CHECKS } from '../../../../src/engine/conformance/checks';
import { checkReportToMarkdown, runChecks } from '../../../../src/engine/conformance/run-checks';
import { jsonOf, queryOf, resourcePath, startFaultProxy, withJson } from '../../../support/fault-proxy';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * The protocol checks (filter, paging, sort, projection, etag, errors, bulk, discovery) are
 * common to every IdP: the workbench passes them whatever compatibility mode a workspace is in,
 * and a server that declares a feature unsupported gets skips and notes, not failures.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

// The large-group checks build their group of 6 members (three PATCHes of 2) instead of a real
// run's 300: 300 users created and deleted per run were most of this file's time.
const LARGE_GROUP_SIZE = 6;

// The common checks a bearer run for no IdP includes: PUT checks declare the IdPs that send PUT, and
// auth checks the kinds of credentials they are about.
const COMMON = CHECKS.filter((check) => check.scope === 'common' && !check.idps && (!check.appliesTo || check.appliesTo.includes('bearer')));

describe.each([...COMPATIBILITY_MODES])('a workspace in %s mode', (mode) => {
  it('passes every common check and is left empty', async () => {
    const slug = `protocol-${mode}`;
    const { token } = server.app.workbench.workspaces.create(slug);
    server.app.workbench.workspaces.configure(slug, { compatibility: mode });
    const report = await runChecks({
      baseUrl: `${server.origin}/w/${slug}/scim/v2`,
      auth: { kind: 'bearer', token },
      idps: [],
      largeGroupSize: LARGE_GROUP_SIZE,
    });
    expect(report.results.filter((result) => result.status !== 'pass').map((result) => `${result.id}: ${result.problems.join(' ')}`)).toEqual([]);
    expect(report.passed).toBe(COMMON.length);
    for (const type of ['Users', 'Groups']) {
      const left = await server.request('GET', `${server.origin}/w/${slug}/scim/v2/${type}`, undefined, { authorization: `Bearer ${token}` });
      expect(left.body.totalResults, type).toBe(0);
    }
  });
});

it('covers each protocol family with several checks, each with a source and a consequence', () => {
  for (const family of ['filter', 'paging', 'sort', 'projection', 'etag', 'bulk', 'errors', 'discovery']) {
    expect(COMMON.filter((check) => check.id.startsWith(`${family}.`)).length, family).toBeGreaterThanOrEqual(3);
  }
  for (const check of COMMON) {
    expect(check.source, check.id).toMatch(/RFC \d{4}|Okta|Microsoft|OneLogin/);
    expect(check.consequence.length, check.id).toBeGreaterThan(20);
  }
});

describe('a server that declares sort, etag and bulk unsupported', () => {
  it('skips the etag and bulk checks with the reason, and notes what the sort checks did not check', async () => {
    const slug = 'protocol-undeclared';
    const { token } = server.app.workbench.workspaces.create(slug);
    const proxy = await startFaultProxy(server.origin, {
      description: 'declares sort, etag and bulk unsupported; /Bulk answers 501',
      family: 'discovery',
      breaks: [],
      request: (request) =>
        resourcePath(request) === '/Bulk'
          ? {
              status: 501,
              headers: { 'content-type': 'application/scim+json' },
              body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '501', detail: 'Bulk is not supported.' }),
            }
          : request,
      response: (request, response) =>
        resourcePath(request) === '/ServiceProviderConfig'
          ? withJson(response, {
              ...jsonOf(response),
              sort: { supported: false },
              etag: { supported: false },
              bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
            })
          : response,
    });
    try {
      const report = await runChecks({
        baseUrl: `${proxy.origin}/w/${slug}/scim/v2`,
        auth: { kind: 'bearer', token },
        idps: [],
        largeGroupSize: LARGE_GROUP_SIZE,
      });
      const byId = Object.fromEntries(report.results.map((result) => [result.id, result]));
      expect(report.failed).toBe(0);
      for (const id of COMMON.map((check) => check.id).filter((id) => id.startsWith('etag.'))) {
        expect(byId[id], id).toMatchObject({ status: 'skip', problems: ['Skipped: ServiceProviderConfig declares etag unsupported.'] });
      }
      expect(byId['bulk.max-operations']).toMatchObject({ status: 'skip', problems: ['Skipped: ServiceProviderConfig declares bulk unsupported.'] });
      expect(byId['bulk.bulkid-references']).toMatchObject({
        status: 'pass',
        notes: ['ServiceProviderConfig declares bulk unsupported; /Bulk answered 501.'],
        response: { status: 501 },
      });
      expect(byId['sort.descending']).toMatchObject({
        status: 'pass',
        notes: [expect.stringMatching(/declares sort unsupported: the order was not checked \(the server answered 200\)/)],
      });
      expect(byId['discovery.feature-claims']).toMatchObject({ status: 'pass', notes: ['Not declared, so not checked: sort, etag, bulk.'] });
      const markdown = checkReportToMarkdown(report);
      expect(markdown).toContain('- Note: Not declared, so not checked: sort, etag, bulk.');
      expect(markdown).toContain('- Skipped: ServiceProviderConfig declares etag unsupported.');
    } finally {
      await proxy.close();
    }
  });
});

it('reports as evidence the request whose answer showed the problem, not a later one of the same check', async () => {
  const slug = 'protocol-evidence';
  const { token } = server.app.workbench.workspaces.create(slug);
  // sw read as eq: filter.sw's first request (a prefix) finds nothing, its second (no match expected) passes.
  const proxy = await startFaultProxy(server.origin, {
    description: 'sw is evaluated as eq',
    family: 'filter',
    breaks: ['filter.sw'],
    request: (request) => {
      const query = queryOf(request);
      const filter = query.get('filter');
      if (!filter?.includes(' sw ')) return request;
      query.set('filter', filter.replace(' sw ', ' eq '));
      return { ...request, url: `${request.url.split('?')[0]}?${query}` };
    },
  });
  try {
    const report = await runChecks({
      baseUrl: `${proxy.origin}/w/${slug}/scim/v2`,
      auth: { kind: 'bearer', token },
      idps: [],
      largeGroupSize: LARGE_GROUP_SIZE,
    });
    const result = report.results.find((item) => item.id === 'filter.sw')!;
    expect(result.status).toBe('fail');
    expect(result.problems).toEqual([expect.stringMatching(/^filter=userName sw "a@sw-[0-9a-f]+" found none; expected a\.$/)]);
    expect(decodeURIComponent(result.request!.path)).toMatch(/userName sw "a@sw-[0-9a-f]+"$/);
  } finally {
    await proxy.close();
  }
});

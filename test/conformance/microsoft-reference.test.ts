import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planPostman, runPostman } from '../../src/engine/conformance/postman';
import type { PostmanReport } from '../../src/shared/suites';
import { conformanceSuite } from '../support/conformance-suites';
import { startScimServer, type ScimTestServer } from '../support/scim-server';

/**
 * Microsoft's SCIM reference Postman collection (third-party data in ../shared/conformance), run as
 * sent by the engine's Postman runner — the one `scim-workbench check --postman` and the inspector's
 * suite jobs use, newman underneath — against a fresh workbench whose default workspace is in the
 * `entra-lenient` mode with that mode's defaults. Only the `Get Token` folder is left out: it calls
 * the reference server's own /Token endpoint, which a SCIM server does not have. Each request of
 * the collection is one check here, passing when it got a response and every `pm.test` the
 * collection attaches to it passed.
 */
const suite = conformanceSuite('microsoft-scim-reference.postman_collection.json', 'Microsoft SCIM reference collection');
const SKIPPED = ['Get Token'];

interface CollectionItem {
  name: string;
  item?: CollectionItem[];
  event?: { listen: string; script?: { exec?: string[] } }[];
}
const collection = suite.present ? (planPostman(suite.document, SKIPPED).collection as { item: CollectionItem[] }) : undefined;

/** The requests in the order newman runs them, named by folder. */
function requestsOf(items: CollectionItem[], folder: string[] = []): string[] {
  return items.flatMap((item) => (item.item ? requestsOf(item.item, [...folder, item.name]) : [[...folder, item.name].join(' / ')]));
}
const names = collection ? requestsOf(collection.item) : [];

/** The `pm.test` calls in the requests' test scripts: each is one assertion the runner must report as passed. */
function assertionsDeclared(items: CollectionItem[]): number {
  return items.reduce((sum, item) => {
    const scripts = (item.event ?? []).filter((event) => event.listen === 'test').map((event) => (event.script?.exec ?? []).join('\n'));
    return sum + (item.item ? assertionsDeclared(item.item) : scripts.join('\n').split('pm.test(').length - 1);
  }, 0);
}
const declaredAssertions = collection ? assertionsDeclared(collection.item) : 0;

describe.skipIf(!suite.present)(`Microsoft SCIM reference collection from ../shared/conformance${suite.present ? '' : ' (absent)'}`, () => {
  let server: ScimTestServer;
  let report: PostmanReport;

  beforeAll(async () => {
    server = await startScimServer();
    // The mode's defaults only: the collection sends the literal "${__UUID}" (a variable syntax
    // Postman never substitutes) as every user's externalId, so the mode's own `reprovision`
    // default must keep its different users apart.
    server.app.workbench.workspaces.configure('default', { compatibility: 'entra-lenient' });
    report = await runPostman(suite.document, { target: { baseUrl: server.baseUrl, token: server.token }, file: suite.file, skipFolders: SKIPPED });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it(`passes every one of the collection's ${declaredAssertions} assertions (pm.test calls) in its ${names.length} requests, Get Token left out`, () => {
    const failed = report.requests.flatMap((request) => request.failures.map((failure) => `${request.name}: ${failure}`));
    expect(failed).toEqual([]);
    expect(declaredAssertions).toBeGreaterThan(100);
    expect(report.skippedFolders).toEqual(SKIPPED);
    expect(report.requests).toHaveLength(names.length);
    expect(report.summary).toEqual({ requests: { passed: names.length, failed: 0 }, assertions: { passed: declaredAssertions, failed: 0 } });
  });

  names.forEach((name, index) => {
    it(`${index + 1}. ${name}`, () => {
      const request = report.requests[index];
      expect(request?.name, 'the runner ran the requests in the collection order').toBe(name);
      expect(request!.failures, `${request!.method} ${request!.url} → ${request!.status}`).toEqual([]);
      expect(request!.status, 'the request got a response').toBeTypeOf('number');
    });
  });

  // Some requests of the collection carry no pm.test at all, so newman passes them on any answer.
  // The suite itself stays as published; this test of ours adds that none of them broke the server.
  it('never made the workbench answer with a server error (5xx), also on the requests without a pm.test', () => {
    const untested = report.requests.filter((request) => request.assertions.passed + request.assertions.failed === 0);
    expect(untested.length, 'the collection has requests without assertions').toBeGreaterThan(0);
    expect(report.requests.filter((request) => (request.status ?? 0) >= 500).map((request) => `${request.name} → ${request.status}`)).toEqual([]);
  });
});

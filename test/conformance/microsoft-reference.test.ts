import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import newman, { type NewmanExecution } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimServer, type ScimTestServer } from '../support/scim-server';

/**
 * Microsoft's SCIM reference Postman collection (third-party data in ../shared/conformance),
 * run with newman against a fresh workbench whose default workspace is in the `entra-lenient`
 * mode. Each request of the collection is one check here, passing when newman got a response and
 * every `pm.test` the collection attaches to that request passed. The `Get Token` folder is left
 * out: it calls the reference server's own /Token endpoint, which a SCIM server does not have.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// SCIM_CONFORMANCE_DIR points elsewhere (a git worktree, whose ../shared is not the checkout's).
const conformanceDir = process.env.SCIM_CONFORMANCE_DIR ?? resolve(repoRoot, '..', 'shared', 'conformance');
const file = resolve(conformanceDir, 'microsoft-scim-reference.postman_collection.json');
const present = existsSync(file);
if (!present) console.log('Microsoft SCIM reference collection skipped: ../shared/conformance absent');

// Without the file there are no requests to name; one skipped check keeps the absence visible in the report.
if (!present) it.skip('Microsoft SCIM reference collection (skipped: ../shared/conformance absent)', () => {});

interface CollectionItem { name: string; item?: CollectionItem[]; event?: { listen: string; script?: { exec?: string[] } }[] }
const collection: { item: CollectionItem[] } | undefined = present ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
if (collection) collection.item = collection.item.filter((folder) => folder.name !== 'Get Token');

/** The requests in the order newman runs them, named by folder. */
function requestsOf(items: CollectionItem[], folder: string[] = []): string[] {
  return items.flatMap((item) => (item.item ? requestsOf(item.item, [...folder, item.name]) : [[...folder, item.name].join(' / ')]));
}
const names = collection ? requestsOf(collection.item) : [];

/** The `pm.test` calls in the requests' test scripts: each is one assertion newman must report as passed. */
function assertionsDeclared(items: CollectionItem[]): number {
  return items.reduce((sum, item) => {
    const scripts = (item.event ?? []).filter((event) => event.listen === 'test').map((event) => (event.script?.exec ?? []).join('\n'));
    return sum + (item.item ? assertionsDeclared(item.item) : scripts.join('\n').split('pm.test(').length - 1);
  }, 0);
}
const declaredAssertions = collection ? assertionsDeclared(collection.item) : 0;

describe.skipIf(!present)(`Microsoft SCIM reference collection from ../shared/conformance${present ? '' : ' (skipped)'}`, () => {
  let server: ScimTestServer;
  let executions: NewmanExecution[] = [];
  let assertionStats: { total: number; failed: number } | undefined;

  beforeAll(async () => {
    server = await startScimServer();
    // The mode's defaults only: the collection sends the literal "${__UUID}" (a variable syntax
    // Postman never substitutes) as every user's externalId, so the mode's own `reprovision`
    // default must keep its different users apart.
    server.app.workbench.workspaces.configure('default', { compatibility: 'entra-lenient' });
    const port = new URL(server.origin).port;
    const values = { Protocol: 'http', Server: '127.0.0.1', Port: `:${port}`, Api: 'scim/v2', token: server.token };
    executions = await new Promise((done, fail) => {
      newman.run(
        {
          collection: collection!,
          environment: { values: Object.entries(values).map(([key, value]) => ({ key, value, enabled: true })) },
          reporters: [],
          timeoutRequest: 10_000,
        },
        (error, summary) => {
          if (error) return fail(error);
          assertionStats = summary.run.stats.assertions;
          done(summary.run.executions);
        },
      );
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it(`passes every one of the collection's ${declaredAssertions} assertions (pm.test calls), as newman counts them`, () => {
    const assertions = executions.flatMap((execution) => execution.assertions ?? []);
    const failed = assertions.filter((assertion) => assertion.error).map((assertion) => `${assertion.assertion}: ${assertion.error!.message}`);
    expect(failed).toEqual([]);
    expect(declaredAssertions).toBeGreaterThan(100);
    expect(assertions).toHaveLength(declaredAssertions);
    expect(assertionStats).toMatchObject({ total: declaredAssertions, failed: 0 });
  });

  names.forEach((name, index) => {
    it(`${index + 1}. ${name}`, () => {
      const execution = executions[index];
      expect(execution?.item.name, 'newman ran the requests in the collection order').toBe(name.split(' / ').at(-1));
      const run = execution!;
      expect(run.requestError?.message, 'the request got a response').toBeUndefined();
      const failed = (run.assertions ?? []).filter((assertion) => assertion.error).map((assertion) => `${assertion.assertion}: ${assertion.error!.message}`);
      const body = run.response?.stream?.toString('utf8') ?? '';
      expect(failed, `${run.request.method} ${run.request.url.toString()} → ${run.response?.code} ${body.slice(0, 600)}`).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { jsonOf, resourcePath, startFaultProxy, type ForwardedRequest } from '../../../support/fault-proxy';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The large-group checks build a group of the size asked for, in several PATCHes, and read it whole. */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

it('adds 120 members in three PATCHes of 40, reads all 120 back, and leaves nothing behind', async () => {
  const workspace = server.app.workbench.workspaces.create('large-group');
  const seen: ForwardedRequest[] = [];
  // Changes nothing: it records what the checks send.
  const proxy = await startFaultProxy(server.origin, {
    description: 'none',
    family: 'large-groups',
    breaks: [],
    request: (request) => (seen.push(request), request),
  });
  try {
    const report = await runChecks({
      baseUrl: `${proxy.origin}/w/large-group/scim/v2`,
      auth: { kind: 'bearer', token: workspace.token },
      idps: ['okta'],
      largeGroupSize: 120,
    });
    const large = report.results.filter((result) => result.id.startsWith('large-groups.'));
    expect(large.map((result) => [result.id, result.status])).toEqual([
      ['large-groups.add-in-batches', 'pass'],
      ['large-groups.excluded-members', 'pass'],
      ['large-groups.full-read', 'pass'],
      ['large-groups.remove-one', 'pass'],
    ]);
    const batches = seen.filter(
      (request) =>
        request.method === 'PATCH' &&
        jsonOf(request)?.Operations?.[0]?.op === 'add' &&
        jsonOf(request)?.Operations?.[0]?.path === 'members' &&
        (jsonOf(request)?.Operations?.[0]?.value?.length ?? 0) === 40,
    );
    expect(batches).toHaveLength(3);
    expect(new Set(batches.map(resourcePath)).size).toBe(1);
  } finally {
    await proxy.close();
  }
  const users = await fetch(`${server.origin}/w/large-group/scim/v2/Users`, { headers: { authorization: `Bearer ${workspace.token}` } }).then(
    (response) => response.json() as Promise<{ totalResults: number }>,
  );
  expect(users.totalResults).toBe(0);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../../../src/engine/conformance/checks';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A check that the server refuses must not change what later checks rely on: in the modes that
 * refuse Okta's path-less group rename (it echoes the read-only id), the group keeps its name, and
 * Entra's group lookup must look for the name the server really has.
 */
let server: ScimTestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startScimServer();
  for (const mode of ['strict', 'entra'] as const) {
    tokens[mode] = server.app.workbench.workspaces.create(`check-${mode}`).token;
    server.app.workbench.workspaces.configure(`check-${mode}`, { compatibility: mode });
  }
});
afterAll(async () => {
  await server.close();
});

// The large-group checks build their group of 6 members (three PATCHes of 2) instead of a real
// run's 300: 300 users created and deleted per run were most of this file's time.
const LARGE_GROUP_SIZE = 6;

describe.each(['strict', 'entra'])('checks against a workspace in %s mode', (mode) => {
  it('fail the refused group rename, and the later group lookup still finds the group', async () => {
    const report = await runChecks({
      baseUrl: `${server.origin}/w/check-${mode}/scim/v2`,
      auth: { kind: 'bearer', token: tokens[mode]! },
      idps: ['okta', 'entra'],
      largeGroupSize: LARGE_GROUP_SIZE,
    });
    const byId = Object.fromEntries(report.results.map((result) => [result.id, result]));
    expect(byId['okta.group-rename-id-echo']!.status).toBe('fail');
    expect(byId['okta.group-rename-id-echo']!.response?.status).toBe(400);
    expect(byId['entra.group-filter-excluded-members']!.problems).toEqual([]);
    expect(byId['entra.group-filter-excluded-members']!.status).toBe('pass');
  });
});

it('in strict mode, Entra\'s member removal fails at the capitalised "Add" it sends first, not at a removal of a member that is not there', async () => {
  const report = await runChecks({
    baseUrl: `${server.origin}/w/check-strict/scim/v2`,
    auth: { kind: 'bearer', token: tokens.strict! },
    idps: ['entra'],
    largeGroupSize: LARGE_GROUP_SIZE,
  });
  const result = report.results.find((item) => item.id === 'entra.member-remove-value-list')!;
  expect(result.status).toBe('fail');
  expect(result.problems).toEqual([expect.stringMatching(/^the status of adding the member to remove is 400.*"Add"/)]);
  expect(result.request).toMatchObject({ method: 'PATCH', body: { Operations: [{ op: 'Add' }] } });
});

it("Okta's member removal runs only once the server confirmed the member was added", () => {
  const removal = CHECKS.find((check) => check.id === 'okta.group-remove-member')!;
  const state = { suffix: 'x', created: [], userId: 'u', groupId: 'g' };
  expect(removal.needs!(state)).toBe(false);
  expect(removal.needs!({ ...state, memberInGroup: true })).toBe(true);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../../../src/engine/conformance/checks';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { startFaultProxy } from '../../../support/fault-proxy';
import { PLANTED_FAULTS } from '../../../support/planted-faults';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * Proof that each check can fail: a correct workbench behind a proxy that plants one fault at a
 * time must fail exactly the checks that fault breaks. Each fault gets a workspace of its own, so
 * what one run leaves behind cannot change the next. A fault runs the checks of its family and of
 * the checks it breaks, beside those the others build on (see SHARED_FAMILIES): the whole list for
 * each of the 41 faults took half a minute. That a correct server fails none of the checks is
 * protocol-checks.test.ts's and checks.test.ts's.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

const familyOf = (id: string) => id.split('.')[0]!;
/**
 * The checks the others build on: discovery's run first with the right credentials (what the auth
 * faults remember), users and groups create the user and group the later checks use.
 */
const SHARED_FAMILIES = ['discovery', 'users', 'groups'];

it('plants at least one fault in every check family', () => {
  const families = new Set(CHECKS.map((check) => familyOf(check.id)));
  expect(families.size).toBeGreaterThan(5);
  expect(new Set(PLANTED_FAULTS.map((fault) => fault.family))).toEqual(families);
  for (const fault of PLANTED_FAULTS) {
    expect(fault.breaks.length, fault.description).toBeGreaterThan(0);
    expect(
      fault.breaks.some((id) => familyOf(id) === fault.family),
      `${fault.description} breaks a check of its family`,
    ).toBe(true);
    for (const id of fault.breaks)
      expect(
        CHECKS.map((check) => check.id),
        `${fault.description}: ${id} is a check`,
      ).toContain(id);
  }
});

describe.each(PLANTED_FAULTS.map((fault, index) => ({ fault, index })))('$fault.family: $fault.description', ({ fault, index }) => {
  it('fails exactly the checks it breaks', async () => {
    const slug = `fault-${index}`;
    const workspace = server.app.workbench.workspaces.create(slug);
    const proxy = await startFaultProxy(server.origin, fault);
    try {
      const baseUrl = `${proxy.origin}/w/${slug}/scim/v2`;
      if (fault.workspaceAuth === 'oauth') server.app.workbench.workspaces.configure(slug, { auth: { mode: 'oauth' } });
      const auth =
        fault.workspaceAuth === 'oauth'
          ? { kind: 'oauth' as const, tokenUrl: `${baseUrl}/oauth/token`, clientId: 'scim-workbench', clientSecret: workspace.token }
          : { kind: 'bearer' as const, token: workspace.token };
      const families = new Set([...SHARED_FAMILIES, fault.family, ...fault.breaks.map(familyOf)]);
      const report = await runChecks({ baseUrl, auth, idps: ['okta', 'entra', 'onelogin'], largeGroupSize: 12, only: (id) => families.has(familyOf(id)) });
      expect(report.results.length).toBeGreaterThan(fault.breaks.length);
      const failed = report.results.filter((result) => result.status === 'fail');
      expect(failed.map((result) => result.id).sort(), failed.map((result) => `${result.id}: ${result.problems.join(' ')}`).join('\n')).toEqual(
        [...fault.breaks].sort(),
      );
    } finally {
      await proxy.close();
    }
  });
});

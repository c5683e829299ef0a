import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CheckIdp } from '../../../../src/shared/conformance';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * The verdicts against the workbench's own compatibility modes: each IdP mode works for its IdP;
 * plain `entra` refuses only the aadOptscim062020 form with paths as keys (entra-lenient takes it).
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

const verdictsIn = async (mode: 'okta' | 'entra' | 'entra-lenient' | 'onelogin', idps: CheckIdp[]) => {
  const token = server.app.workbench.workspaces.create(`verdict-${mode}`).token;
  server.app.workbench.workspaces.configure(`verdict-${mode}`, { compatibility: mode });
  const report = await runChecks({ baseUrl: `${server.origin}/w/verdict-${mode}/scim/v2`, auth: { kind: 'bearer', token }, idps, largeGroupSize: 4 });
  return report.verdicts.map((verdict) => ({ idp: verdict.idp, failedAt: verdict.failedChecks.map((check) => check.id) }));
};

it('okta and onelogin modes work for their IdP', async () => {
  expect(await verdictsIn('okta', ['okta'])).toEqual([{ idp: 'okta', failedAt: [] }]);
  expect(await verdictsIn('onelogin', ['onelogin'])).toEqual([{ idp: 'onelogin', failedAt: [] }]);
});

it('entra mode fails Entra ID only at the aadOptscim062020 replace with paths as keys; entra-lenient works', async () => {
  expect(await verdictsIn('entra', ['entra'])).toEqual([{ idp: 'entra', failedAt: ['entra.flag-replace-path-keys'] }]);
  expect(await verdictsIn('entra-lenient', ['entra'])).toEqual([{ idp: 'entra', failedAt: [] }]);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHECKS } from '../../../../src/engine/conformance/checks';
import { checkReportToMarkdown, runChecks } from '../../../../src/engine/conformance/run-checks';
import { idpsOf, verdictsOf } from '../../../../src/engine/conformance/verdicts';
import { verdictLine } from '../../../../src/shared/check-verdicts';
import { startFaultProxy } from '../../../support/fault-proxy';
import { PLANTED_FAULTS } from '../../../support/planted-faults';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The verdict per IdP: which IdP would work with the server, and at which checks the others would fail. */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

const faultNamed = (start: string) => PLANTED_FAULTS.find((fault) => fault.description.startsWith(start))!;

it('an Entra-only PATCH form the server refuses: Okta and OneLogin would work, Entra ID would fail at exactly that check', async () => {
  const workspace = server.app.workbench.workspaces.create('verdict-entra');
  const proxy = await startFaultProxy(server.origin, faultNamed('an enterprise attribute path without its URN'));
  try {
    const report = await runChecks({
      baseUrl: `${proxy.origin}/w/verdict-entra/scim/v2`,
      auth: { kind: 'bearer', token: workspace.token },
      idps: ['okta', 'entra', 'onelogin'],
      largeGroupSize: 6,
    });
    const name = CHECKS.find((check) => check.id === 'entra.unqualified-extension-paths')!.name;
    expect(report.verdicts).toEqual([
      { idp: 'okta', works: true, failedChecks: [] },
      { idp: 'entra', works: false, failedChecks: [{ id: 'entra.unqualified-extension-paths', name }] },
      { idp: 'onelogin', works: true, failedChecks: [] },
    ]);
    expect(report.verdicts.map(verdictLine)).toEqual([
      'Okta would work with this server',
      `Entra ID would fail at: ${name}`,
      'OneLogin would work with this server',
    ]);
    // The Markdown report opens with the verdicts, before the first check.
    const markdown = checkReportToMarkdown(report);
    expect(markdown.indexOf(`✗ **Entra ID would fail at: ${name}**`)).toBeGreaterThan(0);
    expect(markdown.indexOf('✓ **Okta would work with this server**')).toBeLessThan(markdown.indexOf('## '));
  } finally {
    await proxy.close();
  }
});

it('a failed common check counts against every chosen IdP; a PUT check only against Okta and OneLogin', async () => {
  const workspace = server.app.workbench.workspaces.create('verdict-put');
  const proxy = await startFaultProxy(server.origin, faultNamed('PUT merges into the user'));
  try {
    const report = await runChecks({
      baseUrl: `${proxy.origin}/w/verdict-put/scim/v2`,
      auth: { kind: 'bearer', token: workspace.token },
      idps: ['okta', 'entra', 'onelogin'],
      largeGroupSize: 6,
    });
    expect(report.verdicts.map((verdict) => [verdict.idp, verdict.works, verdict.failedChecks.map((check) => check.id)])).toEqual([
      ['okta', false, ['put.clears-omitted']],
      ['entra', true, []],
      ['onelogin', false, ['put.clears-omitted']],
    ]);
  } finally {
    await proxy.close();
  }
  const common = CHECKS.find((check) => check.id === 'users.create')!;
  expect(idpsOf(common)).toEqual(['okta', 'entra', 'onelogin']);
  const failed = [{ id: 'users.create', scope: 'common' as const, name: common.name, source: '', status: 'fail' as const, problems: [], consequence: '' }];
  expect(verdictsOf(failed, CHECKS, ['entra']).map(verdictLine)).toEqual([`Entra ID would fail at: ${common.name}`]);
});

it('only the chosen IdPs get a verdict, and checks that matter to none of them do not run', async () => {
  const report = await runChecks({ baseUrl: server.baseUrl, auth: { kind: 'bearer', token: server.token }, idps: ['entra'], largeGroupSize: 4 });
  expect(report.verdicts).toEqual([{ idp: 'entra', works: true, failedChecks: [] }]);
  expect(report.results.map((result) => result.id)).not.toContain('put.clears-omitted');
  expect(report.results.map((result) => result.id)).toContain('large-groups.full-read');
});

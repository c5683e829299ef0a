import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkReportToMarkdown, runChecks } from '../../../../src/engine/conformance/run-checks';
import { startFaultProxy, withJson, jsonOf } from '../../../support/fault-proxy';
import { PLANTED_FAULTS } from '../../../support/planted-faults';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** Okta's password-sync check sends a password: it never reaches the report, whether the server refuses it or echoes it. */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

const PASSWORD = 'Okta-Check-Passw0rd!';

it('a refused password PATCH is reported with the password redacted', async () => {
  const workspace = server.app.workbench.workspaces.create('secret-refused');
  const proxy = await startFaultProxy(
    server.origin,
    PLANTED_FAULTS.find((fault) => fault.description.startsWith('a PATCH that sets password'))!,
  );
  try {
    const report = await runChecks({
      baseUrl: `${proxy.origin}/w/secret-refused/scim/v2`,
      auth: { kind: 'bearer', token: workspace.token },
      idps: ['okta'],
      largeGroupSize: 3,
    });
    const result = report.results.find((item) => item.id === 'okta.password-change')!;
    expect(result.status).toBe('fail');
    expect(result.request).toMatchObject({ method: 'PATCH', body: { Operations: [{ op: 'replace', value: { password: '[redacted]' } }] } });
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
    expect(checkReportToMarkdown(report)).not.toContain(PASSWORD);
  } finally {
    await proxy.close();
  }
});

it('a server that echoes the password fails the check, and the echo is redacted in the report', async () => {
  const workspace = server.app.workbench.workspaces.create('secret-echoed');
  const proxy = await startFaultProxy(server.origin, {
    description: 'echoes the password',
    family: 'okta',
    breaks: [],
    response: (request, response) =>
      request.method === 'PATCH' && request.body.includes(PASSWORD)
        ? withJson({ ...response, status: 200 }, { ...jsonOf(response), password: PASSWORD })
        : response,
  });
  try {
    const report = await runChecks({
      baseUrl: `${proxy.origin}/w/secret-echoed/scim/v2`,
      auth: { kind: 'bearer', token: workspace.token },
      idps: ['okta'],
      largeGroupSize: 3,
    });
    const result = report.results.find((item) => item.id === 'okta.password-change')!;
    expect(result.problems).toContain('The answer contains the password.');
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  } finally {
    await proxy.close();
  }
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkReportToMarkdown, runChecks } from '../../../../src/engine/conformance/run-checks';
import { startBrokenScimServer } from '../../../support/broken-scim-server';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * The check's evidence judged by the verdict engine: the server that answers creates with 200 and
 * sends application/json gets those two verdicts on its create checks' answers (with Okta's too on
 * Okta's create), a correct server gets none on any check.
 */
let broken: { baseUrl: string; close: () => Promise<void> };
let correct: ScimTestServer;
beforeAll(async () => {
  broken = await startBrokenScimServer('broken-token');
  correct = await startScimServer();
});
afterAll(async () => {
  await broken?.close();
  await correct?.close();
});

const only = (id: string) => ['users.create', 'okta.test-connection', 'discovery.service-provider-config'].includes(id);

it("reports the verdict engine's findings on a broken server's answers, in the result and the Markdown report", async () => {
  const report = await runChecks({ baseUrl: broken.baseUrl, auth: { kind: 'bearer', token: 'broken-token' }, idps: ['okta'], only });
  const create = report.results.find((result) => result.id === 'users.create')!;
  expect(create.verdicts?.map((finding) => finding.id).sort()).toEqual(['rfc.content-type', 'rfc.create-status', 'rfc.resource-meta'].sort());
  const probe = report.results.find((result) => result.id === 'okta.test-connection')!;
  expect(probe.verdicts?.map((finding) => finding.id)).toEqual(['rfc.content-type']);
  const markdown = checkReportToMarkdown(report);
  expect(markdown).toContain('- Verdict (error, RFC 7644 §3.3): The create succeeded with 200. Fix: Answer 201 when the create succeeds.');
});

it('finds nothing to add on a correct server', async () => {
  const report = await runChecks({
    baseUrl: correct.baseUrl,
    auth: { kind: 'bearer', token: correct.token },
    idps: ['okta', 'entra', 'onelogin'],
    largeGroupSize: 6,
  });
  expect(report.results.length).toBeGreaterThan(50);
  expect(
    report.results.filter((result) => result.verdicts).map((result) => `${result.id}: ${result.verdicts!.map((finding) => finding.id).join(', ')}`),
  ).toEqual([]);
});

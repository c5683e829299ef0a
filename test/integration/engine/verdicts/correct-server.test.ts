import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { judgeExchange } from '../../../../src/engine/verdicts/judge';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * No false alarms: the workbench's own server is conformant, so the whole conformance check's
 * traffic against it (every IdP's requests, the deliberate bad requests of the error checks and
 * their correct refusals) must get no finding of severity error or warning.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server?.close();
});

it("judges a correct server's answers to the whole conformance check without an error or a warning", async () => {
  await runChecks({ baseUrl: server.baseUrl, auth: { kind: 'bearer', token: server.token }, idps: ['okta', 'entra', 'onelogin'], largeGroupSize: 6 });
  const recordings = server.app.workbench.recordings;
  const exchanges = recordings.sessionExchanges(recordings.currentSessionId());
  expect(exchanges.length).toBeGreaterThan(100);
  const flagged = exchanges.flatMap((exchange) =>
    judgeExchange(exchange)
      .filter((finding) => finding.severity !== 'info')
      .map((finding) => `${exchange.request.method} ${exchange.request.url} → ${exchange.response.status} [${exchange.client}] ${finding.id}: ${finding.seen}`),
  );
  expect(flagged).toEqual([]);
});

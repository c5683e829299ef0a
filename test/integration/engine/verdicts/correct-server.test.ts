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

it('stores the verdict of each exchange once the search indexer has caught up, found by has:verdict when an answer breaks a rule', async () => {
  const recordings = server.app.workbench.recordings;
  // Entra ID reading a user that is not there: a correct 404, which Entra still counts as a failure.
  const missing = await server.request('GET', '/Users/no-such-user', undefined, { 'user-agent': 'Microsoft.Identity.Provisioning' });
  expect(missing.status).toBe(404);
  const exchanges = recordings.sessionExchanges(recordings.currentSessionId());
  const db = recordings.connection;
  // Judged off the request path: the indexer judges every exchange it reaches.
  await server.app.workbench.searchIndexer.catchUp();
  const stored = db
    .prepare('SELECT v.exchange_id, v.findings FROM exchange_verdicts v JOIN exchanges e ON e.id = v.exchange_id WHERE e.session_id = ? ORDER BY v.exchange_id')
    .all(recordings.currentSessionId()) as { exchange_id: number; findings: string }[];
  expect(stored.map((row) => row.exchange_id)).toEqual(exchanges.map((exchange) => exchange.id));
  const last = stored.at(-1)!;
  expect(JSON.parse(last.findings).map((finding: { id: string }) => finding.id)).toEqual(['entra.quarantine-404']);
  const flagged = db.prepare('SELECT rowid FROM exchange_search WHERE exchange_search MATCH ?').pluck().all('facets : "hasverdict"');
  expect(flagged).toEqual([last.exchange_id]);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { UnreachableTargetError, unreachableTarget } from '../../../../src/engine/client/unreachable';
import { oktaImport } from '../../../../src/engine/simulator/okta-import';
import { simulate } from '../../../../src/engine/simulator/simulator';
import type { SentRequest } from '../../../../src/engine/client/scim-client';
import { refusedPort, type RefusedPort } from '../../../support/ports';

/**
 * A target nothing listens on: the check run, the simulation and Okta's import each stop at the
 * first refused connection and say once that the server cannot be reached, with what to check,
 * instead of failing every request with the same socket error.
 */
let refused: RefusedPort;
let baseUrl: string;
beforeAll(async () => {
  refused = await refusedPort();
  baseUrl = `http://127.0.0.1:${refused.port}/scim/v2`;
});
afterAll(async () => {
  await refused?.close();
});

const expectedMessage = () =>
  `Cannot reach ${baseUrl}: connection refused. Check that the SCIM server is running and listening on that host and port, and that the URL is the right one.`;

it('ends a check run at the first refused connection with one error, no per-check failures', async () => {
  const results: string[] = [];
  const run = runChecks({ baseUrl, auth: { kind: 'none' }, idps: ['okta', 'entra', 'onelogin'], onResult: (result) => results.push(result.id) });
  await expect(run).rejects.toThrow(UnreachableTargetError);
  await expect(run).rejects.toThrow(expectedMessage());
  expect(results).toEqual([]);
});

it('ends a simulation at its first request with the same message', async () => {
  const sent: SentRequest[] = [];
  await expect(
    simulate({ idp: 'okta', scenario: 'full', users: 5, baseUrl, auth: { kind: 'none' }, onRequest: (request) => sent.push(request) }),
  ).rejects.toThrow(expectedMessage());
  expect(sent).toHaveLength(1);
});

it("stops Okta's import with the message as its problem", async () => {
  const summary = await oktaImport({ baseUrl, auth: { kind: 'none' } });
  expect(summary.problem).toBe(expectedMessage());
  expect(summary.requests).toBe(1);
});

it('names a port fetch blocks instead of a bare "bad port"', async () => {
  await expect(simulate({ idp: 'entra', scenario: 'assign-users', users: 1, baseUrl: 'http://127.0.0.1:9/scim/v2', auth: { kind: 'none' } })).rejects.toThrow(
    'Cannot reach http://127.0.0.1:9/scim/v2: port 9 is one that fetch refuses to use (a blocked port). Serve SCIM on another port.',
  );
});

it('leaves failures that may be one request’s alone (a reset, a timeout) to that request', () => {
  expect(unreachableTarget(baseUrl, new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }))).toBe(
    undefined,
  );
  expect(unreachableTarget(baseUrl, new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe(undefined);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { refusedPort, type RefusedPort } from '../../support/ports';

/** `scim-workbench check` and `simulate` against a target nothing listens on: one message, exit 1, no line per request. */
let refused: RefusedPort;
let target: string;
beforeAll(async () => {
  refused = await refusedPort();
  target = `http://127.0.0.1:${refused.port}/scim/v2`;
});
afterAll(async () => {
  await refused?.close();
});

const message = () =>
  `scim-workbench: Cannot reach ${target}: connection refused. Check that the SCIM server is running and listening on that host and port, and that the URL is the right one.`;

it('check says once that the target cannot be reached, and exits 1', async () => {
  const result = await runCli(['check', '--target', target, '--token', 't', '--idp', 'all']);
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([message()]);
  expect(result.stdout).toBe('');
});

it('simulate says the same, once', async () => {
  const result = await runCli(['simulate', '--idp', 'okta', '--scenario', 'full', '--users', '3', '--target', target, '--token', 't']);
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([message()]);
});

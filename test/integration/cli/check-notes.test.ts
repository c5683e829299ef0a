import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBrokenScimServer } from '../../support/broken-scim-server';
import { runCli } from '../../support/cli';

/**
 * `scim-workbench check` prints what a passing check did not test (a note) and why a check was
 * skipped: the broken test server declares neither sort, etag nor bulk.
 */
let broken: { baseUrl: string; close: () => Promise<void> };
beforeAll(async () => {
  broken = await startBrokenScimServer('t');
});
afterAll(async () => {
  await broken.close();
});

it('prints the notes of passing checks and the reasons of skipped ones', async () => {
  const result = await runCli(['check', '--target', broken.baseUrl, '--token', 't', '--idp', 'okta']);
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(
    /^✓ \[\d+\/\d+\] sortBy=userName&sortOrder=ascending sorts A to Z \(when sort is declared\)\n {4}note: ServiceProviderConfig declares sort unsupported: the order was not checked \(the server answered 200\)\.$/m,
  );
  expect(result.stdout).toMatch(
    /^– \[\d+\/\d+\] GET answers an ETag header equal to meta\.version\n {4}Skipped: ServiceProviderConfig declares etag unsupported\.$/m,
  );
});

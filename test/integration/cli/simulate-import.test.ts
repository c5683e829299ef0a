import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resourcePath, startFaultProxy } from '../../support/fault-proxy';
import { runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';

/** `simulate --idp okta --scenario import`: Okta's import against `serve`, and against a server whose paging is broken. */
const dir = tempDir();
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', join(dir.path, 'import.db'), '--quiet']);
  for (let index = 0; index < 5; index++) {
    await fetch(`${serve.baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `cli-import-${index}@example.com` }),
    });
  }
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

it('reports how many users and groups were read in how many pages, exit 0', async () => {
  const result = await runCli(['simulate', '--idp', 'okta', '--scenario', 'import', '--page-size', '2', '--target', serve.baseUrl, '--token', serve.token]);
  expect(result.stdout).toBe('okta import: 4 requests; users read 5 in 3 pages; groups read 0 in 1 page.\n');
  expect(result.stderr).toContain('Users page 3: 5 of 5 read…');
  expect(result.code).toBe(0);
});

it('exits 1 naming the broken page when the server repeats a page', async () => {
  const proxy = await startFaultProxy(new URL(serve.baseUrl).origin, {
    description: 'ignores startIndex',
    family: 'import',
    breaks: [],
    request: (request) => (resourcePath(request) === '/Users' ? { ...request, url: request.url.replace(/startIndex=\d+/, 'startIndex=1') } : request),
  });
  try {
    const result = await runCli([
      'simulate',
      '--idp',
      'okta',
      '--scenario',
      'import',
      '--page-size',
      '2',
      '--target',
      `${proxy.origin}/scim/v2`,
      '--token',
      serve.token,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Import stopped: GET /Users?startIndex=3&count=2 (page 2) repeats 2 users already read');
  } finally {
    await proxy.close();
  }
});

it("is Okta's: another IdP is refused with a message", async () => {
  expect(await runCli(['simulate', '--idp', 'entra', '--scenario', 'import', '--target', serve.baseUrl])).toMatchObject({
    code: 1,
    stderr: expect.stringContaining("--scenario import is Okta's import: use --idp okta."),
  });
  expect(await runCli(['simulate', '--idp', 'okta', '--scenario', 'import', '--page-size', '0', '--target', serve.baseUrl])).toMatchObject({
    code: 1,
    stderr: expect.stringContaining('--page-size must be a whole number from 1 to 1000'),
  });
});

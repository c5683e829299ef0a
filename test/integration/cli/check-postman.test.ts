import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostmanReport } from '../../../src/shared/suites';
import { runCli, startServe, tempDir, type ServeProcess } from '../../support/cli';

/**
 * `scim-workbench check --postman` against a real `serve`: a small collection of our own (test/fixtures/suites)
 * with a folder calling /Token that SCIM servers lack and one assertion that fails on purpose.
 */
const fixtures = resolve(import.meta.dirname, '..', '..', 'fixtures', 'suites');
const collection = join(fixtures, 'small-scim.postman_collection.json');
const environment = join(fixtures, 'small-scim.postman_environment.json');
const dir = tempDir();
let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe(['--db', join(dir.path, 'check-postman.db'), '--quiet']);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  dir.remove();
});

// The collection is what these tests are about: of the named checks beside it only the discovery family runs.
const check = (args: string[]) => runCli(['check', '--target', serve.baseUrl, '--token', serve.token, '--idp', 'okta', '--only', 'discovery', ...args]);

describe('scim-workbench check --postman', () => {
  it('runs each request with its variables from --target, --postman-env and --var, reports the failing assertion and exits 1', async () => {
    const markdown = join(dir.path, 'postman.md');
    const result = await check([
      '--postman',
      collection,
      '--postman-env',
      environment,
      '--var',
      'givenName=FromTheCommandLine',
      '--postman-skip-folder',
      'Get Token',
      '--report',
      markdown,
    ]);
    expect(result.stdout).toContain('– folder "Get Token" left out (--postman-skip-folder)');
    expect(result.stdout).toMatch(/^Only \d+ of the \d+ checks ran \(--only discovery\); the verdicts judge those alone\.$/m);
    expect(result.stdout).toMatch(/^✓ \[2\/5\] Users \/ Create a user: POST http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Users → 201 \(2\/2 assertions\)$/m);
    expect(result.stdout).toMatch(
      /^✗ \[4\/5\] Deliberately failing \/ Ask for a teapot: GET .* → 200 \(0\/1 assertions\)\n {4}Status code is 418: expected response to have status code 418 but got 200$/m,
    );
    expect(result.stdout).toMatch(
      /^\d+ passed, 0 failed, 0 skipped; Postman requests failed: 1 of 5, assertions 7 passed, 1 failed \(left out: "Get Token"\)\.$/m,
    );
    expect(result.code).toBe(1);
    const page = readFileSync(markdown, 'utf8');
    expect(page).toContain('# SCIM conformance check');
    expect(page).toContain('## Postman collection');
    expect(page).toMatch(/^- IdPs: okta\n- Only \d+ of the \d+ checks ran \(--only discovery\)/m);
    expect(page).toContain('1 of 5 requests failed; assertions 7 passed, 1 failed.');
    expect(page).toContain('Left out: folder “Get Token”.');
    // The bearer token is never written to the report.
    expect(page).not.toContain(serve.token);
  });

  it('carries the results per request in --json and exits 0 when every assertion holds', async () => {
    const result = await check([
      '--postman',
      collection,
      '--var',
      'userName=cli.json@example.com',
      '--var',
      'givenName=Json',
      '--postman-skip-folder',
      'Get Token',
      '--postman-skip-folder',
      'Deliberately failing',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { failed: number; only: string[]; results: { id: string }[]; postman: PostmanReport };
    expect(report.failed).toBe(0);
    expect(report.only).toEqual(['discovery']);
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.filter((checked) => !checked.id.startsWith('discovery.'))).toEqual([]);
    expect(report.postman).toMatchObject({
      file: collection,
      collection: 'Small SCIM suite',
      skippedFolders: ['Get Token', 'Deliberately failing'],
      summary: { requests: { passed: 4, failed: 0 }, assertions: { passed: 7, failed: 0 } },
    });
    expect(report.postman.requests.map((request) => [request.name, request.method, request.status, request.passed])).toEqual([
      ['Users / List users', 'GET', 200, true],
      ['Users / Create a user', 'POST', 201, true],
      ['Users / Get the user', 'GET', 200, true],
      ['Clean up / Delete the user', 'DELETE', 204, true],
    ]);
    expect(result.stdout).not.toContain(serve.token);
  });

  it('runs the Get Token folder without --postman-skip-folder, as the collection is sent; --var wins over the values read from --target (and those over --postman-env, whose Server is wrong)', async () => {
    const result = await check(['--postman', collection, '--postman-env', environment, '--var', 'Api=scim/v2/Nowhere', '--json']);
    const report = JSON.parse(result.stdout) as { postman: PostmanReport };
    expect(report.postman.requests[0]).toMatchObject({ name: 'Get Token / Get a token', status: 404, passed: false });
    expect(report.postman.requests[1]).toMatchObject({
      name: 'Users / List users',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Nowhere\/Users$/),
      status: 404,
      passed: false,
    });
    expect(result.code).toBe(1);
  });

  it('refuses a file that is not a collection with a clear message saying what it is, before running anything', async () => {
    const notSuite = join(fixtures, 'not-a-suite.json');
    expect(await check(['--postman', notSuite])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining(`${notSuite}: Not a Postman collection: a v2 collection has an "info" object and an "item" list.`),
    });
    expect(await check(['--postman', join(fixtures, 'small-scim.runscope.json')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('This is a Runscope test export, not a Postman collection: run it with --runscope.'),
    });
    expect(await check(['--postman', environment])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('This is a Postman environment, not a collection'),
    });
    const broken = join(dir.path, 'broken.json');
    writeFileSync(broken, '{"info": {"name": "x"}, "item": [');
    expect(await check(['--postman', broken])).toMatchObject({ code: 1, stderr: expect.stringContaining(`Cannot read ${broken} as JSON`) });
  }, 90_000);

  it('refuses an unknown folder, a bad environment and a bad --var, before running anything', async () => {
    const notSuite = join(fixtures, 'not-a-suite.json');
    expect(await check(['--postman', collection, '--postman-skip-folder', 'Get Tokens'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No folder named "Get Tokens" in the collection; its folders: "Get Token", "Users", "Deliberately failing", "Clean up".'),
    });
    expect(await check(['--postman', collection, '--postman-env', notSuite])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${notSuite}: Not a Postman environment`),
    });
    expect(await check(['--postman', collection, '--var', 'novalue'])).toMatchObject({ code: 1, stderr: expect.stringContaining('must be name=value') });
    expect(await check(['--var', 'a=b'])).toMatchObject({ code: 1, stderr: expect.stringContaining('go with --postman <collection.json>') });
  }, 90_000);
});

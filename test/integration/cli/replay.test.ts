import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSessionText } from '../../support/export-text';
import { playOktaSession } from '../../support/okta-session';
import { runCli, tempDir } from '../../support/cli';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';
import { refusedPort } from '../../support/ports';

/** `scim-workbench replay` for pipelines: a recorded Okta session file against other workbenches, exit codes and reports. */
const dir = tempDir();
const sessionFile = join(dir.path, 'okta-session.json');
const harFile = join(dir.path, 'okta-session.har');
let source: ScimTestServer;

beforeAll(async () => {
  source = await startScimServer();
  await playOktaSession(source);
  const sessionId = source.app.workbench.recordings.currentSessionId();
  writeFileSync(sessionFile, (await exportSessionText(source.app.workbench.recordings, sessionId, 'json', { creatorVersion: 'test' })).text);
  writeFileSync(harFile, (await exportSessionText(source.app.workbench.recordings, sessionId, 'har', { creatorVersion: 'test' })).text);
});
afterAll(async () => {
  await source.close();
  dir.remove();
});

describe('scim-workbench replay', () => {
  it('exits 0 when a fresh workbench answers every step as recorded, from a session file or a HAR, and writes the report', async () => {
    for (const file of [sessionFile, harFile]) {
      const target = await startScimServer();
      try {
        const report = join(dir.path, 'report.md');
        const result = await runCli(['replay', file, '--target', target.baseUrl, '--token', target.token, '--report', report]);
        expect(result.stdout).toMatch(/^(\d+) matched, 0 differed, of \1 steps\.$/m);
        expect(result.code).toBe(0);
        expect(readFileSync(report, 'utf8')).toContain('# SCIM replay report');
      } finally {
        await target.close();
      }
    }
  });

  it('exits 1 and lists each differing step against a server that behaves differently, the same with --concurrency', async () => {
    const outputs: string[] = [];
    for (const extra of [[], ['--concurrency', '4']]) {
      const target = await startScimServer();
      try {
        target.app.workbench.workspaces.configure('default', { compatibility: 'strict' });
        const json = join(dir.path, 'report.json');
        const result = await runCli(['replay', sessionFile, '--target', target.baseUrl, '--token', target.token, '--report', json, ...extra]);
        expect(result.code).toBe(1);
        expect(result.stdout).toMatch(/^Step \d+ PATCH \/Groups\/\S+: status 400, recorded 204/m);
        const report = JSON.parse(readFileSync(json, 'utf8')) as { differed: number };
        expect(report.differed).toBeGreaterThan(0);
        // The target's own ids differ from run to run. So may the order in which it created users that do not
        // depend on each other (steps in flight together), hence where its list page shows them: the answer's
        // side of a list difference. The rest of what is said must not differ.
        outputs.push(
          result.stdout.replace(/\/(Users|Groups)\/[^\s:]+/g, '/$1/<id>').replace(/Resources\[\d+\] is in the answer/g, 'Resources[<i>] is in the answer'),
        );
      } finally {
        await target.close();
      }
    }
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('exits 1 with a message for a refused token, a missing file or bad options', async () => {
    const target = await startScimServer();
    try {
      const refused = await runCli(['replay', sessionFile, '--target', target.baseUrl, '--token', 'wrong', '--stop-on-difference']);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('status 401, recorded 200');
      expect(refused.stdout).toContain('(stopped at the first difference)');
    } finally {
      await target.close();
    }
    expect(await runCli(['replay', join(dir.path, 'nope.json'), '--target', 'http://127.0.0.1:9/scim/v2'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot read'),
    });
    expect(await runCli(['replay', sessionFile, '--target', 'not a url'])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a URL') });
    expect(await runCli(['replay', sessionFile, '--target', 'http://x', '--token', 'a', '--basic', 'b:c'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Give one kind of credentials'),
    });
    expect(await runCli(['replay', sessionFile, '--target', 'http://x', '--pace', 'slow'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be fast, recorded'),
    });
    for (const [options, message] of [
      [['--concurrency', '0'], 'must be a whole number from 1 to 64'],
      [['--concurrency', '2.5'], 'must be a whole number from 1 to 64'],
      [['--concurrency', '65'], 'must be a whole number from 1 to 64'],
      [['--concurrency', '4', '--pace', '10'], '--concurrency above 1 needs --pace fast'],
      [['--concurrency', '4', '--apply-faults'], 'cannot go with --apply-faults'],
    ] as const) {
      expect(await runCli(['replay', sessionFile, '--target', 'http://x', ...options])).toMatchObject({ code: 1, stderr: expect.stringContaining(message) });
    }
    expect((await runCli(['replay', sessionFile])).code).toBe(1);
    // A report it could not write is refused before the first step, not after the last.
    const missing = join(dir.path, 'no-such-folder', 'r.json');
    expect(await runCli(['replay', sessionFile, '--target', 'http://127.0.0.1:9/scim/v2', '--token', 'x', '--report', missing])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining(`--report ${missing}: the folder ${dirname(missing)} does not exist.`),
    });
  });

  it('stops at the first step a target nothing listens on refuses, saying so once, one step at a time or several', async () => {
    const nothing = await refusedPort();
    try {
      for (const options of [[], ['--concurrency', '4']]) {
        const result = await runCli(['replay', sessionFile, '--target', `http://127.0.0.1:${nothing.port}/scim/v2`, '--token', 'x', ...options]);
        expect(result.code, options.join(' ')).toBe(1);
        expect(result.stderr).toContain(`Cannot reach http://127.0.0.1:${nothing.port}/scim/v2: connection refused.`);
        // Not a line per step of the session, each with the same socket error.
        expect(result.stdout.match(/ECONNREFUSED/g)?.length ?? 0).toBeLessThanOrEqual(4);
        expect(result.stdout).toMatch(/ of \d+ steps \(stopped: the target cannot be reached\)\./);
      }
    } finally {
      await nothing.close();
    }
  });
});

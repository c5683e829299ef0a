import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultRulesFile } from '../../../src/shared/faults';
import { runCli, spawnCli, startServe, tempDir } from '../../support/cli';

/** `faults export|import` round-trips a rules file; a bad file is refused, naming the problem, with nothing stored; `serve --faults` loads one. */
const dir = tempDir();
const db = join(dir.path, 'faults.db');
afterAll(() => dir.remove());

const RULES: FaultRulesFile = {
  scimWorkbenchFaults: 1,
  rules: [
    { name: 'Rate limited', match: { everyNth: 3 }, action: { kind: 'status', status: 429, retryAfterSeconds: 5 } },
    { name: 'Slow groups', enabled: false, match: { resourceTypes: ['Groups'], methods: ['PATCH'] }, action: { kind: 'latency', ms: 2000 } },
    { name: 'Hold creates', match: { methods: ['POST'], path: '/Users' }, action: { kind: 'breakpoint', stage: 'request', timeoutMs: 20000 } },
  ],
};

describe('faults export and import', () => {
  it('imports a rules file and exports the same rules', async () => {
    const file = join(dir.path, 'rules.json');
    writeFileSync(file, JSON.stringify(RULES));
    const imported = await runCli(['faults', 'import', file, '--db', db]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('Fault rules: 3 from');
    expect(imported.stdout).toContain('workspace "default" (2 enabled)');
    const out = join(dir.path, 'exported.json');
    const exported = await runCli(['faults', 'export', out, '--db', db]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ ...RULES, workspace: 'default' });
  });

  it('refuses a bad file, naming the problem, and keeps the rules it had', async () => {
    const bad = join(dir.path, 'bad.json');
    writeFileSync(bad, JSON.stringify({ scimWorkbenchFaults: 1, rules: [{ name: 'oops', action: { kind: 'status', status: 200 } }] }));
    const refused = await runCli(['faults', 'import', bad, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was stored');
    expect(refused.stderr).toContain('rules.0.action.status');
    const notJson = join(dir.path, 'not.json');
    writeFileSync(notJson, '{"rules": [');
    const unreadable = await runCli(['faults', 'import', notJson, '--db', db]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain(`Cannot read ${notJson} as JSON`);
    const unknownWorkspace = await runCli(['faults', 'import', join(dir.path, 'rules.json'), '--workspace', 'nowhere', '--db', db]);
    expect(unknownWorkspace.code).toBe(1);
    expect(unknownWorkspace.stderr).toContain('No workspace named "nowhere"');
    const still = await runCli(['faults', 'export', '--db', db]);
    expect((JSON.parse(still.stdout) as FaultRulesFile).rules).toHaveLength(3);
  });

  it('serve --faults loads the rules at start, and refuses a bad file before listening', async () => {
    const file = join(dir.path, 'serve-rules.json');
    writeFileSync(
      file,
      JSON.stringify({ scimWorkbenchFaults: 1, rules: [{ name: 'All 503', action: { kind: 'status', status: 503, retryAfterSeconds: 1 } }] }),
    );
    const serveDb = join(dir.path, 'serve.db');
    const serve = await startServe(['--db', serveDb, '--quiet', '--faults', file]);
    try {
      expect(serve.output()).toContain('Fault rules: 1 from');
      const answer = await fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');

      // Rules imported by another process while serve runs take effect within a second or so.
      const lookup = () => fetch(`${serve.baseUrl}/Users`, { headers: { authorization: `Bearer ${serve.token}` } }).then((response) => response.status);
      writeFileSync(file, JSON.stringify({ scimWorkbenchFaults: 1, rules: [] }));
      expect((await runCli(['faults', 'import', file, '--db', serveDb])).code).toBe(0);
      await expect.poll(lookup).toBe(200);
      writeFileSync(file, JSON.stringify({ scimWorkbenchFaults: 1, rules: [{ name: 'Teapot', action: { kind: 'status', status: 418 } }] }));
      expect((await runCli(['faults', 'import', file, '--db', serveDb])).code).toBe(0);
      await expect.poll(lookup).toBe(418);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    const bad = join(dir.path, 'bad-serve.json');
    writeFileSync(bad, JSON.stringify({ rules: [] }));
    const refused = await spawnCli(['serve', '--port', '0', '--db', serveDb, '--faults', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('scimWorkbenchFaults');
    expect(refused.stdout).not.toContain('SCIM base URL');
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSessionText } from '../../support/export-text';
import { runCli, tempDir } from '../../support/cli';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** `replay` against a workbench with fault rules: kept out by default, applied with --apply-faults. */
const dir = tempDir();
const sessionFile = join(dir.path, 'session.json');
let target: ScimTestServer;

beforeAll(async () => {
  const source = await startScimServer();
  try {
    await source.request('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`);
    source.app.workbench.recorder.flush();
    const sessionId = source.app.workbench.recordings.currentSessionId();
    writeFileSync(sessionFile, (await exportSessionText(source.app.workbench.recordings, sessionId, 'json', { creatorVersion: 'test' })).text);
  } finally {
    await source.close();
  }
  target = await startScimServer();
  target.app.workbench.faults.create('default', { name: 'lookups fail', match: { filter: { contains: 'nobody' } }, action: { kind: 'status', status: 503 } });
});
afterAll(async () => {
  await target?.close();
  dir.remove();
});

describe('scim-workbench replay and fault rules', () => {
  it('the rule acts on live traffic', async () => {
    expect((await target.request('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`)).status).toBe(503);
  });

  it('a replay is not faulted unless --apply-faults is given', async () => {
    const plain = await runCli(['replay', sessionFile, '--target', target.baseUrl, '--token', target.token]);
    expect(plain.stdout).toContain('1 matched, 0 differed');
    expect(plain.code).toBe(0);
    const faulted = await runCli(['replay', sessionFile, '--target', target.baseUrl, '--token', target.token, '--apply-faults']);
    expect(faulted.stdout).toMatch(/status 503, recorded 200/);
    expect(faulted.code).toBe(1);
  });
});

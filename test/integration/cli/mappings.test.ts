import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppViewResponse, WorkspaceMappings } from '../../../src/shared/mappings';
import { URN } from '../../../src/engine/scim/urns';
import { runCli, tempDir } from '../../support/cli';
import { startScimServer } from '../../support/scim-server';

/** `mappings export|import` and `app-view` on a database that SCIM traffic filled, as a pipeline would. */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const dir = tempDir();
const db = join(dir.path, 'mappings.db');

beforeAll(async () => {
  // The engine's server in this process writes the file as `serve` would; the commands under test read it once it is closed.
  const server = await startScimServer({ dbPath: db });
  try {
    const ann = await server.request('POST', '/Users', {
      schemas: [URN.user, ENTERPRISE],
      userName: 'ann@example.com',
      [ENTERPRISE]: { department: 'Finance' },
    });
    expect(ann.status).toBe(201);
    expect((await server.request('POST', '/Groups', { schemas: [URN.group], displayName: 'SCIM Admins', members: [{ value: ann.body.id }] })).status).toBe(201);
  } finally {
    await server.close();
  }
});
afterAll(() => dir.remove());

describe('mappings files and the app view from the command line', () => {
  it('exports the mappings, imports an edited file, and prints the app view as JSON', async () => {
    const file = join(dir.path, 'mappings.json');
    const exported = await runCli(['mappings', 'export', file, '--db', db]);
    expect(exported.code).toBe(0);
    const mappings = JSON.parse(readFileSync(file, 'utf8')) as WorkspaceMappings;
    expect(mappings.lifecycle.onDeactivate).toBe('suspend');

    mappings.attributes.push({ scimPath: `${ENTERPRISE}:department`, appField: 'department', transform: { valueMap: { Finance: 'FIN' } } });
    mappings.groups.push({ idpGroup: 'SCIM Admins', matchBy: 'displayName', appRole: 'Local Admins' });
    writeFileSync(file, JSON.stringify(mappings));
    const imported = await runCli(['mappings', 'import', file, '--db', db]);
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringContaining('Imported 5 attribute rule(s) and 1 group rule(s)') });

    const view = await runCli(['app-view', '--json', '--db', db]);
    expect(view.code).toBe(0);
    const parsed = JSON.parse(view.stdout) as AppViewResponse;
    expect(parsed.users).toEqual([
      expect.objectContaining({
        userName: 'ann@example.com',
        status: 'active',
        roles: ['Local Admins'],
        fields: expect.objectContaining({ login: 'ann@example.com', department: 'FIN' }),
      }),
    ]);

    const text = await runCli(['app-view', '--db', db]);
    expect(text.stdout).toContain('ann@example.com\tactive\troles: Local Admins');
  });

  it('refuses a file that is not JSON, or has rule problems, storing nothing', async () => {
    const before = (await runCli(['mappings', 'export', '--db', db])).stdout;
    const notJson = join(dir.path, 'broken.json');
    writeFileSync(notJson, '{ attributes: ');
    const broken = await runCli(['mappings', 'import', notJson, '--db', db]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`Cannot read ${notJson} as JSON`);

    const bad = join(dir.path, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        attributes: [{ scimPath: 'emails[type eq "work"', appField: 'email' }, { scimPath: 'userName' }],
        groups: [],
        lifecycle: { onDeactivate: 'explode' },
      }),
    );
    const refused = await runCli(['mappings', 'import', bad, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the mappings were not stored:');
    expect(refused.stderr).toContain('attributes[0].scimPath:');
    expect(refused.stderr).toContain('attributes[1].appField: Name the app field this rule fills.');
    expect(refused.stderr).toContain('lifecycle.onDeactivate: lifecycle.onDeactivate is one of nothing, suspend, remove-user, remove-role.');
    expect((await runCli(['mappings', 'export', '--db', db])).stdout).toBe(before);

    // An import replaces every rule: a file that leaves the lists out ({} above all) would delete them unasked.
    for (const [content, missing] of [
      [{}, '"attributes" and "groups"'],
      [{ attributes: [] }, '"groups"'],
    ] as const) {
      const partial = join(dir.path, 'partial.json');
      writeFileSync(partial, JSON.stringify(content));
      const left = await runCli(['mappings', 'import', partial, '--db', db]);
      expect(left.code).toBe(1);
      expect(left.stderr).toContain(`has no ${missing}`);
    }
    expect((await runCli(['mappings', 'export', '--db', db])).stdout).toBe(before);

    const noWorkspace = await runCli(['app-view', '--workspace', 'nope', '--db', db]);
    expect(noWorkspace).toMatchObject({ code: 1, stderr: expect.stringContaining('No workspace named "nope"') });
  });
});

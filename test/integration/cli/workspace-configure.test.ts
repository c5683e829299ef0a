import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../../support/cli';
import { openWorkbench } from '../../../src/engine/workbench';
import { DEFAULT_RETENTION } from '../../../src/engine/settings/retention-settings';
import { DEFAULT_AUTH } from '../../../src/shared/auth-modes';

const HR = 'urn:acme:params:scim:schemas:extension:hr:2.0:User';

describe('scim-workbench workspace configure', () => {
  // Each test starts from a copy of one database the CLI made with an "okta" workspace: a fresh
  // database each, without a CLI start each (the CLI has closed it, so the file is the whole of it).
  const template = tempDir();
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  beforeAll(async () => {
    expect((await runCli(['workspace', 'create', 'okta', '--db', join(template.path, 'w.db')])).code).toBe(0);
  });
  afterAll(() => {
    template.remove();
  });
  beforeEach(() => {
    dir = tempDir();
    db = join(dir.path, 'w.db');
    copyFileSync(join(template.path, 'w.db'), db);
  });
  afterEach(() => {
    dir.remove();
  });

  /**
   * What the database holds for a workspace, read in this process as the engine reads it: what the CLI
   * printed is each test's to check, and the first test checks that it prints the stored settings.
   */
  const storedSettings = (slug: string) => {
    const workbench = openWorkbench({ dbPath: db });
    try {
      return workbench.workspaces.find(slug)!.settings;
    } finally {
      workbench.close();
    }
  };

  it('with no option prints the current settings as JSON', async () => {
    const shown = await runCli(['workspace', 'configure', 'okta', '--db', db]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(storedSettings('okta'));
    expect(JSON.parse(shown.stdout)).toEqual({
      compatibility: 'auto',
      lenientSchema: true,
      reprovision: 'by-mode',
      extensions: [],
      retention: DEFAULT_RETENTION,
      auth: DEFAULT_AUTH,
    });
  });

  it('changes the given settings, retention limits too (one turned off with "off"), keeps the others, prints and stores the result', async () => {
    const result = await runCli([
      'workspace',
      'configure',
      'okta',
      '--compatibility',
      'strict',
      '--lenient-schema',
      'off',
      '--reprovision',
      'conflict',
      '--retention-days',
      '3',
      '--retention-exchanges',
      'off',
      '--db',
      db,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      compatibility: 'strict',
      lenientSchema: false,
      reprovision: 'conflict',
      extensions: [],
      retention: { days: 3, exchanges: null, megabytes: DEFAULT_RETENTION.megabytes },
      auth: DEFAULT_AUTH,
    });
    // The settings and limits not given are kept.
    const again = await runCli(['workspace', 'configure', 'okta', '--lenient-schema', 'on', '--retention-megabytes', '50', '--db', db]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      compatibility: 'strict',
      lenientSchema: true,
      reprovision: 'conflict',
      retention: { days: 3, exchanges: null, megabytes: 50 },
    });
    expect(storedSettings('okta')).toEqual(JSON.parse(again.stdout));
    // Other workspaces are untouched.
    expect(storedSettings('default')).toMatchObject({ compatibility: 'auto', retention: DEFAULT_RETENTION });
  });

  it('reads extension declarations from a JSON file', async () => {
    const file = join(dir.path, 'ext.json');
    writeFileSync(file, JSON.stringify([{ id: HR, name: 'HrUser', resourceType: 'User', attributes: [{ name: 'badgeNumber', type: 'integer' }] }]));
    const result = await runCli(['workspace', 'configure', 'okta', '--extensions', file, '--db', db]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).extensions[0]).toMatchObject({ id: HR, resourceType: 'User' });
    expect(storedSettings('okta').extensions).toHaveLength(1);
  });

  it('refuses extensions that would leave the stored mappings reading an attribute no longer declared, storing nothing', async () => {
    const withHr = join(dir.path, 'ext.json');
    writeFileSync(withHr, JSON.stringify([{ id: HR, name: 'HrUser', resourceType: 'User', attributes: [{ name: 'badgeNumber', type: 'integer' }] }]));
    expect((await runCli(['workspace', 'configure', 'okta', '--extensions', withHr, '--db', db])).code).toBe(0);
    const mappings = join(dir.path, 'badge-mappings.json');
    writeFileSync(
      mappings,
      JSON.stringify({
        attributes: [
          { scimPath: 'userName', appField: 'login' },
          { scimPath: `${HR}:badgeNumber`, appField: 'badge' },
        ],
        groups: [{ idpGroup: 'SCIM Admins', appRole: 'Local Admins' }],
        defaultRole: 'Staff',
      }),
    );
    expect((await runCli(['mappings', 'import', mappings, '--workspace', 'okta', '--db', db])).code).toBe(0);
    const before = (await runCli(['mappings', 'export', '--workspace', 'okta', '--db', db])).stdout;
    const none = join(dir.path, 'no-ext.json');
    writeFileSync(none, '[]');
    const refused = await runCli(['workspace', 'configure', 'okta', '--extensions', none, '--db', db]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('attributes[1].scimPath');
    expect(refused.stderr).toContain('change the mappings first');
    expect(storedSettings('okta').extensions).toHaveLength(1);
    // The mappings are still the team's, not the defaults.
    expect((await runCli(['mappings', 'export', '--workspace', 'okta', '--db', db])).stdout).toBe(before);
    expect(before).toContain('Local Admins');
  });

  const badInputs: [string, string[], string][] = [
    ['an unknown mode', ['--compatibility', 'azure'], 'Setting "compatibility" must be one of'],
    ['a lenient-schema value other than on/off', ['--lenient-schema', 'yes'], '--lenient-schema must be on or off'],
    ['an unknown reprovision value', ['--reprovision', 'merge'], 'Setting "reprovision" must be one of'],
    ['a missing extensions file', ['--extensions', '/nonexistent/ext.json'], 'Cannot read extensions file'],
    ['a retention of 0 days', ['--retention-days', '0'], 'Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got 0.'],
    [
      'a retention that is not a number',
      ['--retention-megabytes', 'lots'],
      'Setting "retention.megabytes" must be a whole number of megabytes from 1 to 1000000, or off (null); got "lots".',
    ],
    ['a fractional retention', ['--retention-exchanges', '2.5'], 'Setting "retention.exchanges" must be a whole number'],
  ];
  it.each(badInputs)('refuses %s with one line on stderr, exit 1, nothing stored', async (_label, args, message) => {
    const result = await runCli(['workspace', 'configure', 'okta', '--reprovision', 'conflict', ...args, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    // The valid --reprovision given alongside was not stored either.
    expect(storedSettings('okta').reprovision).toBe('by-mode');
  });

  it('refuses an extensions file that is not JSON or not a valid declaration', async () => {
    const notJson = join(dir.path, 'bad.json');
    writeFileSync(notJson, '[{ id: ');
    const parsed = await runCli(['workspace', 'configure', 'okta', '--extensions', notJson, '--db', db]);
    expect(parsed.code).toBe(1);
    expect(parsed.stderr).toContain('is not valid JSON');
    expect(parsed.stderr.trim().split('\n')).toHaveLength(1);

    const wrongShape = join(dir.path, 'shape.json');
    writeFileSync(wrongShape, JSON.stringify([{ id: 'not-a-urn', name: 'X', resourceType: 'User', attributes: [] }]));
    const invalid = await runCli(['workspace', 'configure', 'okta', '--extensions', wrongShape, '--db', db]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('must be a URN');
    expect(storedSettings('okta').extensions).toEqual([]);
  });

  it('refuses an unknown workspace', async () => {
    const shown = await runCli(['workspace', 'configure', 'nope', '--db', db]);
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('No workspace named "nope"');
    const changed = await runCli(['workspace', 'configure', 'nope', '--reprovision', 'conflict', '--db', db]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('No workspace named "nope"');
  });
});

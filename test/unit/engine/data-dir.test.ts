import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, isDefaultDataDir } from '../../../src/engine/data-dir';

/** Where the database lives by default on Linux: XDG Base Directory rules for XDG_CONFIG_HOME. */
describe('default data directory on Linux', () => {
  const fallback = join(homedir(), '.config', 'SCIM Workbench');

  it('uses an absolute XDG_CONFIG_HOME', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/srv/config' }, 'linux')).toBe(join('/srv/config', 'SCIM Workbench'));
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is unset, empty or relative', () => {
    expect(defaultDataDir({}, 'linux')).toBe(fallback);
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(fallback);
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'config' }, 'linux')).toBe(fallback);
    expect(defaultDataDir({ XDG_CONFIG_HOME: './config' }, 'linux')).toBe(fallback);
  });

  it('tells the default directory from another one', () => {
    expect(isDefaultDataDir(`${fallback}/`, {}, 'linux')).toBe(true);
    expect(isDefaultDataDir(join(homedir(), 'projects'), {}, 'linux')).toBe(false);
  });
});

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const PRODUCT_NAME = 'SCIM Workbench';
export const DEFAULT_DB_FILE = 'workbench.db';

/**
 * The same folder Electron's `app.getPath('userData')` gives the desktop app, so the
 * headless CLI and the desktop window share one database by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(xdgConfigHome(env), PRODUCT_NAME);
}

/**
 * The XDG Base Directory spec: an unset or empty XDG_CONFIG_HOME means ~/.config, and a relative
 * one is invalid and ignored — used as is, it would put the database in whatever directory the
 * command happens to run from.
 */
function xdgConfigHome(env: NodeJS.ProcessEnv): string {
  const value = env.XDG_CONFIG_HOME;
  return value && isAbsolute(value) ? value : join(homedir(), '.config');
}

/** Whether `dir` is the default data directory, which is the workbench's own and so kept 0700. */
export function isDefaultDataDir(dir: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  return resolve(dir) === resolve(defaultDataDir(env, platform));
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return join(defaultDataDir(env, platform), DEFAULT_DB_FILE);
}

import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'SCIM Workbench';
export const DEFAULT_DB_FILE = 'workbench.db';

/**
 * The same folder Electron's `app.getPath('userData')` gives the desktop app, so the
 * headless CLI and the desktop window share one database by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  return join(defaultDataDir(env, platform), DEFAULT_DB_FILE);
}

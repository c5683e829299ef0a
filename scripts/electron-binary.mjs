// Where the Electron binary is, without asking the `electron` package: since Electron 42 its
// index.js downloads a missing binary when it is required, with no timeout, so merely checking
// would start a download (and hang where the network is closed).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The installed binary's path, or undefined when `npm install` did not (or could not) download it. */
export function installedElectronBinary(electronPackageDir) {
  const pathFile = join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(electronPackageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

export const MISSING_ELECTRON_MESSAGE = [
  'The Electron binary is not installed, so the desktop window cannot open',
  '(installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1 leave it out).',
  'Either download it (needs internet access and Node.js 22.12+): node node_modules/electron/install.js',
  'or run the same engine and inspector headless: npm run serve  (then open the printed Inspector URL).',
].join('\n');

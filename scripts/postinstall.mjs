// Electron 42+ no longer downloads its binary during `npm install`; it fetches it
// lazily on first launch. We fetch it here so `npm install && npm start` works on a
// fresh machine with internet access — unless ELECTRON_SKIP_BINARY_DOWNLOAD is set
// (CI, air-gapped machines), in which case the install must still succeed and the
// headless `npm run serve` remains available.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronInstaller() {
  try {
    return require.resolve('electron/install.js');
  } catch {
    return null; // production install without devDependencies
  }
}

const skip = ['1', 'true'].includes(String(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD).toLowerCase());
const installer = electronInstaller();

if (skip) {
  console.log('[scim-workbench] ELECTRON_SKIP_BINARY_DOWNLOAD is set: the desktop window is unavailable; use `npm run serve` for the headless engine.');
} else if (installer) {
  const result = spawnSync(process.execPath, [installer], { stdio: 'inherit' });
  if (result.status !== 0) {
    // Never fail the whole install for the optional desktop binary.
    console.warn('[scim-workbench] Could not download the Electron binary. The headless engine still works: `npm run serve`.');
  }
}

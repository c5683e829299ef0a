// `npm start`: the desktop app through electron-vite, or a clear way forward when the Electron
// binary is missing (instead of electron-vite's bare "Electron uninstall").
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedElectronBinary, MISSING_ELECTRON_MESSAGE } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!installedElectronBinary(join(root, 'node_modules', 'electron'))) {
  console.error(MISSING_ELECTRON_MESSAGE);
  process.exit(1);
}
const child = spawn(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

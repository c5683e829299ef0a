/**
 * Composition root of the desktop app: wires Electron to the engine and the window.
 * Logic worth testing lives in the small modules it imports, which take Electron's
 * objects as parameters.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEngine } from '../engine/engine';
import { closeEngineOnQuit, describeStartFailure, desktopEngineOptions } from './engine-lifecycle';
import { registerEngineInfoHandler } from './ipc';
import { guardNavigation, isRendererUrl } from './navigation';
import { windowOptions } from './window';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html.
const outMainDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(outMainDir, '../preload/index.cjs');
// `electron-vite dev` serves the renderer over HTTP and passes its URL; a packaged
// app ignores the variable so nothing outside the bundle can choose what it loads.
const rendererUrl =
  (!app.isPackaged && process.env['ELECTRON_RENDERER_URL']) ||
  pathToFileURL(join(outMainDir, '../renderer/index.html')).href;

let mainWindow: BrowserWindow | undefined;

function showMainWindow(): void {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const window = new BrowserWindow(windowOptions(preloadPath));
  guardNavigation(window.webContents, rendererUrl, (url) => void shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    mainWindow = undefined;
  });
  mainWindow = window;
  void window.loadURL(rendererUrl);
}

async function main(): Promise<void> {
  // A second copy would fight the first for the port and the database file.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  // The renderer needs no camera, notifications, etc.: refuse every permission prompt.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const engine = await startEngine(desktopEngineOptions(app.getPath('userData'))).catch((error: unknown) => {
    const failure = describeStartFailure(error);
    dialog.showErrorBox(failure.title, failure.message);
    return undefined;
  });
  if (!engine) {
    app.exit(1);
    return;
  }
  closeEngineOnQuit(app, engine);
  registerEngineInfoHandler(
    ipcMain,
    () => ({ scimBaseUrl: engine.scimBaseUrl, token: engine.token, version: app.getVersion(), adminUrl: engine.adminUrl, adminToken: engine.adminToken }),
    (frameUrl) => isRendererUrl(frameUrl, rendererUrl),
  );

  showMainWindow();
  // Registered only now: before this point there is no engine to show a window for.
  app.on('second-instance', showMainWindow);
  // macOS keeps the app (and its SCIM server) running with no window; the dock icon reopens it.
  app.on('activate', showMainWindow);
}

main().catch((error: unknown) => {
  dialog.showErrorBox('SCIM Workbench failed to start', error instanceof Error ? (error.stack ?? error.message) : String(error));
  app.exit(1);
});

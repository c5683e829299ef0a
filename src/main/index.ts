/**
 * Composition root of the desktop app: wires Electron to the engine and the window.
 * Logic worth testing lives in the small modules it imports, which take Electron's
 * objects as parameters.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, screen, session, shell, utilityProcess } from 'electron';
import { readInputTextFileAsync } from '../engine/files/input-file';
import { ensurePrivateDir, tightenFile } from '../engine/files/private-files';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AdminCalls } from './admin-calls';
import { startEngineProcess, type EngineChild, type EngineHandle } from './engine-host';
import { closeEngineOnQuit, describeStartFailure, desktopEngineOptions } from './engine-lifecycle';
import { registerEngineInfoHandler } from './ipc';
import { menuTemplate } from './menu';
import { guardNavigation, isRendererUrl } from './navigation';
import { windowOptions } from './window';
import { loadWindowState, saveWindowState } from './window-state';
import { THEME_CHOSEN_CHANNEL } from '../shared/bridge';

// Built layout: out/main/index.js, out/main/engine-process.js, out/preload/index.cjs, out/renderer/index.html.
const outMainDir = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(outMainDir, '../preload/index.cjs');
// `electron-vite dev` serves the renderer over HTTP and passes its URL; a packaged
// app ignores the variable so nothing outside the bundle can choose what it loads.
const rendererUrl = (!app.isPackaged && process.env['ELECTRON_RENDERER_URL']) || pathToFileURL(join(outMainDir, '../renderer/index.html')).href;

let mainWindow: BrowserWindow | undefined;

function showMainWindow(): void {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const window = new BrowserWindow(windowOptions(preloadPath, saved));
  if (saved?.maximized) window.maximize();
  guardNavigation(window.webContents, rendererUrl, (url) => void shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  // The renderer's beforeunload asks to keep unsaved edits (store/leave-guard.ts); Electron shows no
  // question of its own, so closing or reloading would silently do nothing: ask natively.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Discard changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Discard unsaved mapping changes?',
      detail: 'The mapping editor has changes that are not saved.',
    });
    if (choice === 0) event.preventDefault();
  });
  window.on('close', () => saveWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
  window.on('closed', () => {
    mainWindow = undefined;
  });
  mainWindow = window;
  void window.loadURL(rendererUrl);
}

/** The File menu's session actions, through the admin API, with native dialogs for files. */
function menuActions(engine: EngineHandle) {
  const admin = new AdminCalls(engine);
  const report = (title: string) => (error: unknown) => dialog.showErrorBox(title, error instanceof Error ? error.message : String(error));
  return {
    newSession: () => {
      void admin.newSession(`Session ${new Date().toLocaleString()}`).then(() => mainWindow?.webContents.reload(), report('Could not start a new session'));
    },
    openSessionFile: () => {
      void (async () => {
        const choice = await dialog.showOpenDialog({
          title: 'Open a session or HAR',
          properties: ['openFile'],
          filters: [{ name: 'Session files and HAR', extensions: ['json', 'har'] }],
        });
        if (choice.canceled || !choice.filePaths[0]) return;
        const imported = await admin.importSession(await readInputTextFileAsync(choice.filePaths[0]));
        await dialog.showMessageBox({ message: `Imported ${imported.exchangeCount} exchanges as session "${imported.name}".` });
        mainWindow?.webContents.reload();
      })().catch(report('Could not open the file'));
    },
    exportSession: (format: 'json' | 'har') => {
      void (async () => {
        const current = await admin.currentSession();
        if (!current) throw new Error('Nothing has been recorded yet.');
        const exported = await admin.exportSession(current.id, format);
        const choice = await dialog.showSaveDialog({ title: 'Export session', defaultPath: join(app.getPath('documents'), exported.fileName) });
        if (choice.canceled || !choice.filePath) await exported.discard();
        else await exported.saveTo(choice.filePath);
      })().catch(report('Could not export the session'));
    },
    // The renderer's styles follow prefers-color-scheme, which themeSource sets; the inspector's own
    // theme picker is told too, so a theme picked there earlier does not override the menu's.
    setTheme: (theme: 'system' | 'light' | 'dark') => {
      nativeTheme.themeSource = theme;
      mainWindow?.webContents.send(THEME_CHOSEN_CHANNEL, theme);
    },
    openDocs: () => void shell.openPath(join(app.getAppPath(), 'README.md')),
    showAbout: () => {
      void dialog.showMessageBox({
        title: `About ${app.name}`,
        message: `${app.name} ${app.getVersion()}`,
        detail: `SCIM base URL: ${engine.scimBaseUrl}\nDatabase: ${engine.dbPath}\n${engine.logFile ? `Log: ${engine.logFile}\n` : ''}Electron ${process.versions.electron}, Node ${process.versions.node}`,
      });
    },
  };
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
  // The inspector's downloads (mappings, replay reports) are written by Chromium, which gives a
  // finished download the umask's mode: make it the owner's only, like every file the workbench writes.
  session.defaultSession.on('will-download', (_event, item) => {
    item.once('done', (_done, state) => {
      if (state === 'completed') tightenFile(item.getSavePath());
    });
  });
  // userData holds the database (workspace tokens, recorded traffic): the owner's only, also when
  // an older version or the CLI created it 0755.
  ensurePrivateDir(app.getPath('userData'));

  // The engine runs in a utility process: SQLite and a burst of IdP traffic never stall the window's main process.
  const fork = () => utilityProcess.fork(join(outMainDir, 'engine-process.js'), [], { serviceName: 'SCIM Workbench engine' }) as unknown as EngineChild;
  const engine = await startEngineProcess(fork, desktopEngineOptions(app.getPath('userData'))).catch((error: unknown) => {
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
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ platform: process.platform, development: !app.isPackaged, appName: app.name, actions: menuActions(engine) })),
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

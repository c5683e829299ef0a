import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DB_FILE } from '../../../src/engine/data-dir';
import { DESKTOP_ENGINE_PORT, closeEngineOnQuit, describeStartFailure, desktopEngineOptions, type QuittingApp } from '../../../src/main/engine-lifecycle';

describe('desktopEngineOptions', () => {
  it('uses the shared database file and log folder on loopback and the fixed port, and lets the file:// window write to the admin API', () => {
    expect(desktopEngineOptions('/home/me/.config/SCIM Workbench')).toEqual({
      dbPath: join('/home/me/.config/SCIM Workbench', DEFAULT_DB_FILE),
      logDir: join('/home/me/.config/SCIM Workbench', 'logs'),
      host: '127.0.0.1',
      port: 8787,
      adminWindowOrigins: ['file://', 'null'],
    });
  });
});

describe('describeStartFailure', () => {
  it('explains a locked or damaged database with what to do', () => {
    const locked = describeStartFailure(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(locked.title).toBe('The database is in use');
    expect(locked.message).toContain('Close other copies');
    const corrupt = describeStartFailure(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }));
    expect(corrupt.title).toBe('The database file is damaged');
    expect(corrupt.message).toContain('Move workbench.db');
  });

  it('explains a taken port', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8787'), {
      code: 'EADDRINUSE',
    });
    const failure = describeStartFailure(error, DESKTOP_ENGINE_PORT);
    expect(failure.title).toBe('Port 8787 is already in use');
    expect(failure.message).toContain('npx scim-workbench serve');
  });

  it('passes other errors through', () => {
    expect(describeStartFailure(new Error('database disk image is malformed')).message).toBe('database disk image is malformed');
    expect(describeStartFailure('boom').message).toBe('boom');
    expect(describeStartFailure(null).title).toMatch(/could not start/);
  });
});

describe('closeEngineOnQuit', () => {
  function fakeApp() {
    let listener: ((event: { preventDefault(): void }) => void) | undefined;
    const quit = vi.fn<() => void>();
    const app: QuittingApp = { on: (_event, l) => (listener = l), quit };
    const willQuit = () => {
      const preventDefault = vi.fn();
      listener?.({ preventDefault });
      return preventDefault;
    };
    return { app, quit, willQuit };
  }

  it('holds the quit until the engine has closed, then quits once', async () => {
    const { app, quit, willQuit } = fakeApp();
    let finishClose!: () => void;
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)));
    closeEngineOnQuit(app, { close });

    expect(willQuit()).toHaveBeenCalled();
    expect(willQuit()).toHaveBeenCalled(); // a second quit while closing is also held
    expect(close).toHaveBeenCalledOnce();
    expect(quit).not.toHaveBeenCalled();

    finishClose();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    expect(willQuit()).not.toHaveBeenCalled(); // the final quit goes through
  });

  it('still quits when closing fails, and reports it', async () => {
    const { app, quit, willQuit } = fakeApp();
    const logError = vi.fn();
    closeEngineOnQuit(app, { close: () => Promise.reject(new Error('busy')) }, logError);
    willQuit();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledOnce());
    expect(logError).toHaveBeenCalledWith(expect.any(String), expect.any(Error));
  });
});

import type { BrowserWindowConstructorOptions } from 'electron';
import { DEFAULT_BOUNDS, type WindowState } from './window-state';

/**
 * The single window's options. Pure, so tests can pin the security settings that
 * matter: the renderer gets no Node, runs sandboxed and isolated from the preload.
 */
export function windowOptions(preloadPath: string, saved?: WindowState): BrowserWindowConstructorOptions {
  return {
    title: 'SCIM Workbench',
    ...(saved?.bounds ?? DEFAULT_BOUNDS),
    minWidth: 720,
    minHeight: 480,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
    },
  };
}

/**
 * The one contract between the Electron main process, the preload script and the
 * renderer. Kept free of Node and DOM imports so all three builds can share it.
 */

/** The only IPC channel the renderer may use (see src/main/ipc.ts). */
export const ENGINE_INFO_CHANNEL = 'workbench:get-engine-info';
/** Main → renderer only: the theme picked in View → Theme, so the inspector's own theme picker agrees. */
export const THEME_CHOSEN_CHANNEL = 'workbench:theme-chosen';
export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the renderer needs to talk to the local SCIM engine over HTTP. */
export interface EngineInfo {
  /** e.g. `http://127.0.0.1:8787/scim/v2` */
  scimBaseUrl: string;
  /** Bearer token the engine expects on every SCIM request. */
  token: string;
  /** The desktop app's version (package.json `version`). */
  version: string;
  /** The inspector's admin API on loopback, e.g. `http://127.0.0.1:51234/api`, and its token. */
  adminUrl: string;
  adminToken: string;
}

/** Exposed by the preload script as `window.workbench`; absent in a plain browser. */
export interface WorkbenchBridge {
  getEngineInfo(): Promise<EngineInfo>;
  /** Calls `listener` with each theme picked in the menu; returns the unsubscribe function. */
  onThemeChosen(listener: (theme: ThemeChoice) => void): () => void;
}

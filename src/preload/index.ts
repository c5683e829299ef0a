/**
 * Runs sandboxed (sandbox: true), so it may only require 'electron' and is built as
 * CommonJS (out/preload/index.cjs). It exposes a narrow, typed API — never the raw
 * ipcRenderer, which would let page script invoke any channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_INFO_CHANNEL, THEME_CHOSEN_CHANNEL, type EngineInfo, type ThemeChoice, type WorkbenchBridge } from '../shared/bridge';

const workbench: WorkbenchBridge = {
  getEngineInfo: () => ipcRenderer.invoke(ENGINE_INFO_CHANNEL) as Promise<EngineInfo>,
  // Only the theme reaches the listener, never the IPC event (which would expose the sender).
  onThemeChosen: (listener) => {
    const handler = (_event: unknown, theme: ThemeChoice) => listener(theme);
    ipcRenderer.on(THEME_CHOSEN_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(THEME_CHOSEN_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('workbench', workbench);

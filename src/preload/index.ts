/**
 * Runs sandboxed (sandbox: true), so it may only require 'electron' and is built as
 * CommonJS (out/preload/index.cjs). It exposes a narrow, typed API — never the raw
 * ipcRenderer, which would let page script invoke any channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_INFO_CHANNEL, type EngineInfo, type WorkbenchBridge } from '../shared/bridge';

const workbench: WorkbenchBridge = {
  getEngineInfo: () => ipcRenderer.invoke(ENGINE_INFO_CHANNEL) as Promise<EngineInfo>,
};

contextBridge.exposeInMainWorld('workbench', workbench);

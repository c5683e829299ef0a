import { ENGINE_INFO_CHANNEL, type EngineInfo } from '../shared/bridge';

/** The slice of Electron's ipcMain we use, so tests can pass a fake. */
export interface InvokeHandlerRegistry {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }) => unknown): void;
}

/**
 * Registers the app's only IPC handler. The reply carries the SCIM bearer token, so
 * it is given only to frames showing our renderer — not to whatever page a frame may
 * have been navigated to (Electron's guidance: validate every IPC sender).
 */
export function registerEngineInfoHandler(ipcMain: InvokeHandlerRegistry, getEngineInfo: () => EngineInfo, isTrustedFrameUrl: (url: string) => boolean): void {
  ipcMain.handle(ENGINE_INFO_CHANNEL, (event) => {
    const frameUrl = event.senderFrame?.url;
    if (frameUrl === undefined || !isTrustedFrameUrl(frameUrl)) {
      throw new Error(`${ENGINE_INFO_CHANNEL} refused: the request did not come from the SCIM Workbench window`);
    }
    return getEngineInfo();
  });
}

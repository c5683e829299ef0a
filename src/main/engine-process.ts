/**
 * Entry of the engine's utility process (out/main/engine-process.js): the SCIM server, the admin
 * API and SQLite run here, so a 5,000-user import never stalls the main process that draws menus and
 * dialogs. It speaks only through the parent port (see engine-messages.ts).
 */
import { startEngine, type RunningEngine } from '../engine/engine';
import type { FromEngine, ToEngine } from './engine-messages';

/** The slice of Electron's `process.parentPort` used here, so tests can pass a fake. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: FromEngine): void;
}

export function serveEngineOver(
  port: ParentPortLike,
  start: typeof startEngine = startEngine,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let engine: RunningEngine | undefined;
  port.on('message', ({ data }) => {
    const message = data as ToEngine;
    if (message?.type === 'start' && !engine) {
      start(message.options).then(
        (running) => {
          engine = running;
          const { scimBaseUrl, token, adminUrl, adminToken, dbPath, logFile } = running;
          port.postMessage({ type: 'ready', address: { scimBaseUrl, token, adminUrl, adminToken, dbPath, ...(logFile && { logFile }) } });
        },
        (error: NodeJS.ErrnoException) => {
          port.postMessage({ type: 'failed', error: { message: error.message, ...(error.code && { code: error.code }) } });
          exit(1);
        },
      );
    } else if (message?.type === 'stop') {
      // Closing flushes the recorder and checkpoints SQLite before the process goes.
      void (engine?.close() ?? Promise.resolve()).finally(() => {
        port.postMessage({ type: 'stopped' });
        exit(0);
      });
    }
  });
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (parentPort) serveEngineOver(parentPort);

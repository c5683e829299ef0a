import type { EngineOptions } from '../engine/engine';
import type { EngineAddress, FromEngine, ToEngine } from './engine-messages';

/** The slice of Electron's UtilityProcess used here, so tests can pass a fake. */
export interface EngineChild {
  postMessage(message: ToEngine): void;
  on(event: 'message', listener: (message: FromEngine) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface EngineHandle extends EngineAddress {
  /** Asks the engine to close (flushing SQLite); kills it if it has not finished within the grace period. */
  close(): Promise<void>;
}

/**
 * Starts the engine in its own process and resolves with its addresses once it listens. A start
 * failure rejects with the engine's error (its `code`, e.g. EADDRINUSE, kept for the dialog).
 */
export function startEngineProcess(fork: () => EngineChild, options: EngineOptions, timing = { startMs: 30_000, stopMs: 5_000 }): Promise<EngineHandle> {
  const child = fork();
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  return new Promise<EngineHandle>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The SCIM engine did not start within ${timing.startMs / 1000} s.`));
    }, timing.startMs);
    child.on('message', (message) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({ ...message.address, close: () => stop() });
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
      }
    });
    void exitedPromise.then(() => {
      clearTimeout(timer);
      reject(new Error('The SCIM engine process ended before it was ready.'));
    });
    child.postMessage({ type: 'start', options });
  });

  async function stop(): Promise<void> {
    if (exited) return;
    child.postMessage({ type: 'stop' });
    const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timing.stopMs).unref());
    if ((await Promise.race([exitedPromise, grace])) === 'timeout') child.kill();
  }
}

import type { EngineOptions } from '../engine/engine';

/** What the main process and the engine's utility process say to each other (structured-clone safe). */
export type ToEngine = { type: 'start'; options: EngineOptions } | { type: 'stop' };

export interface EngineAddress {
  scimBaseUrl: string;
  token: string;
  adminUrl: string;
  adminToken: string;
  dbPath: string;
  /** Where the engine logs (a 500's correlation id finds its stack there), shown in the About box. */
  logFile?: string;
}

export type FromEngine = { type: 'ready'; address: EngineAddress } | { type: 'failed'; error: { message: string; code?: string } } | { type: 'stopped' };

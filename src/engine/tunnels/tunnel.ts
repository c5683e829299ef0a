import type { Socket } from 'node:net';
import type { TunnelHostKey } from '../../shared/admin-api';

/** What a tunnel is doing, for the CLI's lines and the inspector's connection card. */
export type TunnelStatus =
  | { state: 'connecting'; provider: string }
  | { state: 'online'; provider: string; publicUrl: string; hostKey?: TunnelHostKey }
  | { state: 'reconnecting'; provider: string; attempt: number; retryInMs: number; reason: string }
  | { state: 'failed'; provider: string; message: string }
  | { state: 'stopped'; provider: string };

/** The SCIM listener, the only thing a tunnel may forward to. */
export interface TunnelTarget {
  host: string;
  port: number;
  /** A connection to the SCIM listener whose requests are recorded with source `tunnel`. */
  connect(): Socket;
}

/**
 * One way of making the SCIM listener reachable from the internet. `start` resolves with the
 * public origin (`https://abc.ngrok.app`, `http://bastion:4321`) once traffic can flow, or rejects
 * with a message a person can act on; later changes arrive through `onStatus`.
 */
export interface TunnelProvider {
  readonly name: string;
  start(target: TunnelTarget, onStatus: (status: TunnelStatus) => void): Promise<string>;
  stop(): Promise<void>;
}

/** A failure the user can fix, said in words (bad key, port taken, no binary…). */
export class TunnelError extends Error {}

/** A start cut short by stop(): whatever it had opened is closed, and this is what it rejects with. */
export function stoppedWhileStarting(provider: string): TunnelError {
  return new TunnelError(`The ${provider} tunnel was stopped before it came online.`);
}

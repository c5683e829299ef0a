import type { Logger } from 'pino';
import type { TunnelStatus } from '../tunnels/tunnel';

/** A tunnel's ups and downs in the engine log: when an IdP's requests stopped arriving, this says why. */
export function logTunnelStatus(logger: Logger, status: TunnelStatus): void {
  const tunnel = `Tunnel (${status.provider})`;
  switch (status.state) {
    case 'connecting':
      return logger.info(`${tunnel} connecting`);
    case 'online':
      return logger.info(`${tunnel} online at ${status.publicUrl}`);
    case 'reconnecting':
      return logger.warn(`${tunnel} lost: ${status.reason}; reconnecting (attempt ${status.attempt})`);
    case 'failed':
      return logger.error(`${tunnel} failed: ${status.message}`);
    case 'stopped':
      return logger.info(`${tunnel} stopped`);
  }
}

import { createServer, type Server } from 'node:net';
import { pipeBoth } from './pipe-both';
import type { TunnelTarget } from './tunnel';

export interface LocalRelay {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback port that pipes every connection into the SCIM listener through `target.connect()`.
 * For tunnel clients that dial the local service themselves (the ngrok SDK, localtunnel): their
 * connections then reach the engine as tunnel connections, recorded with source `tunnel`, and
 * they can only ever reach the SCIM listener — the relay knows no other port.
 */
export async function startLocalRelay(target: TunnelTarget): Promise<LocalRelay> {
  const server: Server = createServer((incoming) => pipeBoth(incoming, target.connect()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open keep-alive connections would hold close() forever.
        (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

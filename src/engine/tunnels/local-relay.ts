import { createServer, type Server, type Socket } from 'node:net';
import { pipeBoth } from './pipe-both';
import type { TunnelTarget } from './tunnel';

export interface LocalRelay {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback port that pipes every connection into the SCIM listener through `target.connect()`.
 * For tunnel clients that dial the local service themselves (the ngrok SDK): their
 * connections then reach the engine as tunnel connections, recorded with source `tunnel`, and
 * they can only ever reach the SCIM listener — the relay knows no other port.
 */
export async function startLocalRelay(target: TunnelTarget): Promise<LocalRelay> {
  const open = new Set<Socket>();
  const server: Server = createServer((incoming) => {
    open.add(incoming);
    incoming.on('close', () => open.delete(incoming));
    pipeBoth(incoming, target.connect());
  });
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
        // A net.Server's close() waits for every connection to end: relayed keep-alive ones never would.
        for (const socket of open) socket.destroy();
      }),
  };
}

import { connect, createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLocalRelay } from '../../../../src/engine/tunnels/local-relay';

/** The loopback relay in front of the SCIM listener: it pipes both ways, and closing it ends connections still open. */
describe('local relay', () => {
  it('pipes to the target, and close() ends a connection left open (keep-alive) instead of waiting for it', async () => {
    const held: Socket[] = [];
    const echo = createServer((socket) => {
      held.push(socket);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoPort = (echo.address() as { port: number }).port;
    const relay = await startLocalRelay({ host: '127.0.0.1', port: echoPort, connect: () => connect({ host: '127.0.0.1', port: echoPort }) });
    const client = connect({ host: '127.0.0.1', port: relay.port });
    const echoed = await new Promise<string>((resolve) => {
      client.once('data', (data) => resolve(data.toString()));
      client.write('ping');
    });
    expect(echoed).toBe('ping');
    const clientClosed = new Promise((resolve) => client.once('close', resolve));
    await relay.close();
    await clientClosed;
    expect(client.destroyed).toBe(true);
    for (const socket of held) socket.destroy();
    echo.close();
  });
});

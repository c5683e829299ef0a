import { createServer, type Server } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NgrokTunnel } from '../../../../src/engine/tunnels/ngrok-tunnel';
import type { TunnelStatus, TunnelTarget } from '../../../../src/engine/tunnels/tunnel';
import { refusedPort } from '../../../support/ports';

/**
 * ngrok's service is on the internet, out of reach here: these run the real @ngrok/ngrok SDK
 * against loopback addresses (its `server_addr` setting) that refuse, hang up or stay silent, and
 * check that each failure ends in a sentence a person can act on — never a hang.
 */
const target: TunnelTarget = {
  host: '127.0.0.1',
  port: 1,
  connect: () => {
    throw new Error('no traffic expected');
  },
};

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('ngrok tunnel without the internet', () => {
  let savedToken: string | undefined;
  beforeEach(() => {
    savedToken = process.env.NGROK_AUTHTOKEN;
    delete process.env.NGROK_AUTHTOKEN;
  });
  afterEach(() => {
    if (savedToken === undefined) delete process.env.NGROK_AUTHTOKEN;
    else process.env.NGROK_AUTHTOKEN = savedToken;
  });

  it('asks for an authtoken when neither the settings nor NGROK_AUTHTOKEN have one', async () => {
    const statuses: TunnelStatus[] = [];
    await expect(new NgrokTunnel().start(target, (status) => statuses.push(status))).rejects.toThrow(
      /ngrok needs an authtoken: copy it from https:\/\/dashboard\.ngrok\.com/,
    );
    expect(statuses).toEqual([]); // nothing was attempted
  });

  it('uses NGROK_AUTHTOKEN, and says when the ngrok service cannot be reached', async () => {
    process.env.NGROK_AUTHTOKEN = 'from-environment';
    const nothing = await refusedPort();
    const statuses: TunnelStatus[] = [];
    try {
      await expect(new NgrokTunnel({ serverAddr: `127.0.0.1:${nothing.port}` }).start(target, (status) => statuses.push(status))).rejects.toThrow(
        `Cannot reach ngrok at 127.0.0.1:${nothing.port}: no network, or a firewall or proxy blocks it.`,
      );
    } finally {
      await nothing.close();
    }
    expect(statuses.map((status) => status.state)).toEqual(['connecting']);
  });

  it('says when the server hangs up during the TLS handshake', async () => {
    const hangUp = createServer((socket) => socket.destroy());
    const port = await listen(hangUp);
    try {
      await expect(new NgrokTunnel({ authtoken: 'x', serverAddr: `127.0.0.1:${port}` }).start(target, () => {})).rejects.toThrow(
        /did not complete the TLS handshake/,
      );
    } finally {
      hangUp.close();
    }
  });

  it('gives up after its timeout when the server never answers', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    const port = await listen(silent);
    try {
      await expect(new NgrokTunnel({ authtoken: 'x', serverAddr: `127.0.0.1:${port}`, startTimeoutMs: 500 }).start(target, () => {})).rejects.toThrow(
        `ngrok did not answer within 0.5 s (no network, or 127.0.0.1:${port} unreachable).`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('ngrok stopped while it starts', () => {
  it('gives up at once and leaves nothing open (no late session, no public endpoint)', async () => {
    const sockets = new Set<import('node:net').Socket>();
    let connected: () => void;
    const ngrokConnected = new Promise<void>((resolve) => (connected = resolve));
    const silent = createServer((socket) => {
      sockets.add(socket);
      connected();
    });
    const port = await listen(silent);
    try {
      const tunnel = new NgrokTunnel({ authtoken: 'x', serverAddr: `127.0.0.1:${port}`, startTimeoutMs: 60_000 });
      const starting = tunnel.start(target, () => {});
      // Stopped while ngrok is connecting to its server, not before it started.
      await ngrokConnected;
      await tunnel.stop();
      // Long before the 60 s start timeout: stop() ended the wait.
      await expect(starting).rejects.toThrow('The ngrok tunnel was stopped before it came online.');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

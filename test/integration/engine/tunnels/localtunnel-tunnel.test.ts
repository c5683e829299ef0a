import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsTunnel } from '../../../../src/engine/http/tunnel-connections';
import { URN } from '../../../../src/engine/scim/urns';
import { LocaltunnelTunnel } from '../../../../src/engine/tunnels/localtunnel-tunnel';
import type { TunnelStatus, TunnelTarget } from '../../../../src/engine/tunnels/tunnel';
import { startTestLocaltunnelServer, type TestLocaltunnelServer } from '../../../support/localtunnel-server';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { refusedPort } from '../../../support/ports';

/**
 * Our localtunnel client (src/engine/tunnels/localtunnel-client.ts) against a self-hosted localtunnel server on a loopback port (see
 * test/support/localtunnel-server.ts); localtunnel.me itself is not reachable from here, so for it
 * only the error handling is tested, with servers that refuse, vanish or never answer.
 */
describe('localtunnel', () => {
  let server: TestLocaltunnelServer;
  let scim: ScimTestServer;
  let target: TunnelTarget;
  beforeAll(async () => {
    server = await startTestLocaltunnelServer();
    scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    target = { host: '127.0.0.1', port, connect: () => connectAsTunnel('127.0.0.1', port) };
  });
  afterAll(async () => {
    await scim?.close();
    await server?.close();
  });

  it('serves the SCIM API at the public URL the server gives, recorded as tunnel traffic', async () => {
    const statuses: TunnelStatus[] = [];
    const tunnel = new LocaltunnelTunnel({ host: server.url, subdomain: 'acme-scim' });
    const publicUrl = await tunnel.start(target, (status) => statuses.push(status));
    try {
      expect(server.requests.at(-1)).toBe('/acme-scim');
      expect(publicUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(statuses.map((status) => status.state)).toEqual(['connecting', 'online']);
      const created = await fetch(`${publicUrl}/scim/v2/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scim.token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: [URN.user], userName: 'through.localtunnel@example.com' }),
      });
      expect(created.status).toBe(201);
      expect(scim.app.workbench.recordings.listExchanges({ limit: 1 }).items[0]).toMatchObject({ source: 'tunnel', request: { method: 'POST' } });
      // The Host the IdP used is kept (meta.location is built from it), not rewritten to the relay's.
      const body = (await created.json()) as { meta: { location: string } };
      expect(body.meta.location.startsWith(`${publicUrl}/scim/v2/Users/`)).toBe(true);
      // Only the SCIM listener is behind the tunnel.
      expect((await fetch(`${publicUrl}/api/exchanges`)).status).toBe(404);
    } finally {
      await tunnel.stop();
    }
  });

  it('reports reconnecting when the server goes away', async () => {
    const own = await startTestLocaltunnelServer();
    let reported: (status: TunnelStatus) => void;
    const reconnecting = new Promise<TunnelStatus>((resolve) => (reported = resolve));
    const tunnel = new LocaltunnelTunnel({ host: own.url, retryInMs: 50 });
    try {
      await tunnel.start(target, (status) => {
        if (status.state === 'reconnecting') reported(status);
      });
      own.dropClients();
      expect(await reconnecting).toMatchObject({ provider: 'localtunnel', reason: expect.stringContaining('connection refused') });
    } finally {
      await tunnel.stop();
      await own.close();
    }
  });

  it('says so when the server refuses the tunnel', async () => {
    const refusing = await startTestLocaltunnelServer({ refuseWith: { status: 409, message: 'Subdomain acme is taken' } });
    try {
      await expect(new LocaltunnelTunnel({ host: refusing.url, subdomain: 'acme' }).start(target, () => {})).rejects.toThrow(
        `The localtunnel server ${refusing.url} refused the tunnel (HTTP 409): Subdomain acme is taken`,
      );
    } finally {
      await refusing.close();
    }
  });

  it('gives up with a message when the server is unreachable or silent, instead of retrying forever', async () => {
    const nothing = await refusedPort();
    try {
      await expect(new LocaltunnelTunnel({ host: `http://127.0.0.1:${nothing.port}` }).start(target, () => {})).rejects.toThrow(
        `Cannot reach the localtunnel server http://127.0.0.1:${nothing.port}`,
      );
    } finally {
      await nothing.close();
    }

    const silent: Server = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const host = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      await expect(new LocaltunnelTunnel({ host, startTimeoutMs: 300 }).start(target, () => {})).rejects.toThrow(
        `The localtunnel server ${host} did not answer within 0.3 s`,
      );
    } finally {
      silent.close();
    }
  });

  it('gives up at once when stopped while asking the server for a tunnel', async () => {
    const held = new Set<import('node:net').Socket>();
    let asked: () => void;
    const askedForTunnel = new Promise<void>((resolve) => (asked = resolve));
    const silent: Server = createServer((socket) => {
      held.add(socket);
      asked();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const tunnel = new LocaltunnelTunnel({ host: `http://127.0.0.1:${(silent.address() as { port: number }).port}`, startTimeoutMs: 60_000 });
      const starting = tunnel.start(target, () => {});
      // Stopped while the request for a tunnel is open, not before it was sent.
      await askedForTunnel;
      await tunnel.stop();
      await expect(starting).rejects.toThrow('The localtunnel tunnel was stopped before it came online.');
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it('refuses a server address or subdomain it cannot use, before any request', async () => {
    await expect(new LocaltunnelTunnel({ host: 'localtunnel.me' }).start(target, () => {})).rejects.toThrow('must be an http(s) URL');
    await expect(new LocaltunnelTunnel({ host: server.url, subdomain: 'no spaces!' }).start(target, () => {})).rejects.toThrow(
      'cannot be a localtunnel subdomain',
    );
  });

  it('says so when the answer is not from a localtunnel server', async () => {
    await expect(new LocaltunnelTunnel({ host: scim.origin }).start(target, () => {})).rejects.toThrow(
      /did not answer like a localtunnel server|refused the tunnel \(HTTP 404\)/,
    );
  });
});

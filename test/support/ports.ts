import { connect, createServer, type Socket } from 'node:net';

/** A loopback port held by this process with nothing listening on it. */
export interface RefusedPort {
  port: number;
  close(): Promise<void>;
}

/**
 * A loopback port where connections are refused (ECONNREFUSED), held for as long as the test needs
 * it: for "cannot be reached" tests. It is the local end of a connection this process keeps open to
 * a server of its own: bound, so no other socket can listen on it (a listener's bind conflicts, and
 * the OS hands it to no `listen(0)`), yet not listening, so a connection to it is refused. A port
 * closed and handed out by number could be taken by another process meanwhile, and the test would
 * reach that process instead.
 */
export async function refusedPort(): Promise<RefusedPort> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const holder = connect((server.address() as { port: number }).port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => holder.once('connect', resolve).once('error', reject));
  return {
    port: holder.localPort!,
    close: async () => {
      holder.destroy();
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Runs `bind(port)` for something that binds a port number itself (a child process such as sshd,
 * or a listener under test given an explicit port). The OS cannot hand a port it holds for us over
 * to another socket, so the port was free a moment ago and may have been taken since: when `bind`
 * fails because it was (`inUse(error)`), it tries another port, a few times, then fails with the
 * last error. Any other failure fails at once.
 */
export async function onPortFreeAMomentAgo<T>(bind: (port: number) => Promise<T>, inUse: (error: unknown) => boolean, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await portFreeAMomentAgo();
    try {
      return await bind(port);
    } catch (error) {
      if (attempt >= attempts || !inUse(error)) throw error;
    }
  }
}

async function portFreeAMomentAgo(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

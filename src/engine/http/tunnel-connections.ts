import { connect, type Socket } from 'node:net';

/**
 * Connections a tunnel provider opened to the SCIM listener, by their local port: the server sees
 * each as a socket whose remote port is that number, which is how a request is known to have come
 * through a tunnel even when the tunnel adds no forwarding header (an SSH reverse tunnel).
 */
const tunnelPorts = new Set<number>();

export function connectAsTunnel(host: string, port: number): Socket {
  const socket = connect({ host, port });
  socket.once('connect', () => {
    const local = socket.localPort;
    if (local === undefined) return;
    tunnelPorts.add(local);
    socket.once('close', () => tunnelPorts.delete(local));
  });
  return socket;
}

/** Takes a fastify request, or anything else that knows its socket (a request refused before fastify saw it). */
export function cameThroughTunnel(request: { socket: Pick<Socket, 'remoteAddress' | 'remotePort'> }): boolean {
  const { remoteAddress, remotePort } = request.socket;
  return (
    remotePort !== undefined &&
    tunnelPorts.has(remotePort) &&
    (remoteAddress === '127.0.0.1' || remoteAddress === '::ffff:127.0.0.1' || remoteAddress === '::1')
  );
}

import { connect, type Socket } from 'node:net';

/** A raw TCP connection to the server, for what fetch cannot send: half a request, a stalled body. */
export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far. */
  received: () => string;
  /** Resolves with everything the server sent once it closed the connection (or it was reset). */
  closed: Promise<string>;
  /** Resolves once what the server sent contains `text` (`times` times). */
  waitFor(text: string, times?: number): Promise<string>;
}

export async function openRaw(origin: string): Promise<RawConnection> {
  const { hostname, port } = new URL(origin);
  const socket = connect({ host: hostname, port: Number(port) });
  let data = '';
  const waiters: { text: string; times: number; resolve: (value: string) => void }[] = [];
  const seen = (text: string, times: number) => data.split(text).length - 1 >= times;
  socket.on('data', (chunk) => {
    data += chunk.toString();
    for (const waiter of waiters.filter((w) => seen(w.text, w.times))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(data);
    }
  });
  // A reset after the answer is still a closed connection; the test reads what arrived.
  socket.on('error', () => {});
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    received: () => data,
    closed,
    waitFor: (text, times = 1) => (seen(text, times) ? Promise.resolve(data) : new Promise((resolve) => waiters.push({ text, times, resolve }))),
  };
}

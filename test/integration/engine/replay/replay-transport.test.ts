import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReplayTransport } from '../../../../src/engine/replay/replay-transport';

/**
 * The replay's HTTP transport against raw TCP servers that misbehave on purpose: one kept-alive
 * connection for every step, a connection the target dropped while idle taken again on a new one,
 * and no answer in time reported as a timeout.
 */
let server: Server | undefined;
let transport: ReplayTransport | undefined;
afterEach(async () => {
  transport?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

/** A server whose `onRequest` decides per request, given the connection's number (from 1) and the request's number on it. */
async function rawServer(
  onRequest: (socket: Socket, connection: number, request: number, text: string) => void,
): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((socket) => {
    const connection = ++connections;
    let requests = 0;
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffered.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const text = buffered.subarray(0, end + 4 + length).toString('utf8');
      buffered = buffered.subarray(end + 4 + length);
      onRequest(socket, connection, ++requests, text);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, connections: () => connections };
}

const answer = (socket: Socket, body: string) =>
  socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/scim+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`);

describe('the replay transport', () => {
  it('sends every request over one kept-alive connection, with the body and its length', async () => {
    const seen: string[] = [];
    const target = await rawServer((socket, _connection, _request, text) => {
      seen.push(text);
      answer(socket, '{"ok":true}');
    });
    transport = new ReplayTransport();
    for (let n = 0; n < 3; n++) {
      const reply = await transport.send(`${target.url}/Users`, {
        method: 'POST',
        headers: { 'content-length': '1', 'x-step': String(n) },
        body: '{"n":"ü"}',
        timeoutMs: 5000,
      });
      expect(reply).toEqual({ status: 200, text: '{"ok":true}' });
    }
    expect(target.connections()).toBe(1);
    expect(seen).toHaveLength(3);
    // The transport's own length (10 bytes in UTF-8), never the one the step carried.
    expect(seen[2]).toMatch(/content-length: 10\r\n/i);
    expect(seen[2]).toMatch(/x-step: 2\r\n/i);
    expect(seen[2]!.endsWith('{"n":"ü"}')).toBe(true);
  });

  it('sends a request once more on a new connection when the target dropped the idle one', async () => {
    const target = await rawServer((socket, connection, request) => {
      // The first connection is dropped at its second request, as a target closing an idle connection does.
      if (connection === 1 && request === 2) return void socket.resetAndDestroy();
      answer(socket, `{"connection":${connection}}`);
    });
    transport = new ReplayTransport();
    expect(await transport.send(`${target.url}/Users/1`, { method: 'GET', headers: {}, timeoutMs: 5000 })).toMatchObject({ text: '{"connection":1}' });
    expect(await transport.send(`${target.url}/Users/1`, { method: 'GET', headers: {}, timeoutMs: 5000 })).toMatchObject({ text: '{"connection":2}' });
    expect(target.connections()).toBe(2);
  });

  it('does not send again when a new connection is dropped: the target may have received the request', async () => {
    const target = await rawServer((socket) => socket.resetAndDestroy());
    transport = new ReplayTransport();
    await expect(transport.send(`${target.url}/Users`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    expect(target.connections()).toBe(1);
  });

  it('gives up with a TimeoutError when no answer arrives in time', async () => {
    const target = await rawServer(() => {});
    transport = new ReplayTransport();
    await expect(transport.send(`${target.url}/Users`, { method: 'GET', headers: {}, timeoutMs: 200 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

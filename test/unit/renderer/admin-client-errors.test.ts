import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminAnswer } from '../../../src/renderer/src/api/read-admin-answer';

/** What the inspector shows when the admin API (or something in front of it) answers badly: a real HTTP server on 127.0.0.1. */
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/api/sessions') response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    else if (request.url === '/api/tunnel')
      response.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'A tunnel is already starting.' }));
    else response.writeHead(200, { 'content-type': 'text/plain' }).end('not json');
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
const get = async (path: string) => readAdminAnswer(await fetch(`${origin}/api${path}`), 'GET', path);
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

describe('an admin API answer that is not what the inspector expects', () => {
  it('names the status and the start of a non-JSON error body', async () => {
    await expect(get('/sessions')).rejects.toThrow('GET /sessions answered 502: <html>Bad Gateway</html>');
  });

  it("shows the engine's own error message", async () => {
    await expect(get('/tunnel')).rejects.toThrow('A tunnel is already starting.');
  });

  it('refuses a success whose body is not JSON, saying so', async () => {
    await expect(get('/info')).rejects.toThrow(/answered 200 with a body that is not JSON: not json/);
  });
});

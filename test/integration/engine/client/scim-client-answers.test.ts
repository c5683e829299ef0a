import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ScimClient } from '../../../../src/engine/client/scim-client';

/**
 * What a target can tell about the client's transport (node:http, not fetch): a compressed answer
 * is read as its text, a redirect is returned rather than followed, a leading BOM is dropped, the
 * request body arrives whole with its length, and an answer slower than the timeout fails that
 * request with the reason.
 */
const JSON_TYPE = 'application/scim+json';
const DOCUMENT = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '1', userName: 'zoë@example.com' };
let server: Server;
let baseUrl: string;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const text = JSON.stringify(DOCUMENT);
      if (request.url === '/scim/v2/gzip') response.writeHead(200, { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' }).end(gzipSync(text));
      else if (request.url === '/scim/v2/br') response.writeHead(200, { 'content-type': JSON_TYPE, 'content-encoding': 'br' }).end(brotliCompressSync(text));
      else if (request.url === '/scim/v2/moved') response.writeHead(302, { location: '/scim/v2/gzip' }).end();
      else if (request.url === '/scim/v2/bom') response.writeHead(200, { 'content-type': JSON_TYPE }).end(`\uFEFF${text}`);
      else if (request.url === '/scim/v2/slow') held.push(response);
      else response.writeHead(201, { 'content-type': JSON_TYPE, etag: 'W/"1"' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}/scim/v2`;
});
afterAll(async () => {
  for (const response of held) response.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const client = (timeoutMs = 5_000) => new ScimClient({ baseUrl, auth: { kind: 'bearer', token: 't0ken' }, userAgent: 'answers-test', timeoutMs });

it('reads gzip and brotli answers as their text', async () => {
  for (const path of ['/gzip', '/br']) {
    const answer = await client().send('GET', path);
    expect(answer, path).toMatchObject({ status: 200, contentType: JSON_TYPE, body: DOCUMENT, text: JSON.stringify(DOCUMENT) });
  }
});

it('returns a redirect as the answer instead of following it', async () => {
  const before = received.length;
  const answer = await client().send('GET', '/moved');
  expect(answer.status).toBe(302);
  expect(answer.headers.get('location')).toBe('/scim/v2/gzip');
  expect(received.length - before).toBe(1);
});

it('drops a leading byte order mark from the text', async () => {
  const answer = await client().send('GET', '/bom');
  expect(answer.text).toBe(JSON.stringify(DOCUMENT));
  expect(answer.body).toEqual(DOCUMENT);
});

it('sends the body whole with its length, the headers, and reads the answer headers', async () => {
  const answer = await client().send('POST', '/Users', DOCUMENT, { 'x-extra': 'yes' });
  expect(answer).toMatchObject({ status: 201, body: DOCUMENT });
  expect(answer.headers.get('etag')).toBe('W/"1"');
  const request = received.at(-1)!;
  expect(request).toMatchObject({ method: 'POST', url: '/scim/v2/Users', body: JSON.stringify(DOCUMENT) });
  expect(request.headers).toMatchObject({
    authorization: 'Bearer t0ken',
    'user-agent': 'answers-test',
    accept: JSON_TYPE,
    'content-type': 'application/scim+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(JSON.stringify(DOCUMENT))),
    'x-extra': 'yes',
  });
});

it('fails a request whose answer does not come within the timeout, with the reason', async () => {
  await expect(client(200).send('GET', '/slow')).rejects.toThrow('GET /slow did not get through: no answer within 0.2 s');
});

import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * A SCIM body is JSON in UTF-8 (RFC 8259 §8.1) and is not compressed: a body declared in another
 * charset, or sent with a Content-Encoding, is refused with a 415 that says so, where reading its
 * bytes as UTF-8 would store mangled names (`é` sent as Latin-1 came out as U+FFFD) or fail as
 * "not valid JSON". fetch sets its own encoding headers, so these go out through node:http.
 */
let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(() => server.close());

function post(body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const url = new URL(`${server.baseUrl}/Users`);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-length': String(body.length), ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: text === '' ? undefined : JSON.parse(text) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const userJson = (userName: string) => JSON.stringify({ schemas: [URN.user], userName, displayName: 'Léa' });
const stored = async (userName: string) =>
  (await server.request('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.Resources as { displayName: string }[];

it('refuses a body declared in a charset other than UTF-8, and stores nothing', async () => {
  for (const [charset, encoding] of [
    ['iso-8859-1', 'latin1'],
    ['UTF-16LE', 'utf16le'],
  ] as const) {
    const userName = `charset-${encoding}@example.com`;
    const answer = await post(Buffer.from(userJson(userName), encoding), { 'content-type': `application/scim+json; charset=${charset}` });
    expect(answer.status, charset).toBe(415);
    expect(answer.body).toMatchObject({ schemas: [URN.error], status: '415', detail: expect.stringContaining(`charset "${charset}"`) });
    expect(answer.body.detail).toContain('UTF-8');
    expect(await stored(userName)).toEqual([]);
  }
});

it('reads a body of plain ASCII whatever charset it is labelled with (a Java client labels its JSON ISO-8859-1)', async () => {
  for (const charset of ['iso-8859-1', 'US-ASCII', 'windows-1252']) {
    const userName = `ascii-${charset.toLowerCase()}@example.com`;
    const body = JSON.stringify({ schemas: [URN.user], userName, displayName: 'Lea' });
    const answer = await post(Buffer.from(body, 'latin1'), { 'content-type': `application/scim+json; charset=${charset}` });
    expect(answer.status, charset).toBe(201);
    expect((await stored(userName)).map((user) => user.displayName)).toEqual(['Lea']);
  }
});

it('reads UTF-8 however the charset parameter spells it', async () => {
  for (const [index, contentType] of [
    'application/scim+json; charset=UTF-8',
    'application/json;charset="utf-8"',
    'application/scim+json; charset=utf8',
  ].entries()) {
    const userName = `charset-utf8-${index}@example.com`;
    const answer = await post(Buffer.from(userJson(userName), 'utf8'), { 'content-type': contentType });
    expect(answer.status, contentType).toBe(201);
    expect((await stored(userName)).map((user) => user.displayName)).toEqual(['Léa']);
  }
});

it('refuses a compressed body with a 415 naming its Content-Encoding, and reads an identity one', async () => {
  const gzipped = await post(gzipSync(Buffer.from(userJson('gzip@example.com'))), { 'content-type': 'application/scim+json', 'content-encoding': 'gzip' });
  expect(gzipped.status).toBe(415);
  expect(gzipped.body).toMatchObject({ status: '415', detail: expect.stringContaining('Content-Encoding "gzip"') });
  expect(await stored('gzip@example.com')).toEqual([]);
  const identity = await post(Buffer.from(userJson('identity@example.com')), { 'content-type': 'application/scim+json', 'content-encoding': 'identity' });
  expect(identity.status).toBe(201);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/**
 * RFC 7644 §3.4.2.2: a filter's string value is a JSON string, so `\\` is one backslash and
 * `\"` a quote. RFC 7644 §3.4.2.4: startIndex and count are integers; the response carries
 * integers whatever the client sent.
 */

let server: ScimTestServer;
const userNames = ['x\\y', 'say "hi"', 'tail\\', '100%_done', 'a_b', 'a%b', 'DOMAIN\\jane', 'plain'];
const idOf = new Map<string, string>();

beforeAll(async () => {
  server = await startScimServer();
  for (const userName of userNames) {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName });
    expect(created.status, userName).toBe(201);
    expect(created.body.userName).toBe(userName);
    idOf.set(userName, created.body.id);
  }
});
afterAll(async () => {
  await server.close();
});

const filtered = async (filter: string) => {
  const response = await server.request('GET', `/Users?filter=${encodeURIComponent(filter)}`);
  expect(response.status, `${filter}: ${JSON.stringify(response.body)}`).toBe(200);
  return ((response.body.Resources ?? []) as { userName: string }[]).map((user) => user.userName).sort();
};

describe('escapes in filter strings', () => {
  it('reads \\\\ in a filter value as one backslash', async () => {
    expect(await filtered('userName eq "x\\\\y"')).toEqual(['x\\y']);
  });

  it('reads \\" inside a filter value as a quote', async () => {
    expect(await filtered('userName eq "say \\"hi\\""')).toEqual(['say "hi"']);
  });

  it('reads a value that ends in an escaped backslash', async () => {
    expect(await filtered('userName eq "tail\\\\"')).toEqual(['tail\\']);
    expect(await filtered('userName ew "\\\\"')).toEqual(['tail\\']);
  });

  it('matches escaped backslashes with co, sw and ew', async () => {
    expect(await filtered('userName co "\\\\"')).toEqual(['DOMAIN\\jane', 'tail\\', 'x\\y']);
    expect(await filtered('userName sw "x\\\\"')).toEqual(['x\\y']);
    expect(await filtered('userName ew "\\\\y"')).toEqual(['x\\y']);
  });

  it('treats % and _ as themselves, not as wildcards, in co, sw and ew', async () => {
    expect(await filtered('userName co "%"')).toEqual(['100%_done', 'a%b']);
    expect(await filtered('userName co "_"')).toEqual(['100%_done', 'a_b']);
    expect(await filtered('userName sw "a_"')).toEqual(['a_b']);
    expect(await filtered('userName ew "%b"')).toEqual(['a%b']);
    expect(await filtered('userName co "%_"')).toEqual(['100%_done']);
  });

  it('decodes the other JSON escapes (\\u, \\/)', async () => {
    expect(await filtered('userName eq "\\u0078\\\\y"')).toEqual(['x\\y']);
    expect(await filtered('userName eq "pl\\/ain"')).toEqual([]);
    expect(await filtered('userName eq "\\u0070lain"')).toEqual(['plain']);
  });

  it('keeps a backslash that starts no JSON escape as a backslash (DOMAIN\\jane written unescaped)', async () => {
    expect(await filtered('userName eq "DOMAIN\\jane"')).toEqual(['DOMAIN\\jane']);
  });

  it('finds the user by an escaped value through POST /.search and in a PATCH value filter', async () => {
    const search = await server.request('POST', '/Users/.search', { schemas: [URN.searchRequest], filter: 'userName eq "x\\\\y"' });
    expect(search.status).toBe(200);
    expect(search.body.Resources.map((user: { id: string }) => user.id)).toEqual([idOf.get('x\\y')]);

    const id = idOf.get('plain')!;
    const added = await server.request('PATCH', `/Users/${id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'add', path: 'emails', value: [{ value: 'a\\b@example.com', type: 'work' }] }],
    });
    expect(added.status).toBe(200);
    const removed = await server.request('PATCH', `/Users/${id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'remove', path: 'emails[value eq "a\\\\b@example.com"]' }],
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.emails).toBeUndefined();
  });
});

describe('paging values that are not integers', () => {
  const expectInvalid = async (query: string, field: string) => {
    const response = await server.request('GET', `/Users?${query}`);
    expect(response.status, `${query}: ${JSON.stringify(response.body)}`).toBe(400);
    expect(response.body.schemas).toEqual([URN.error]);
    expect(response.body.scimType).toBe('invalidValue');
    expect(response.body.detail).toContain(field);
    expect(response.body.detail).toMatch(/integer/);
  };

  it('refuses startIndex=1e999, 1.5, abc, 1e3 and an empty value with 400 invalidValue naming the parameter', async () => {
    for (const value of ['1e999', '1.5', 'abc', '1e3', '', '0x10', 'Infinity', 'NaN']) {
      await expectInvalid(`startIndex=${encodeURIComponent(value)}&count=1`, 'startIndex');
    }
  });

  it('refuses count=1e999, 1.5 and abc the same way', async () => {
    for (const value of ['1e999', '1.5', 'abc', '-1e999']) {
      await expectInvalid(`startIndex=1&count=${encodeURIComponent(value)}`, 'count');
    }
  });

  it('answers a huge integer startIndex with an empty page whose startIndex is an integer', async () => {
    for (const value of ['99999999999999999999', '9'.repeat(400)]) {
      const response = await server.request('GET', `/Users?startIndex=${value}&count=1`);
      expect(response.status).toBe(200);
      expect(Number.isSafeInteger(response.body.startIndex), String(response.body.startIndex)).toBe(true);
      expect(response.body.Resources ?? []).toEqual([]);
      expect(response.body.totalResults).toBe(userNames.length);
    }
  });

  it('treats a huge negative startIndex as 1 and a huge negative count as 0 (RFC 7644 §3.4.2.4)', async () => {
    const response = await server.request('GET', `/Users?startIndex=-99999999999999999999&count=-${'9'.repeat(400)}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ startIndex: 1, itemsPerPage: 0, totalResults: userNames.length });
  });

  it('caps a huge count at the page maximum', async () => {
    const response = await server.request('GET', `/Users?startIndex=1&count=${'9'.repeat(30)}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ startIndex: 1, itemsPerPage: userNames.length });
  });

  it('keeps a + sign and leading zeros as plain integers', async () => {
    const response = await server.request('GET', `/Users?startIndex=${encodeURIComponent('+002')}&count=001`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ startIndex: 2, itemsPerPage: 1 });
  });

  it('answers POST /.search with huge integers with integer paging values', async () => {
    for (const path of ['/Users/.search', '/.search']) {
      // 1e300 and 99999999999999999999 are integers in JSON; a number written that way must not come back as 1e+300.
      const raw = `{"schemas":["${URN.searchRequest}"],"startIndex":1e300,"count":99999999999999999999}`;
      const response = await server.request('POST', path, raw);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(Number.isSafeInteger(response.body.startIndex), String(response.body.startIndex)).toBe(true);
      expect(response.body.Resources ?? []).toEqual([]);
    }
  });

  it('refuses POST /.search with startIndex 1e999 with 400 invalidValue', async () => {
    const raw = `{"schemas":["${URN.searchRequest}"],"startIndex":1e999}`;
    const response = await server.request('POST', '/Users/.search', raw);
    expect(response.status).toBe(400);
    expect(response.body.scimType).toBe('invalidValue');
    expect(response.body.detail).toContain('startIndex');
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';

/**
 * The admin API's paging parameters take whole numbers written as digits, as the SCIM API's do
 * (src/engine/scim/paging.ts): `1e999` (Infinity once coerced), `1.5`, `1e2`, `abc` or a repeated
 * parameter is a 400 `{error}` naming the parameter, never a page built from null or Infinity.
 */
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'paging-params.db'), port: 0 });
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

async function get(path: string): Promise<{ status: number; body: { error?: string } & Record<string, unknown> }> {
  const response = await fetch(`${engine.adminUrl}${path}`, { headers: { authorization: `Bearer ${engine.adminToken}` } });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

const routes: [string, string[]][] = [
  ['/workspaces/default/app-view?', ['startIndex', 'count']],
  ['/workspaces/default/resources?type=User&', ['startIndex', 'count']],
  ['/exchanges?', ['offset', 'limit', 'cursor', 'session']],
];

describe('admin API paging parameters', () => {
  for (const [route, parameters] of routes) {
    for (const parameter of parameters) {
      it(`${route.split('?')[0]} refuses a ${parameter} that is not an integer`, async () => {
        for (const value of ['1e999', '1.5', '1e2', 'abc', '']) {
          const answer = await get(`${route}${parameter}=${encodeURIComponent(value)}`);
          expect(answer, `${parameter}=${value}`).toMatchObject({ status: 400, body: { error: expect.stringContaining(`"${parameter}" must be an integer`) } });
        }
        const repeated = await get(`${route}${parameter}=1&${parameter}=2`);
        expect(repeated).toMatchObject({ status: 400, body: { error: expect.stringContaining(`"${parameter}"`) } });
      });
    }
  }

  it('still serves integer values, and the range rules name the parameter', async () => {
    const page = await get('/workspaces/default/resources?type=User&startIndex=1&count=10');
    expect(page).toMatchObject({ status: 200, body: { startIndex: 1 } });
    expect((await get('/workspaces/default/app-view?startIndex=2&count=5')).status).toBe(200);
    expect((await get('/exchanges?offset=0&limit=5')).status).toBe(200);
    expect(await get('/exchanges?limit=0')).toMatchObject({ status: 400, body: { error: expect.stringContaining('limit') } });
  });

  it('refuses a feed `since` that is not an integer before opening the stream', async () => {
    expect(await get('/feed?since=1e999')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"since" must be an integer') } });
  });
});

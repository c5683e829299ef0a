import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** meta.version / ETag (RFC 7644 §3.14): changes on every write, If-Match → 412, If-None-Match → 304. */

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
});
afterAll(async () => {
  await server.close();
});

describe('ETags', () => {
  it('meta.version changes on PUT and PATCH and matches the ETag header', async () => {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'etag1@example.com' });
    const v1 = created.body.meta.version;
    expect(created.headers.etag).toBe(v1);
    const put = await server.request('PUT', `/Users/${created.body.id}`, { schemas: [URN.user], userName: 'etag1@example.com', displayName: 'E' });
    expect(put.body.meta.version).not.toBe(v1);
    const patch = await server.request('PATCH', `/Users/${created.body.id}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: 'replace', path: 'displayName', value: 'F' }],
    });
    expect(patch.body.meta.version).not.toBe(put.body.meta.version);
    expect(patch.headers.etag).toBe(patch.body.meta.version);
  });

  it('If-Match with a stale version is 412 on PUT, PATCH and DELETE', async () => {
    const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: 'etag2@example.com' });
    const path = `/Users/${created.body.id}`;
    const stale = { 'if-match': 'W/"stale"' };
    expect((await server.request('PUT', path, { schemas: [URN.user], userName: 'etag2@example.com' }, stale)).status).toBe(412);
    expect((await server.request('PATCH', path, { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] }, stale)).status).toBe(
      412,
    );
    expect((await server.request('DELETE', path, undefined, stale)).status).toBe(412);
    expect((await server.request('DELETE', path, undefined, { 'if-match': created.body.meta.version })).status).toBe(204);
  });

  for (const type of ['Users', 'Groups'] as const) {
    it(`If-None-Match on GET /${type}/{id}: current or * → 304 without a body, other → 200`, async () => {
      const body = type === 'Users' ? { schemas: [URN.user], userName: 'etag3@example.com' } : { schemas: [URN.group], displayName: 'etag-group' };
      const created = await server.request('POST', `/${type}`, body);
      const path = `/${type}/${created.body.id}`;
      const version = created.body.meta.version;
      for (const tag of [version, '*', `W/"other", ${version}`]) {
        const hit = await server.request('GET', path, undefined, { 'if-none-match': tag });
        expect(hit.status, tag).toBe(304);
        expect(hit.headers.etag).toBe(version);
        expect(hit.body === '' || hit.body === undefined || hit.body === null).toBe(true);
      }
      const miss = await server.request('GET', path, undefined, { 'if-none-match': 'W/"other"' });
      expect(miss.status).toBe(200);
      expect(miss.body.id).toBe(created.body.id);
    });
  }
});

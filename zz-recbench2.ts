// in-process: CPU of recording N lookup exchanges (flush path) and of indexing them
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const root = process.cwd();
const { openWorkbench } = await import(join(root, 'src/engine/workbench.ts'));
const user = (i: number) => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: `d8454ad6-8a8a-40c8-afa1-3f384d0a${String(i).padStart(4, '0')}`, externalId: `ext-seed.user${i}@bench.example.com`, userName: `seed.user${i}@bench.example.com`, name: { givenName: `Given${i}`, familyName: `Family${i}` }, displayName: `Given${i} Family${i}`, emails: [{ primary: true, value: `seed.user${i}@bench.example.com`, type: 'work' }], active: true, meta: { resourceType: 'User', created: '2026-12-04T21:46:18.675Z', lastModified: '2026-12-04T21:46:18.675Z', location: `http://localhost:80/scim/v2/Users/d8454ad6-8a8a-40c8-afa1-3f384d0a${String(i).padStart(4, '0')}`, version: 'W/"1"' } });
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const wb = openWorkbench({ dbPath: join(mkdtempSync(join(tmpdir(), 'recb-')), 'db.sqlite') });
const draft = (i: number) => {
  const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [user(i)] });
  return { workspace: 'default', startedAt: new Date(), durationMs: 3, source: 'local',
  request: { method: 'GET', url: `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "seed.user${i}@bench.example.com"`)}`, headers: { host: '127.0.0.1:3000', connection: 'keep-alive', authorization: 'Bearer abcdefabcdef', 'user-agent': 'Okta SCIM Client 1.0.0', accept: 'application/scim+json' }, body: null },
  response: { status: 200, headers: { 'x-request-id': 'c0a8e6d2-1b2c-4d5e-8f90-0123456789ab', 'content-type': 'application/scim+json; charset=utf-8', 'content-length': String(body.length) }, body }, notes: [], changes: [] };
};
const N = Number(process.argv[2] ?? 4000);
for (const round of [1, 2, 3, 4]) {
  const drafts = Array.from({ length: N }, (_, i) => draft(i));
  let s = cpu();
  for (let i = 0; i < N; i += 100) { for (let j = 0; j < 100; j++) wb.recorder.recordLater(drafts[i + j]); wb.recorder.flush(); }
  const rec = (cpu() - s) / N * 1000;
  s = cpu();
  await wb.searchIndexer.catchUp();
  const idx = (cpu() - s) / N * 1000;
  console.log(`round ${round}: record ${rec.toFixed(1)} µs/exchange, index ${idx.toFixed(1)} µs/exchange`);
}
wb.close();

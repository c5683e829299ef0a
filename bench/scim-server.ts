// Benchmark child: the SCIM server, exactly as `scim-workbench serve` builds it, on the seeded database,
// with the search indexer running beside it as `serve` runs it (engine.ts): its batches share the
// event loop with the SCIM requests, so the figures include what indexing costs them.
import { buildServer } from '../src/engine/http/scim-server';
import { serveToParent } from './child-server';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: scim-server.ts <dbPath>');
const app = buildServer({ dbPath });
app.workbench.searchIndexer.start();
await serveToParent(app);

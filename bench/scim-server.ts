// Benchmark child: the SCIM server, exactly as `scim-workbench serve` builds it, on the seeded database.
import { buildServer } from '../src/engine/http/scim-server';
import { serveToParent } from './child-server';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: scim-server.ts <dbPath>');
await serveToParent(buildServer({ dbPath }));

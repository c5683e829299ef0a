// Benchmark child: the whole engine as `scim-workbench serve` and the desktop app run it — the SCIM
// listener and the admin API in one process — on the seeded database (for the export measurement).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startEngine } from '../src/engine/engine';

const dbPath = process.argv[2];
if (!dbPath || !process.send) throw new Error('usage: fork engine-server.ts <dbPath>');
const adminToken = 'bench-admin-token';
const engine = await startEngine({ dbPath, port: 0, adminToken });
process.once('disconnect', () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void engine.close();
});
// How long the event loop was held, seen from inside: what a SCIM request arriving at a random
// moment waits at worst, without the load generator's own delays in the figure.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
process.on('message', (message: { loopDelay?: 'reset' | 'read'; indexing?: 'read' }) => {
  // Whether the search indexer has indexed every exchange (the search bench waits for it; a cheap
  // question, unlike a count of what is left, which would itself hold the loop being measured).
  if (message.indexing === 'read') {
    process.send!({ caughtUp: engine.workbench.searchIndexer.caughtUp() });
    return;
  }
  if (message.loopDelay === 'reset') loopDelay.reset();
  process.send!({ p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 });
});
process.send({ origin: new URL(engine.scimBaseUrl).origin, scimBaseUrl: engine.scimBaseUrl, token: engine.token, adminUrl: engine.adminUrl, adminToken });

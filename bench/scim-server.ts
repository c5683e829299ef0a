// Benchmark child: the SCIM server, exactly as `scim-workbench serve` builds it, on the seeded database,
// with the search indexer running beside it as `serve` runs it (engine.ts): its batches share the
// event loop with the SCIM requests, so the figures include what indexing costs them. The WAL is
// checkpointed on a worker thread, as `serve` does.
// With a second argument `recording-off` (the bench's, not a user's option) nothing is recorded: the
// same server without the recorder, so the bench can say what recording costs.
import { buildServer } from '../src/engine/http/scim-server';
import { serveToParent } from './child-server';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: scim-server.ts <dbPath> [recording-off]');
const record = process.argv[3] !== 'recording-off';
const app = buildServer({ dbPath, record });
app.workbench.searchIndexer.start();
app.workbench.checkpointer.start();
// Settled once every exchange recorded so far is indexed (and judged): what recording costs includes that.
await serveToParent(app, {
  settle: async () => {
    // Reads wait a few ms to be written together (Recorder.recordLater): written now, so they are indexed too.
    app.workbench.recorder.flush();
    if (!(await app.workbench.searchIndexer.catchUp())) throw new Error('its search index could not catch up');
  },
});

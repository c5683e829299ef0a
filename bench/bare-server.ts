// Benchmark child: the baseline. Plain fastify answering a small JSON object, in the same
// kind of process as the SCIM server, so "ratio to bare" is what the SCIM work costs.
import Fastify from 'fastify';
import { serveToParent } from './child-server';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ schemas: ['urn:bench:bare'], id: 'bare', active: true }));
await serveToParent(app);

import type { FastifyInstance } from 'fastify';

/**
 * The child half of bench/processes.ts: listen on a free loopback port, tell the parent
 * where, and close when the parent disconnects (so that `--cpu-prof` profiles, written
 * at a normal exit, get written).
 */
export async function serveToParent(app: FastifyInstance): Promise<void> {
  if (!process.send) throw new Error('This script is a benchmark child: start it with child_process.fork.');
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  process.once('disconnect', () => {
    // A close that hangs must not keep the child (and the bench) alive.
    setTimeout(() => process.exit(0), 5000).unref();
    void app.close();
  });
  process.send({ origin });
}

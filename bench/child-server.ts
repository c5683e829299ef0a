import type { FastifyInstance } from 'fastify';

export interface ChildServerOptions {
  /**
   * Finishes the work the server put off (the SCIM server's search indexing): the parent asks
   * (`{ settle: true }`, answered `{ settled: true }`) before it reads the child's CPU time, so that
   * the figure includes that work whenever it happens to run.
   */
  settle?: () => Promise<unknown>;
}

/**
 * The child half of bench/processes.ts: listen on a free loopback port, tell the parent
 * where, and close when the parent disconnects (so that `--cpu-prof` profiles, written
 * at a normal exit, get written).
 */
export async function serveToParent(app: FastifyInstance, options: ChildServerOptions = {}): Promise<void> {
  if (!process.send) throw new Error('This script is a benchmark child: start it with child_process.fork.');
  const origin = await app.listen({ host: '127.0.0.1', port: 0 });
  const { settle } = options;
  process.on('message', (message: { settle?: boolean }) => {
    if (message?.settle !== true) return;
    // A child without work of its own to finish is settled at once.
    void Promise.resolve(settle?.()).then(
      () => process.send!({ settled: true }),
      (error: unknown) => process.send!({ settled: false, error: String((error as Error)?.message ?? error) }),
    );
  });
  process.once('disconnect', () => {
    // A close that hangs must not keep the child (and the bench) alive.
    setTimeout(() => process.exit(0), 5000).unref();
    void app.close();
  });
  process.send({ origin });
}

import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export interface ServerChild {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  pid: number;
  /** Everything the child said when it was listening (origin, and whatever else its script sends). */
  ready: Record<string, unknown>;
  /** Sends the child a message and resolves with its next one (for children that answer, like engine-server.ts). */
  ask(message: unknown): Promise<unknown>;
  /**
   * Resolves once the child has finished the work it put off (see child-server.ts's `settle`), or
   * rejects saying why, or that it had not within `timeoutMs`.
   */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** When set, the child runs with --cpu-prof and writes its .cpuprofile here on exit. */
  cpuProfDir?: string;
}

/** How long a child may take to finish its deferred work (a backlog of a few thousand exchanges takes seconds). */
const SETTLE_TIMEOUT_MS = 120_000;

/** tsx as a Node loader, resolved from here so the child finds it whatever the working directory. */
const TSX_LOADER = import.meta.resolve('tsx');

/**
 * Forks one of the bench's server scripts (bench/scim-server.ts, bench/bare-server.ts) in its
 * own Node process: the load generator then never shares an event loop (or a JIT) with the
 * server it measures, and the SCIM server and the bare baseline run under the same conditions.
 */
export async function startServerChild(script: string, args: string[], options: ChildOptions = {}): Promise<ServerChild> {
  const execArgv = ['--import', TSX_LOADER];
  if (options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<{ origin: string } & Record<string, unknown>>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { origin: string }));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${script} exited (code ${code}) before it was listening.`)));
    });
    const ask = (message: unknown) =>
      new Promise<unknown>((resolve) => {
        child.once('message', resolve);
        child.send(message as object);
      });
    const settle = async (timeoutMs = SETTLE_TIMEOUT_MS) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${script} had not finished its deferred work (search indexing) after ${timeoutMs / 1000} s.`)), timeoutMs);
      });
      try {
        const answer = (await Promise.race([ask({ settle: true }), late])) as { settled?: boolean; error?: string };
        if (answer?.settled !== true) throw new Error(`${script} could not finish its deferred work: ${answer?.error ?? 'no reason given'}.`);
      } finally {
        clearTimeout(timer);
      }
    };
    return { origin: ready.origin, pid: child.pid!, ready, ask, settle, stop: () => stopChild(child) };
  } catch (error) {
    child.kill();
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // Disconnecting asks the child to close its server and exit normally (see child-server.ts).
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

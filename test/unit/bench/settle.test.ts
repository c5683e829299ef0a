import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { measureInTurn } from '../../../bench/load';

// A server that puts work off (the SCIM server's search indexing) does it when asked to settle; the
// bench reads its CPU time only after that, so the figure holds the work whenever it ran.

/** A real HTTP server in its own process that answers slowly (little CPU per request) and, asked to settle, burns BURN_MS of CPU. */
const SERVER = `
const http = require('node:http');
const server = http.createServer((_request, response) => setTimeout(() => response.end('ok'), 20));
process.on('message', (message) => {
  if (message !== 'settle') return;
  const start = process.cpuUsage();
  let spent = 0;
  while (spent < Number(process.env.BURN_MS) * 1000) spent = process.cpuUsage(start).user;
  process.send('settled');
});
process.once('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
`;
const BURN_MS = 300;

let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.disconnect();
    await exited;
  }
});

describe('measureInTurn with a target that puts work off', () => {
  it('settles it before the measurement and again before reading its CPU, which then includes that work', async () => {
    child = fork('-e', [SERVER], {
      execPath: process.execPath,
      execArgv: [],
      env: { ...process.env, BURN_MS: String(BURN_MS) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [{ port }] = (await once(child, 'message')) as [{ port: number }];
    const settled: number[] = [];
    const settle = async () => {
      child!.send('settle');
      await once(child!, 'message');
      settled.push(Date.now());
    };
    const [result] = await measureInTurn([{ origin: `http://127.0.0.1:${port}`, pid: child.pid, settle, next: () => ({ method: 'GET', path: '/' }) }], {
      connections: 1,
      duration: 1,
      warmup: 0,
    });
    expect(settled).toHaveLength(2);
    const responses = result!.raw.reduce((sum, run) => sum + run['2xx'], 0);
    expect(responses).toBeGreaterThan(0);
    // The last settle's burn is in the figure: at least BURN_MS of CPU over the responses measured.
    expect(result!.cpuUsPerRequest! * responses).toBeGreaterThanOrEqual(BURN_MS * 1000);
  }, 30_000);
});

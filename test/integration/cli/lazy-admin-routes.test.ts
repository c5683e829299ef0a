import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionListResponse } from '../../../src/shared/admin-api';
import type { SimulationJobState } from '../../../src/shared/simulator';
import { CLI_BUNDLE } from '../../../scripts/cli-build-state.mjs';
import { untilSettled } from '../../support/admin-api';
import { tempDir } from '../../support/cli';

/**
 * `serve` starts the admin API without the code of its jobs (the simulator, the conformance checks,
 * Okta's import, the replayer), the HAR and session-file exporter or the IdP's reaction: each loads
 * when first used, so a start does not read and compile it. What a process loaded is told by Node's
 * ESM debug log, which names each chunk of the build as it loads it; what a chunk holds, by the
 * definition each of those modules alone makes (the bundler keeps names).
 */
const HEAVY: Record<string, RegExp> = {
  'the conformance checks': /^async function runChecks\(/m,
  'the simulator': /^async function simulate\(/m,
  "Okta's import": /^async function oktaImport\(/m,
  'the replayer': /^async function replay\(/m,
  'the HAR writer': /^function toHar\(/m,
  'the session exporter': /^function exportSession\(/m,
  "the IdP's reaction": /^var ReactionService = class\b|^class ReactionService\b/m,
};
const ADMIN_SERVER = /^function buildAdminServer\(/m;

/** The texts of the build's chunks, all of them or those Node's ESM debug log says a process loaded. */
function chunkTexts(esmLog?: string): string[] {
  const dir = dirname(CLI_BUNDLE);
  const files = esmLog
    ? new Set([...esmLog.matchAll(/file:\/\/\S+?\.js\b/g)].map((url) => fileURLToPath(url[0])).filter((file) => dirname(file) === dir))
    : new Set(
        readdirSync(dir)
          .filter((name) => name.endsWith('.js'))
          .map((name) => join(dir, name)),
      );
  if (esmLog !== undefined && !files.has(CLI_BUNDLE)) throw new Error(`Node's ESM debug log did not name the bundle:\n${esmLog.slice(0, 2000)}`);
  return [...files].map((file) => readFileSync(file, 'utf8'));
}

const holding = (texts: string[], definition: RegExp) => texts.some((text) => definition.test(text));

describe('serve loads the admin API’s heavy parts only when they are first used', () => {
  const dir = tempDir();
  let child: ReturnType<typeof spawn>;
  let stdout = '';
  let stderr = '';
  let adminUrl = '';
  let adminToken = '';

  async function admin<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as T };
  }

  beforeAll(async () => {
    child = spawn(process.execPath, [CLI_BUNDLE, 'serve', '--port', '0', '--admin-port', '0', '--quiet', '--db', join(dir.path, 'lazy.db')], {
      env: { ...process.env, NODE_DEBUG: 'esm' },
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stdout}\n${stderr.slice(-2000)}`)), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/^Press Ctrl-C to stop\.$/m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('close', (code) => reject(new Error(`serve exited with ${code}:\n${stdout}\n${stderr.slice(-2000)}`)));
    });
    adminUrl = /^Admin API: (\S+)/m.exec(stdout)![1]!;
    adminToken = /^Admin token: (\S+)$/m.exec(stdout)![1]!;
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      await closed;
    }
    dir.remove();
  });

  it('has loaded none of them once it listens, though their routes are there', async () => {
    // Each is in the build, and the probe sees what was loaded: the admin server.
    const built = chunkTexts();
    expect(Object.keys(HEAVY).filter((name) => !holding(built, HEAVY[name]!))).toEqual([]);
    const loaded = chunkTexts(stderr);
    expect(holding(loaded, ADMIN_SERVER)).toBe(true);
    expect(Object.keys(HEAVY).filter((name) => holding(loaded, HEAVY[name]!))).toEqual([]);
    expect((await admin<string[]>('GET', '/simulator/scenarios')).body).toContain('assign-users');
  });

  it('loads each when a request needs it, and answers as before', async () => {
    const simulation = await admin<SimulationJobState>('POST', '/simulations', {
      idp: 'okta',
      scenario: 'assign-users',
      users: 1,
      target: { kind: 'workspace', workspace: 'default' },
    });
    expect(simulation.status).toBe(200);
    const done = await untilSettled(async () => (await admin<SimulationJobState>('GET', `/simulations/${simulation.body.id}`)).body, 'the simulation');
    expect(done).toMatchObject({ state: 'done' });
    expect(done.requests).toBeGreaterThan(0);

    const [session] = (await admin<SessionListResponse>('GET', '/sessions')).body;
    const reaction = await admin<{ entries?: unknown }>('GET', `/sessions/${session!.id}/reaction`);
    expect(reaction.status).toBe(200);
    const har = await admin<{ log: { entries: unknown[] } }>('GET', `/sessions/${session!.id}/export?format=har`);
    expect(har.status).toBe(200);
    expect(JSON.parse(har.text).log.entries.length).toBeGreaterThan(0);

    const loaded = chunkTexts(stderr);
    for (const name of ['the simulator', "the IdP's reaction", 'the HAR writer', 'the session exporter'])
      expect(holding(loaded, HEAVY[name]!), name).toBe(true);
  });
});

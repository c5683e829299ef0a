import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, tempDir, type ServeProcess, killServe } from '../../support/cli';

/** `serve` logs to stderr and to the rotating file in the data folder; a 500 is findable in both by its id. */
describe('scim-workbench serve: the engine log', () => {
  const dir = tempDir();
  let serve: ServeProcess | undefined;
  afterEach(async () => {
    await killServe(serve);
    dir.remove();
  });

  it('prints where the log is, and writes a 500 with its correlation id and stack to stderr and the file, never the token', async () => {
    serve = await startServe(['--db', join(dir.path, 'w.db'), '--token', 'serve-token-never-logged-42']);
    const logFile = join(dir.path, 'logs', 'workbench.log');
    await expect.poll(() => serve!.output()).toContain(`Log: ${logFile}`);
    expect(existsSync(logFile)).toBe(true);

    const headers = { authorization: `Bearer ${serve.token}`, 'content-type': 'application/scim+json' };
    const created = await fetch(`${serve.baseUrl}/Users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'broken@example.com' }),
    });
    const { id } = (await created.json()) as { id: string };
    // Another connection to the same file, as a second program would: the row becomes one the service cannot read.
    const db = new Database(join(dir.path, 'w.db'));
    db.prepare("UPDATE resources SET document = 'null' WHERE id = ?").run(id);
    db.close();

    const failed = await fetch(`${serve.baseUrl}/Users/${id}`, { headers });
    expect(failed.status).toBe(500);
    const requestId = failed.headers.get('x-request-id')!;
    expect(((await failed.json()) as { detail: string }).detail).toContain(`correlation id ${requestId}`);

    const stderrLine = () =>
      serve!
        .output()
        .split('\n')
        .find((line) => line.includes(`"reqId":"${requestId}"`));
    await expect.poll(stderrLine).toBeDefined();
    expect(JSON.parse(stderrLine()!).err.stack).toMatch(/\n\s+at /);
    const fileLine = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((line) => line.includes(`"reqId":"${requestId}"`));
    expect(fileLine).toBe(stderrLine());

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    const text = readFileSync(logFile, 'utf8');
    expect(text).toContain('Engine stopped');
    expect(text).not.toContain('serve-token-never-logged-42');
  });
});

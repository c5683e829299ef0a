import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineLog } from '../../../../src/engine/logging/engine-log';
import { logDirFor } from '../../../../src/engine/logging/log-location';
import { buildServer } from '../../../../src/engine/http/scim-server';
import { tempDir } from '../../../support/cli';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

describe('createEngineLog', () => {
  it('redacts Authorization and Cookie headers whoever logs them', () => {
    dir = tempDir();
    const log = createEngineLog({ dir: join(dir.path, 'logs') });
    log.logger.info(
      { req: { headers: { authorization: 'Bearer secret-a', cookie: 'sid=secret-b' } }, headers: { authorization: 'Basic secret-c' } },
      'a request',
    );
    log.close();
    const text = readFileSync(log.file!, 'utf8');
    expect(text).toContain('a request');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/secret-[abc]/);
  });

  it('rotates at the size it is given and keeps the number of files bounded', () => {
    dir = tempDir();
    const logs = join(dir.path, 'logs');
    const log = createEngineLog({ dir: logs, rotation: { maxBytes: 2000, files: 3 } });
    for (let n = 0; n < 200; n++) log.logger.error({ err: new Error(`failure ${n}`) }, 'a 500');
    log.close();
    expect(readdirSync(logs).sort()).toEqual(['workbench.log', 'workbench.log.1', 'workbench.log.2']);
    expect(readFileSync(join(logs, 'workbench.log'), 'utf8')).toContain('failure 199');
  });

  it('starts the folder again at the next rotation when it is deleted under a running engine', () => {
    dir = tempDir();
    const logs = join(dir.path, 'logs');
    const log = createEngineLog({ dir: logs, rotation: { maxBytes: 500, files: 2 } });
    rmSync(logs, { recursive: true });
    expect(() => {
      for (let n = 0; n < 20; n++) log.logger.error({ err: new Error(`failure ${n}`) }, 'a 500');
    }).not.toThrow();
    log.close();
    expect(readFileSync(join(logs, 'workbench.log'), 'utf8')).toContain('failure 19');
    if (process.platform !== 'win32') expect(statSync(logs).mode & 0o777).toBe(0o700);
  });

  it('writes no file for an in-memory database', () => {
    expect(logDirFor(':memory:')).toBeUndefined();
    expect(logDirFor(join('/data', 'workbench.db'))).toBe(join('/data', 'logs'));
    const log = createEngineLog({});
    expect(log.file).toBeUndefined();
    expect(() => log.logger.error('nowhere to go')).not.toThrow();
  });
});

describe('the engine log in fastify', () => {
  it('logs an error a hook throws after the response went (the recorder failing, say) with its request id and stack', async () => {
    dir = tempDir();
    const log = createEngineLog({ dir: join(dir.path, 'logs') });
    const app = buildServer({ dbPath: join(dir.path, 'w.db'), logger: log.logger });
    app.addHook('onResponse', async () => {
      throw new Error('the recording could not be written');
    });
    const response = await app.inject({ method: 'GET', url: '/scim/v2/ServiceProviderConfig' });
    await app.close();
    log.close();
    const requestId = response.headers['x-request-id'];
    const lines = readFileSync(log.file!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, any>);
    const line = lines.find((candidate) => candidate.reqId === requestId && candidate.level === 50);
    expect(line?.err.stack).toContain('the recording could not be written');
    // Only errors: no "incoming request" / "request completed" line per request.
    expect(lines.filter((candidate) => candidate.reqId === requestId)).toHaveLength(1);
  });

  it("logs a request by method and path only: a query can carry the admin token (the live feed's ?token=)", () => {
    dir = tempDir();
    const log = createEngineLog({ dir: join(dir.path, 'logs') });
    log.logger.error({ req: { method: 'GET', url: '/api/feed?token=admin-secret', headers: { authorization: 'Bearer x' }, ip: '127.0.0.1' } }, 'failed');
    log.close();
    const line = JSON.parse(readFileSync(log.file!, 'utf8').trim()) as { req: Record<string, unknown> };
    expect(line.req).toEqual({ method: 'GET', url: '/api/feed', remoteAddress: '127.0.0.1' });
  });
});

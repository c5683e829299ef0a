import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngineLog, logDirFor } from '../../../../src/engine/logging/engine-log';
import { tempDir } from '../../../support/cli';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir?.remove());

describe('createEngineLog', () => {
  it('redacts Authorization and Cookie headers whoever logs them', () => {
    dir = tempDir();
    const log = createEngineLog({ dir: join(dir.path, 'logs') });
    log.logger.info({ req: { headers: { authorization: 'Bearer secret-a', cookie: 'sid=secret-b' } }, headers: { authorization: 'Basic secret-c' } }, 'a request');
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

import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkerSearchRunner } from '../../../src/engine/search/search-runner';
import { WalCheckpointer } from '../../../src/engine/store/wal-checkpointer';
import { openWorkbench, type Workbench } from '../../../src/engine/workbench';

describe('WorkerSearchRunner', () => {
  let dir: string;
  let workbench: Workbench;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-workbench-runner-'));
    workbench = openWorkbench({ dbPath: join(dir, 'workbench.db') });
  });
  afterEach(() => {
    workbench.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads on its own connection what the engine has committed', async () => {
    const runner = new WorkerSearchRunner(workbench.db);
    try {
      workbench.recordings.startSession('One');
      workbench.recordings.startSession('Two');
      const [count, names] = await runner.run([
        { sql: 'SELECT count(*) FROM sessions', params: [], pluck: true },
        { sql: 'SELECT name FROM sessions WHERE name LIKE ? ORDER BY id', params: ['T%'] },
      ]);
      expect(count).toBe(2);
      expect(names).toEqual([{ name: 'Two' }]);
      await expect(runner.run([{ sql: 'SELECT * FROM no_such_table', params: [] }])).rejects.toThrow('no such table');
    } finally {
      await runner.close();
    }
  });

  it('goes on in-thread when the worker cannot open the database', async () => {
    workbench.recordings.startSession('Kept');
    // The engine's connection keeps the file open; the worker finds nothing at the path.
    renameSync(join(dir, 'workbench.db'), join(dir, 'moved.db'));
    const runner = new WorkerSearchRunner(workbench.db);
    try {
      expect(await runner.run([{ sql: 'SELECT name FROM sessions', params: [], pluck: true }])).toEqual(['Kept']);
      expect(await runner.run([{ sql: 'SELECT count(*) FROM sessions', params: [], pluck: true }])).toEqual([1]);
    } finally {
      await runner.close();
    }
  });

  // Each worker thread is a V8 isolate of its own (~8 MB resident): the engine runs one, not two.
  it.runIf(existsSync('/proc/self/task'))('searches on the thread that checkpoints the database while one runs, and in-thread once it stops', async () => {
    const threads = () => readdirSync('/proc/self/task').length;
    const checkpointer = new WalCheckpointer(workbench.db, { schedule: { quickMs: 10, slowMs: 10, framesPerCheckpoint: 1 }, startAtWalBytes: 0 });
    checkpointer.start();
    const runner = new WorkerSearchRunner(workbench.db);
    try {
      workbench.recordings.startSession('Shared');
      const before = threads();
      expect(await runner.run([{ sql: 'SELECT name FROM sessions', params: [], pluck: true }])).toEqual(['Shared']);
      await expect(runner.run([{ sql: 'SELECT * FROM no_such_table', params: [] }])).rejects.toThrow('no such table');
      expect(threads()).toBe(before);
      await checkpointer.stop();
      workbench.recordings.startSession('After');
      expect(await runner.run([{ sql: 'SELECT count(*) FROM sessions', params: [], pluck: true }])).toEqual([2]);
    } finally {
      await runner.close();
      await checkpointer.stop();
    }
  });
});

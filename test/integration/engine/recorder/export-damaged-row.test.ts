import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importSession } from '../../../../src/engine/recorder/session-export';
import { URN } from '../../../../src/engine/scim/urns';
import type { RecordingStore } from '../../../../src/engine/store/recordings';
import { BUILT_IN_SECRETS } from '../../../../src/engine/recorder/secret-names';
import { exportSessionText } from '../../../support/export-text';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A session with damaged rows (stored JSON that no longer parses, or is not of its shape) exports
 * to a file that parses and imports again: the damaged exchanges as far as they can be read, with
 * a note saying what could not be, the others as recorded.
 */
let server: ScimTestServer;
let recordings: RecordingStore;
let sessionId: number;
const damaged: number[] = [];

beforeAll(async () => {
  server = await startScimServer();
  recordings = server.app.workbench.recordings;
  sessionId = recordings.startSession('Damaged').id;
  for (const name of ['ann', 'bob', 'cid', 'dan']) {
    expect((await server.request('POST', '/Users', { schemas: [URN.user], userName: `${name}@example.com` })).status).toBe(201);
  }
  await server.request('GET', '/Users?filter=userName%20eq%20%22ann%40example.com%22');
  const exchanges = recordings.sessionExchanges(sessionId);
  expect(exchanges).toHaveLength(5);
  damaged.push(exchanges[1]!.id, exchanges[2]!.id, exchanges[4]!.id);
  // Another connection, as a hand edit or a damaged page would.
  const other = new Database(server.dbPath);
  other.prepare("UPDATE exchanges SET notes = '[' WHERE id = ?").run(damaged[0]);
  other.prepare('UPDATE resource_versions SET after = \'{"userName":\' WHERE exchange_id = ?').run(damaged[1]);
  // Well-formed, not of its shape: a request that is a number.
  other.prepare("UPDATE exchanges SET request = '42' WHERE id = ?").run(damaged[2]);
  other.close();
});
afterAll(() => server.close());

for (const format of ['json', 'har'] as const) {
  it(`exports a ${format} file that parses, with every exchange and a note on each damaged one`, async () => {
    const { text } = await exportSessionText(recordings, sessionId, format, { creatorVersion: 'test' });
    const document = JSON.parse(text) as { exchanges?: { notes: { kind: string }[] }[]; log?: { entries: { comment?: string }[] } };
    if (format === 'json') {
      const notes = document.exchanges!.map((exchange) => exchange.notes.some((note) => note.kind === 'unreadable'));
      expect(notes).toEqual([false, true, true, false, true]);
    } else {
      expect(document.log!.entries).toHaveLength(5);
    }
  });
}

it('imports its session file export again, damaged exchanges included', async () => {
  const { text } = await exportSessionText(recordings, sessionId, 'json', { creatorVersion: 'test' });
  const imported = importSession(recordings, JSON.parse(text), 'Re-imported', BUILT_IN_SECRETS);
  const exchanges = recordings.sessionExchanges(imported.id);
  expect(exchanges.map((exchange) => exchange.request.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'GET']);
  expect(exchanges[2]!.changes).toEqual([]);
  expect(exchanges[3]!.changes).toEqual([expect.objectContaining({ after: expect.objectContaining({ userName: 'dan@example.com' }) })]);
});

import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importSession } from '../../../../src/engine/recorder/session-export';
import { stepsFromExchanges } from '../../../../src/engine/replay/replay-steps';
import { URN } from '../../../../src/engine/scim/urns';
import type { RecordingStore } from '../../../../src/engine/store/recordings';
import { BUILT_IN_SECRETS } from '../../../../src/engine/recorder/secret-names';
import { exportSessionText } from '../../../support/export-text';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * A session with damaged rows (stored text that no longer parses, that SQLite and JavaScript read
 * differently, or that parses but is not of its shape) exports to a file that parses and imports
 * again: the damaged exchanges as far as they can be read, each with a note saying what could not
 * be, the others as recorded.
 */
let server: ScimTestServer;
let recordings: RecordingStore;
let sessionId: number;
const USERS = ['ann', 'bob', 'cid', 'dan', 'eve', 'fay', 'gus', 'hal', 'ida', 'jon', 'kim', 'lou'];
/** Which exchanges (by position) are damaged, and how. */
const DAMAGE: [index: number, sql: string, ...params: unknown[]][] = [
  [1, "UPDATE exchanges SET notes = '[' WHERE id = ?"],
  [2, 'UPDATE resource_versions SET after = \'{"userName":\' WHERE exchange_id = ?'],
  // Well-formed for SQLite up to its NUL byte; JSON.parse refuses it.
  [3, "UPDATE exchanges SET notes = '[]' || char(0) || 'xx' WHERE id = ?"],
  [4, 'UPDATE exchanges SET request = CAST(request AS BLOB) WHERE id = ?'],
  [5, 'UPDATE exchanges SET response = \'{"status":201,"headers":[1]}\' WHERE id = ?'],
  [6, 'UPDATE exchanges SET request = \'{"headers":[],"body":null}\' WHERE id = ?'],
  // An empty method, its body in its own column.
  [8, 'UPDATE exchanges SET request = \'{"method":"","url":"/scim/v2/Users","headers":[],"body":null}\' WHERE id = ?'],
  // A key twice: SQLite reads the first, JSON.parse the last.
  [9, 'UPDATE exchanges SET request = \'{"method":"POST","url":"/scim/v2/Users","headers":[],"method":1,"body":null}\' WHERE id = ?'],
  // A body of the wrong type inside the part (as rows written before the body columns hold it).
  [10, 'UPDATE exchanges SET request = \'{"method":"POST","url":"/scim/v2/Users","headers":[],"body":5}\', request_body = NULL WHERE id = ?'],
  // No status a session file's import takes.
  [11, 'UPDATE exchanges SET response = \'{"status":700,"headers":[],"body":null}\' WHERE id = ?'],
  // Well-formed, not of its shape: a request that is a number, notes that are not notes.
  [12, "UPDATE exchanges SET request = '42', notes = '[null]' WHERE id = ?"],
];
const damagedAt = new Set(DAMAGE.map(([index]) => index));

beforeAll(async () => {
  server = await startScimServer();
  recordings = server.app.workbench.recordings;
  sessionId = recordings.startSession('Damaged').id;
  for (const name of USERS) {
    expect((await server.request('POST', '/Users', { schemas: [URN.user], userName: `${name}@example.com` })).status).toBe(201);
  }
  await server.request('GET', '/Users?filter=userName%20eq%20%22ann%40example.com%22');
  const exchanges = recordings.sessionExchanges(sessionId);
  expect(exchanges).toHaveLength(USERS.length + 1);
  // Another connection, as a hand edit or a damaged page would.
  const other = new Database(server.dbPath);
  for (const [index, sql] of DAMAGE) other.prepare(sql).run(exchanges[index]!.id);
  other.close();
});
afterAll(() => server.close());

const unreadable = (notes: { kind: string }[]) => notes.some((note) => note.kind === 'unreadable');
const expectedNotes = Array.from({ length: USERS.length + 1 }, (_, index) => damagedAt.has(index));

it('exports a session file that parses, with every exchange and a note on each damaged one', async () => {
  const { text } = await exportSessionText(recordings, sessionId, 'json', { creatorVersion: 'test' });
  const document = JSON.parse(text) as { exchanges: { notes: { kind: string }[] }[] };
  expect(document.exchanges.map((exchange) => unreadable(exchange.notes))).toEqual(expectedNotes);
});

it('exports a HAR that parses, with every exchange and a note on each damaged one', async () => {
  const { text } = await exportSessionText(recordings, sessionId, 'har', { creatorVersion: 'test' });
  const document = JSON.parse(text) as { log: { entries: { _scimWorkbench: { notes: { kind: string }[] } }[] } };
  expect(document.log.entries.map((entry) => unreadable(entry._scimWorkbench.notes))).toEqual(expectedNotes);
});

it('imports its session file export again, damaged exchanges included', async () => {
  const { text } = await exportSessionText(recordings, sessionId, 'json', { creatorVersion: 'test' });
  const imported = importSession(recordings, JSON.parse(text), 'Re-imported', BUILT_IN_SECRETS);
  const exchanges = recordings.sessionExchanges(imported.id);
  expect(exchanges.map((exchange) => exchange.request.method)).toEqual([...USERS.map(() => 'POST'), 'GET']);
  expect(exchanges.map((exchange) => unreadable(exchange.notes))).toEqual(expectedNotes);
  // The damaged version is left out; the undamaged ones are all there.
  expect(exchanges[2]!.changes).toEqual([]);
  expect(exchanges[7]!.changes).toEqual([expect.objectContaining({ after: expect.objectContaining({ userName: 'hal@example.com' }) })]);
});

it('replays a damaged exchange whose request was read whole, and refuses one whose request was lost', () => {
  const exchanges = recordings.sessionExchanges(sessionId);
  // Its resource version was damaged, its request was not.
  expect(stepsFromExchanges([exchanges[2]!])).toEqual([expect.objectContaining({ method: 'POST', path: '/Users' })]);
  for (const lost of [4, 6, 8, 9, 10, 12])
    expect(() => stepsFromExchanges([exchanges[lost]!])).toThrow(`Exchange #${exchanges[lost]!.id} lost its request's headers`);
});

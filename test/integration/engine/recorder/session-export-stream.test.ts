import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toHar } from '../../../../src/engine/recorder/har';
import { exportSession, type ExportFormat } from '../../../../src/engine/recorder/session-export';
import { exportSessionText } from '../../../support/export-text';
import { toSessionFile } from '../../../../src/engine/recorder/session-file';
import { URN } from '../../../../src/engine/scim/urns';
import type { RecordingStore } from '../../../../src/engine/store/recordings';
import type { RecordedExchange, SessionSummary } from '../../../../src/shared/recording';
import { seedExchanges } from '../../../../bench/seed-exchanges';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

const EXPORTED_AT = new Date('2026-12-03T12:00:00.000Z');

/** What the export wrote before it streamed: the whole document built in memory, then JSON.stringify. */
function wholeDocumentText(session: SessionSummary, exchanges: RecordedExchange[], format: ExportFormat): string {
  const document = format === 'har' ? toHar(exchanges, { creatorVersion: 'test', sessionName: session.name }) : toSessionFile(session, exchanges, EXPORTED_AT);
  return JSON.stringify(document, null, 2);
}

let server: ScimTestServer;
let recordings: RecordingStore;
beforeEach(async () => {
  server = await startScimServer();
  recordings = server.app.workbench.recordings;
});
afterEach(() => server.close());

/** Real SCIM traffic (creates, a group with members, reads, an error) into the session, then synthetic exchanges. */
async function recordMixedSession(name: string, synthetic: number, interleavedWith?: number): Promise<SessionSummary> {
  const session = recordings.startSession(name);
  const ids: string[] = [];
  for (let n = 0; n < 5; n++) ids.push((await server.request('POST', '/Users', { schemas: [URN.user], userName: `stream${n}@example.com` })).body.id);
  const group = await server.request('POST', '/Groups', {
    schemas: [URN.group],
    displayName: 'Streamed',
    members: ids.slice(0, 3).map((value) => ({ value })),
  });
  await server.request('PATCH', `/Groups/${group.body.id}`, { schemas: [URN.patchOp], Operations: [{ op: 'remove', path: `members[value eq "${ids[0]}"]` }] });
  await server.request('GET', '/Users?filter=userName%20eq%20%22stream1%40example.com%22');
  await server.request('GET', '/Users/nobody');
  // Alternating sessions: the page's change query sees other sessions' versions between its ids.
  seedExchanges(recordings, synthetic, (index) => (interleavedWith !== undefined && index % 3 === 0 ? interleavedWith : session.id));
  return recordings.session(session.id)!;
}

describe('streamed export', () => {
  it('writes, page by page, what parses into the whole-document export, for both formats and any page size', async () => {
    const other = recordings.startSession('Other');
    const session = await recordMixedSession('Streamed "run" \u0000streamed list\u0000', 3000, other.id);
    const exchanges = recordings.sessionExchanges(session.id);
    expect(exchanges.length).toBe(9 + 2000);
    expect(exchanges.filter((exchange) => exchange.changes.length > 0).length).toBeGreaterThan(1000);
    for (const format of ['json', 'har'] as const) {
      const expected = wholeDocumentText(session, exchanges, format);
      for (const pageSize of [undefined, 7, 500, 5000]) {
        const { text } = await exportSessionText(recordings, session.id, format, { creatorVersion: 'test', exportedAt: EXPORTED_AT, pageSize });
        expect(JSON.parse(text), `${format}, pages of ${pageSize ?? 'the budget'}`).toEqual(JSON.parse(expected));
      }
    }
    const parsed = JSON.parse((await exportSessionText(recordings, session.id, 'har', { creatorVersion: 'test' })).text);
    expect(parsed.log.entries).toHaveLength(2009);
    expect(parsed.log.creator.comment).toBe(session.name);
  });

  it('keeps the indented layout around the list, one exchange per line, and writes an empty session as before', async () => {
    const session = await recordMixedSession('Layout', 3);
    const { text } = await exportSessionText(recordings, session.id, 'har', { creatorVersion: 'test' });
    const lines = text.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      '{',
      '  "log": {',
      '    "version": "1.2",',
      '    "creator": {',
      '      "name": "SCIM Workbench",',
      '      "version": "test",',
      '      "comment": "Layout"',
      '    },',
    ]);
    expect(lines[8]).toBe('    "entries": [');
    expect(lines.slice(9, -3).every((line) => line.startsWith('      {"startedDateTime":'))).toBe(true);
    expect(lines.slice(9, -3)).toHaveLength(12);
    expect(lines.slice(-3)).toEqual(['    ]', '  }', '}']);

    const empty = recordings.startSession('Empty');
    for (const format of ['json', 'har'] as const) {
      const exported = await exportSessionText(recordings, empty.id, format, { creatorVersion: 'test', exportedAt: EXPORTED_AT });
      expect(exported.text).toBe(wholeDocumentText(empty, [], format));
      const fileName = exported.fileName;
      expect(fileName).toBe(format === 'har' ? 'Empty.har' : 'Empty.scim-session.json');
    }
  });

  it('holds the exchanges recorded before it started while recording continues, and the server answers between pages', async () => {
    const session = await recordMixedSession('Live', 1000);
    const before = recordings.sessionExchanges(session.id);
    const progress: number[] = [];
    const running = exportSession(recordings, session.id, 'json', {
      creatorVersion: 'test',
      exportedAt: EXPORTED_AT,
      pageSize: 100,
      onProgress: (done) => progress.push(done),
    });
    let text = '';
    let answered = 0;
    for await (const chunk of running.chunks) {
      text += chunk;
      // The IdP keeps going mid-export: its requests are answered and recorded into the same session.
      if (answered < 3) {
        const created = await server.request('POST', '/Users', { schemas: [URN.user], userName: `during${answered}@example.com` });
        expect(created.status).toBe(201);
        answered++;
      }
    }
    expect(JSON.parse(text)).toEqual(JSON.parse(wholeDocumentText(session, before, 'json')));
    expect(progress.at(-1)).toBe(before.length);
    expect(progress.length).toBe(Math.ceil(before.length / 100));
    const after = recordings.sessionExchanges(session.id);
    expect(
      after
        .slice(before.length)
        .map((exchange) => exchange.operation)
        .join(),
    ).toContain('during2@example.com');
  });

  it('refuses an unknown session before it writes anything', () => {
    expect(() => exportSession(recordings, 999_999, 'json', { creatorVersion: 'test' })).toThrow('No session 999999.');
  });
});

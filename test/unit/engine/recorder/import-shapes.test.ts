import { describe, expect, it } from 'vitest';
import { fromHar } from '../../../../src/engine/recorder/har';
import { parseSessionFile, SESSION_FILE_FORMAT, SESSION_FILE_VERSION } from '../../../../src/engine/recorder/session-file';

/**
 * An imported file's shape is checked against a schema: the first thing wrong is named by its
 * path in the file and what belongs there, without quoting the value (it may be a secret).
 */
const exchange = (over: Record<string, unknown> = {}, request: Record<string, unknown> = {}) => ({
  workspace: 'default',
  startedAt: '2026-12-01T10:00:00.000Z',
  request: { method: 'GET', url: '/scim/v2/Users', headers: [], body: null, ...request },
  response: { status: 200, headers: [], body: null },
  ...over,
});
const file = (...exchanges: unknown[]) => ({ format: SESSION_FILE_FORMAT, version: SESSION_FILE_VERSION, session: { name: 'x' }, exchanges });

describe('a session file of the wrong shape', () => {
  it.each([
    [[], 'The session file must be a JSON object.'],
    [{ format: SESSION_FILE_FORMAT, version: SESSION_FILE_VERSION, exchanges: [] }, 'The session file has no "session".'],
    [{ ...file(), session: { name: '' } }, 'session.name must be a non-empty string.'],
    [{ ...file(), exchanges: {} }, 'exchanges must be a list.'],
    [file(exchange(), 'x'), 'exchanges[1] must be a JSON object.'],
    [file(exchange({ workspace: 7 })), 'exchanges[0].workspace must be a non-empty string.'],
    [file(exchange({ startedAt: 'last Tuesday' })), 'exchanges[0].startedAt must be an ISO 8601 time.'],
    [file(exchange({ response: { status: 99, headers: [] } })), 'exchanges[0].response.status must be an HTTP status number.'],
    [
      file(exchange({}, { headers: [['authorization', 'Bearer tok-secret', 'extra']] })),
      'exchanges[0].request.headers[0] must be a [name, value] pair of strings.',
    ],
    [file(exchange({}, { headers: { authorization: 'Bearer tok-secret' } })), 'exchanges[0].request.headers must be a list of [name, value] pairs.'],
    [file(exchange({}, { body: { userName: 'a' } })), 'exchanges[0].request.body must be a string or null.'],
  ])('%j is refused, naming the path', (input, message) => {
    expect(() => parseSessionFile(input)).toThrow(message);
  });

  it('does not quote a refused value', () => {
    const refusal = (() => {
      try {
        parseSessionFile(file(exchange({}, { headers: [['authorization', 'Bearer tok-secret', 'x']] })));
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refusal).toContain('exchanges[0].request.headers[0]');
    expect(refusal).not.toContain('tok-secret');
  });

  it('reads a client it does not know as other', () => {
    expect(parseSessionFile(file(exchange({ client: 'evil' }))).exchanges[0]!.client).toBe('other');
  });
});

describe('a HAR of the wrong shape', () => {
  const entry = (over: Record<string, unknown> = {}) => ({
    startedDateTime: '2026-01-01T00:00:00Z',
    request: { method: 'GET', url: 'http://127.0.0.1/x' },
    response: { status: 200 },
    ...over,
  });
  const har = (...entries: unknown[]) => ({ log: { entries } });

  it.each([
    [har(entry(), 5), 'log.entries[1] must be a JSON object.'],
    [
      har(entry({ request: { method: 'GET', url: '/x', headers: [{ name: 'x-a', value: 1 }] } })),
      'log.entries[0].request.headers[0] must be a {name, value} pair of strings.',
    ],
    [har(entry({ request: { method: 'GET', url: '/x', headers: [{ value: 'a' }] } })), 'log.entries[0].request.headers[0].name is missing.'],
    [har(entry({ response: { status: 200, headers: {} } })), 'log.entries[0].response.headers must be a list of {name, value}.'],
    [har({ request: { method: 'GET', url: '/x' }, response: { status: 200 } }), 'log.entries[0].startedDateTime is missing.'],
    [har(entry({ response: {} })), 'log.entries[0].response.status is missing.'],
  ])('%j is refused, naming the path', (input, message) => {
    expect(() => fromHar(input)).toThrow(message);
  });

  it("reads a workbench client it does not know as other, and keeps the entry's workspace", () => {
    const [imported] = fromHar(har(entry({ _scimWorkbench: { client: 'evil', workspace: 'okta-test' } })));
    expect(imported).toMatchObject({ client: 'other', workspace: 'okta-test' });
  });
});

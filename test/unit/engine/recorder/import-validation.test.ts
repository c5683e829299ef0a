import { describe, expect, it } from 'vitest';
import { fromHar } from '../../../../src/engine/recorder/har';
import { parseSessionFile, SESSION_FILE_FORMAT, SESSION_FILE_VERSION } from '../../../../src/engine/recorder/session-file';

/** An imported file is someone else's text: its method, URL and headers are later replayed and pasted into shells. */
const entry = (request: Record<string, unknown>) => ({
  startedDateTime: '2026-12-01T10:00:00.000Z',
  request: { method: 'GET', url: 'http://127.0.0.1/scim/v2/Users', headers: [], ...request },
  response: { status: 200, headers: [] },
});
const har = (...requests: Record<string, unknown>[]) => ({ log: { version: '1.2', entries: [entry({}), ...requests.map(entry)] } });

describe('fromHar refuses an entry that is not HTTP, naming it', () => {
  it.each([
    ['GET $(touch /tmp/pwned)', 'log.entries[1].request.method'],
    ["GET'; rm -rf ~; echo '", 'log.entries[1].request.method'],
    ['GET\nHost: evil', 'log.entries[1].request.method'],
    ['GET `id`', 'log.entries[1].request.method'],
  ])('method %j', (method, at) => {
    expect(() => fromHar(har({ method }))).toThrow(`${at} ${JSON.stringify(method)} is not an HTTP method`);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,x', 'ftp://example.com/Users'])('URL %j', (url) => {
    expect(() => fromHar(har({ url }))).toThrow(/log\.entries\[1\]\.request\.url must be an http or https URL/);
  });

  it.each([
    [{ name: 'X-Ok\nInjected', value: 'x' }, 'that is not an HTTP token'],
    [{ name: '@/etc/passwd', value: 'x' }, 'that is not an HTTP token'],
    [{ name: 'X-Trace', value: 'a\r\nSet-Cookie: s=1' }, 'with a line break or control character'],
    [{ name: 'X-Trace', value: 'a\u0000b' }, 'with a line break or control character'],
  ])('header %j', (header, problem) => {
    expect(() => fromHar(har({ headers: [header] }))).toThrow(`log.entries[1].request.headers[0] has`);
    expect(() => fromHar(har({ headers: [header] }))).toThrow(problem);
  });

  it('does not quote a secret of the URL it refuses', () => {
    expect(() => fromHar(har({ url: 'http://[bad/Users?access_token=tok-123456' }))).toThrow(
      /is not a URL: "http:\/\/\[bad\/Users\?access_token=%5Bredacted%5D"/,
    );
  });

  it('accepts ordinary and extension methods, http and https, and upper-cases the method', () => {
    const exchanges = fromHar(
      har({ method: 'patch', url: 'https://idp.example.com/scim/v2/Users/1?x=1' }, { method: 'PROPFIND', headers: [{ name: 'X-Trace', value: 'a\tb "c"' }] }),
    );
    expect(exchanges.map((exchange) => [exchange.request.method, exchange.request.url])).toEqual([
      ['GET', '/scim/v2/Users'],
      ['PATCH', '/scim/v2/Users/1?x=1'],
      ['PROPFIND', '/scim/v2/Users'],
    ]);
    expect(exchanges[2]!.request.headers).toEqual([['x-trace', 'a\tb "c"']]);
  });
});

describe('parseSessionFile refuses the same, naming the exchange', () => {
  const file = (request: Record<string, unknown>) => ({
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    session: { name: 'x' },
    exchanges: [
      {
        workspace: 'default',
        startedAt: '2026-12-01T10:00:00.000Z',
        request: { method: 'GET', url: '/scim/v2/Users', headers: [], body: null, ...request },
        response: { status: 200, headers: [], body: null },
      },
    ],
  });

  it('refuses a method, a path or a header that is not HTTP', () => {
    expect(() => parseSessionFile(file({ method: 'GET $(id)' }))).toThrow('exchanges[0].request.method "GET $(id)" is not an HTTP method');
    expect(() => parseSessionFile(file({ url: 'javascript:alert(1)' }))).toThrow('exchanges[0].request.url must be a path starting with "/" or an http(s) URL');
    expect(() => parseSessionFile(file({ url: '/Users\r\nX-Injected: 1' }))).toThrow('exchanges[0].request.url must be a path');
    expect(parseSessionFile(file({ url: 'https://bad host/Users?x=1' })).exchanges[0]!.request.url).toBe('https://bad host/Users?x=1');
    expect(() => parseSessionFile(file({ headers: [['x-a', 'b\nc']] }))).toThrow('exchanges[0].request.headers[0] has a value for "x-a" with a line break');
    expect(parseSessionFile(file({ method: 'delete' })).exchanges[0]!.request.method).toBe('DELETE');
  });
});

describe('an imported exchange’s resource changes name their resource, or the file is refused saying where', () => {
  const exchange = (changes: unknown) => ({
    workspace: 'default',
    startedAt: '2026-12-01T10:00:00.000Z',
    request: { method: 'POST', url: '/scim/v2/Users', headers: [], body: null },
    response: { status: 201, headers: [], body: null },
    changes,
  });
  const sessionFile = (changes: unknown) => ({
    format: SESSION_FILE_FORMAT,
    version: SESSION_FILE_VERSION,
    session: { name: 'x' },
    exchanges: [exchange(changes)],
  });
  const harFile = (changes: unknown) => ({ log: { version: '1.2', entries: [{ ...entry({}), _scimWorkbench: { workspace: 'default', changes } }] } });
  const created = { resourceType: 'User', resourceId: 'u-1', before: null, after: { userName: 'ann' } };

  it.each([
    [[{ foo: 1 }], 'changes[0] must name its resource: "resourceType" (User or Group) and "resourceId" (text)'],
    [[created, { resourceType: 'User', resourceId: 7, before: null, after: null }], 'changes[1] must name its resource'],
    [[{ resourceType: 'Robot', resourceId: 'r', before: null, after: null }], 'changes[0] must name its resource'],
    [['a change'], 'changes[0] must name its resource'],
  ])('%j', (changes, message) => {
    expect(() => parseSessionFile(sessionFile(changes))).toThrow(`exchanges[0].${message}`);
    expect(() => fromHar(harFile(changes))).toThrow(`log.entries[0]._scimWorkbench.${message}`);
  });

  it('keeps changes that name their resource, however odd their documents', () => {
    const odd = { resourceType: 'Group', resourceId: 'g-1', before: null, after: { displayName: 'x', weird: [1, { a: null }] }, membersAdded: ['u-1'] };
    expect(parseSessionFile(sessionFile([created, odd])).exchanges[0]!.changes).toEqual([created, odd]);
    expect(fromHar(harFile([created, odd]))[0]!.changes).toEqual([created, odd]);
  });
});

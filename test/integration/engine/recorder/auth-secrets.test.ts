import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allWorkspaceSecrets, importSession } from '../../../../src/engine/recorder/session-export';
import { REDACTED } from '../../../../src/shared/recording';
import { exportSessionText } from '../../../support/export-text';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/**
 * The secrets of every auth mode (Basic password, a custom header's value under a name that says
 * nothing of secrets, the token request's client secret in the form and in Basic, the issued
 * access token) are used against a real listener; the recording, every export and the raw database
 * bytes are then searched for them.
 */
let server: ScimTestServer;
let secret: string;
const issued: string[] = [];
const base = () => `${server.origin}/w/acme/scim/v2`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  server = await startScimServer();
  const workspaces = server.app.workbench.workspaces;
  secret = workspaces.create('acme').token;
  const get = (headers: Record<string, string | null>) => server.request('GET', `${base()}/Users`, undefined, { authorization: null, ...headers });

  workspaces.configure('acme', { auth: { mode: 'basic', username: 'okta' } });
  expect((await get({ authorization: basic('okta', secret) })).status).toBe(200);
  // A wrong password is someone's secret too.
  expect((await get({ authorization: basic('okta', 'WrongBasicPassword42') })).status).toBe(401);

  // A header name none of the recorder's lists calls secret.
  workspaces.configure('acme', { auth: { mode: 'header', headerName: 'X-Tenant-Pass-Through' } });
  expect((await get({ 'x-tenant-pass-through': secret })).status).toBe(200);
  expect((await get({ 'x-tenant-pass-through': 'WrongHeaderValue42' })).status).toBe(401);

  workspaces.configure('acme', { auth: { mode: 'oauth', clientId: 'entra-app' } });
  const token = (body: string, headers: Record<string, string> = {}) =>
    server.request('POST', `${base()}/oauth/token`, body, { authorization: null, 'content-type': 'application/x-www-form-urlencoded', ...headers });
  const inForm = await token(`grant_type=client_credentials&client_id=entra-app&client_secret=${encodeURIComponent(secret)}`);
  const inBasic = await token('grant_type=client_credentials', { authorization: basic('entra-app', secret) });
  for (const response of [inForm, inBasic]) {
    expect(response.status).toBe(200);
    issued.push(response.body.access_token);
  }
  expect((await get({ authorization: `Bearer ${issued[0]}` })).status).toBe(200);
  server.app.workbench.recorder.flush();
});
afterAll(async () => {
  await server.close();
});

const planted = () => ({ secret, wrongBasic: 'WrongBasicPassword42', wrongHeader: 'WrongHeaderValue42', accessToken0: issued[0]!, accessToken1: issued[1]! });

describe('auth secrets in recordings', () => {
  it('are redacted in the recorded exchanges, their places marked', () => {
    const recordings = server.app.workbench.recordings;
    const exchanges = recordings.sessionExchanges(recordings.currentSessionId());
    const header = (exchange: (typeof exchanges)[number], name: string) => exchange.request.headers.find(([key]) => key === name)?.[1];
    const customHeader = exchanges.find((exchange) => header(exchange, 'x-tenant-pass-through') !== undefined && exchange.response.status === 200)!;
    expect(header(customHeader, 'x-tenant-pass-through')).toBe(REDACTED);
    const basicUse = exchanges.find(
      (exchange) => header(exchange, 'authorization')?.startsWith('Basic') && exchange.request.method === 'GET' && exchange.response.status === 200,
    )!;
    expect(header(basicUse, 'authorization')).toBe(`Basic ${REDACTED}`);
    const tokenRequests = exchanges.filter((exchange) => exchange.request.url.endsWith('/oauth/token'));
    expect(tokenRequests).toHaveLength(2);
    expect(tokenRequests[0]!.request.body).toBe(`grant_type=client_credentials&client_id=entra-app&client_secret=${encodeURIComponent(REDACTED)}`);
    expect(header(tokenRequests[1]!, 'authorization')).toBe(`Basic ${REDACTED}`);
    // A refused request is recorded in summary, with the reason in the words of the workspace's mode.
    const refusedNotes = exchanges.filter((exchange) => exchange.response.status === 401).flatMap((exchange) => exchange.notes.map((note) => note.detail));
    expect(refusedNotes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Refused: The HTTP Basic username or password is not valid'),
        expect.stringContaining('Refused: The "X-Tenant-Pass-Through" header\'s value is not valid'),
      ]),
    );
    for (const exchange of tokenRequests) {
      expect(JSON.parse(exchange.response.body!)).toEqual({ access_token: REDACTED, token_type: 'Bearer', expires_in: 3600 });
    }
  });

  it('are in no session file, no HAR export, and not in the database file or its log', async () => {
    const workbench = server.app.workbench;
    const secrets = allWorkspaceSecrets(workbench.workspaces);
    const id = workbench.recordings.currentSessionId();
    const texts: string[] = [];
    for (const format of ['json', 'har'] as const)
      texts.push((await exportSessionText(workbench.recordings, id, format, { creatorVersion: 'test', secrets })).text);
    expect(texts.join('\n')).toContain('entra-app');
    const leakedInExports = Object.entries(planted())
      .filter(([, value]) => texts.some((text) => text.includes(value)))
      .map(([name]) => name);
    expect(leakedInExports).toEqual([]);
    const bytes = Buffer.concat([readFileSync(server.dbPath), ...(existsSync(`${server.dbPath}-wal`) ? [readFileSync(`${server.dbPath}-wal`)] : [])]).toString(
      'latin1',
    );
    expect(bytes).toContain('entra-app');
    // The workspace secret is stored (it is what requests are checked against); nothing else is.
    const { secret: _stored, ...others } = planted();
    const leakedInFile = Object.entries(others)
      .filter(([, value]) => bytes.includes(value))
      .map(([name]) => name);
    expect(leakedInFile).toEqual([]);
  });
});

describe('a custom auth header in an imported file', () => {
  it('is redacted on import and on export, under the name a workspace gave it', async () => {
    const workbench = server.app.workbench;
    const imported = 'ImportedHeaderSecret42';
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Other workbench', version: '1' },
        entries: [
          {
            startedDateTime: '2026-12-01T10:00:00.000Z',
            time: 3,
            request: { method: 'GET', url: 'https://scim.example.com/scim/v2/Users', headers: [{ name: 'X-Tenant-Pass-Through', value: imported }] },
            response: { status: 200, headers: [], content: { mimeType: 'application/scim+json', text: '{"totalResults":0}' } },
          },
        ],
      },
    };
    const session = importSession(workbench.recordings, har, 'Imported', allWorkspaceSecrets(workbench.workspaces));
    const [exchange] = workbench.recordings.sessionExchanges(session.id);
    expect(exchange!.request.headers).toContainEqual(['x-tenant-pass-through', REDACTED]);
    const { text } = await exportSessionText(workbench.recordings, session.id, 'har', {
      creatorVersion: 'test',
      secrets: allWorkspaceSecrets(workbench.workspaces),
    });
    expect(text).not.toContain(imported);
  });
});

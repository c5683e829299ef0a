import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildAdminServer } from '../../../../src/engine/admin/admin-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allWorkspaceSecrets, importSession } from '../../../../src/engine/recorder/session-export';
import { exportSessionText } from '../../../support/export-text';
import { URN } from '../../../../src/engine/scim/urns';
import { REDACTED } from '../../../../src/shared/recording';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';
import { listenAdmin } from '../../../support/admin-api';

/**
 * A distinct secret is planted in every position an IdP (or an imported HAR) can carry one; then
 * every export of every session, and the raw bytes of the SQLite file and its write-ahead log,
 * are searched for each of them. README: "exports never hold them".
 */
const HR = 'urn:acme:params:scim:schemas:extension:hr:2.0:User';
const plant = (position: string) => `Plant${position}Zq${position.length}x7`;
const SECRETS = {
  postPassword: plant('PostPassword'),
  patchPassword: plant('PatchPassword'),
  patchPasswordUrn: plant('PatchPasswordUrn'),
  userPassword: plant('UserPassword'),
  oldPassword: plant('OldPassword'),
  pwd: plant('Pwd'),
  pin: plant('Pin'),
  filter: plant('Filter'),
  unquotedFilter: plant('UnquotedFilter'),
  searchFilter: plant('SearchFilter'),
  queryPw: plant('QueryPw'),
  xAuth: plant('XAuth'),
  xSessionId: plant('XSessionId'),
  xCsrf: plant('XCsrf'),
  cookie: plant('Cookie'),
  extensionPost: plant('ExtensionPost'),
  extensionPatch: plant('ExtensionPatch'),
  extensionFilter: plant('ExtensionFilter'),
  refusedExtensionFilter: plant('RefusedExtensionFilter'),
  harFormPassword: plant('HarFormPassword'),
  harClientSecret: plant('HarClientSecret'),
  harCode: plant('HarCode'),
  harQueryCode: plant('HarQueryCode'),
  harXAuth: plant('HarXAuth'),
} as const;

const secretHeaders = { 'x-auth': SECRETS.xAuth, 'x-session-id': SECRETS.xSessionId, 'x-csrf': SECRETS.xCsrf, cookie: `sid=${SECRETS.cookie}` };

function harWithAForm() {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Browser', version: '1' },
      entries: [
        {
          startedDateTime: '2026-12-01T10:00:00.000Z',
          time: 12,
          request: {
            method: 'POST',
            url: `https://idp.example.com/oauth/token?code=${SECRETS.harQueryCode}&state=kept-state`,
            headers: [
              { name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
              { name: 'X-Auth', value: SECRETS.harXAuth },
            ],
            postData: {
              mimeType: 'application/x-www-form-urlencoded',
              text: `grant_type=authorization_code&code=${SECRETS.harCode}&client_id=kept-client&client_secret=${SECRETS.harClientSecret}&password=${SECRETS.harFormPassword}`,
            },
          },
          response: { status: 200, headers: [], content: { mimeType: 'application/json', text: '{"ok":true}' } },
        },
      ],
    },
  };
}

let server: ScimTestServer;
beforeAll(async () => {
  server = await startScimServer();
  server.app.workbench.workspaces.configure('default', {
    extensions: [
      {
        id: HR,
        name: 'HrUser',
        resourceType: 'User',
        attributes: [
          { name: 'badgePin', type: 'string', returned: 'never' },
          { name: 'site', type: 'string' },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await server.close();
});

describe('a secret planted in each position', () => {
  let sessionIds: number[] = [];
  let serviceProviderConfig = '';

  beforeAll(async () => {
    const created = await server.request(
      'POST',
      '/Users',
      {
        schemas: [URN.user, HR],
        userName: 'planted@example.com',
        password: SECRETS.postPassword,
        [HR]: { badgePin: SECRETS.extensionPost, site: 'Berlin-kept' },
      },
      secretHeaders,
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Attributes no schema declares, as some IdPs send them: the workspace may refuse them, the recording must not keep them.
    await server.request('POST', '/Users', {
      schemas: [URN.user],
      userName: 'other@example.com',
      userPassword: SECRETS.userPassword,
      oldPassword: SECRETS.oldPassword,
      pwd: SECRETS.pwd,
      pin: SECRETS.pin,
    });
    const patched = await server.request('PATCH', `/Users/${id}`, {
      schemas: [URN.patchOp],
      Operations: [
        { op: 'replace', path: 'password', value: SECRETS.patchPassword },
        { op: 'replace', path: `${URN.user}:password`, value: SECRETS.patchPasswordUrn },
        { op: 'replace', path: `${HR}:badgePin`, value: SECRETS.extensionPatch },
        { op: 'replace', path: 'displayName', value: 'Display-kept' },
      ],
    });
    expect(patched.status).toBe(200);
    await server.request('GET', `/Users?filter=${encodeURIComponent(`password eq "${SECRETS.filter}"`)}`);
    // A bare value, as some IdPs send it: the server's note or error quotes it back.
    await server.request('GET', `/Users?filter=${encodeURIComponent(`password eq ${SECRETS.unquotedFilter}`)}`);
    await server.request('GET', `/Users?filter=${encodeURIComponent(`${HR}:badgePin eq "${SECRETS.extensionFilter}"`)}`);
    // Refused before the workspace's settings are read (a wrong token): its extensions still count.
    const refused = await server.request('GET', `/Users?filter=${encodeURIComponent(`${HR}:badgePin eq "${SECRETS.refusedExtensionFilter}"`)}`, undefined, {
      authorization: 'Bearer wrong',
    });
    expect(refused.status).toBe(401);
    await server.request('POST', '/Users/.search', {
      schemas: [URN.searchRequest],
      filter: `userName eq "planted@example.com" and password eq "${SECRETS.searchFilter}"`,
    });
    await server.request('GET', `/Users?pw=${SECRETS.queryPw}&count=5`);
    serviceProviderConfig = JSON.stringify((await server.request('GET', '/ServiceProviderConfig')).body);
    const workbench = server.app.workbench;
    workbench.recorder.flush();
    sessionIds = [workbench.recordings.currentSessionId()];
    sessionIds.push(importSession(workbench.recordings, harWithAForm(), 'Browser sign-in', allWorkspaceSecrets(workbench.workspaces)).id);
  });

  it('is in no session file and no HAR export', async () => {
    const secrets = allWorkspaceSecrets(server.app.workbench.workspaces);
    const exports: string[] = [];
    for (const id of sessionIds) {
      for (const format of ['json', 'har'] as const)
        exports.push((await exportSessionText(server.app.workbench.recordings, id, format, { creatorVersion: 'test', secrets })).text);
    }
    // The exports hold the exchanges (so the search below searches something), with the secrets' places marked.
    expect(exports.join('\n')).toContain('planted@example.com');
    expect(exports.join('\n')).toContain('kept-client');
    const leaked = Object.entries(SECRETS)
      .filter(([, secret]) => exports.some((text) => text.includes(secret)))
      .map(([position]) => position);
    expect(leaked).toEqual([]);
  });

  it('is in neither the database file nor its write-ahead log', () => {
    const { dbPath } = server;
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    const bytes = Buffer.concat([readFileSync(dbPath), readFileSync(`${dbPath}-wal`)]).toString('latin1');
    expect(bytes).toContain('planted@example.com');
    const leaked = Object.entries(SECRETS)
      .filter(([, secret]) => bytes.includes(secret))
      .map(([position]) => position);
    expect(leaked).toEqual([]);
  });

  it('leaves its place marked and everything else as sent', () => {
    const recordings = server.app.workbench.recordings;
    const exchanges = sessionIds.flatMap((id) => recordings.sessionExchanges(id));
    const patch = exchanges.find((exchange) => exchange.request.method === 'PATCH')!;
    expect(JSON.parse(patch.request.body!).Operations).toEqual([
      { op: 'replace', path: 'password', value: REDACTED },
      { op: 'replace', path: `${URN.user}:password`, value: REDACTED },
      { op: 'replace', path: `${HR}:badgePin`, value: REDACTED },
      { op: 'replace', path: 'displayName', value: 'Display-kept' },
    ]);
    const created = exchanges.find((exchange) => exchange.request.method === 'POST' && exchange.response.status === 201)!;
    expect(JSON.parse(created.request.body!)[HR]).toEqual({ badgePin: REDACTED, site: 'Berlin-kept' });
    expect(created.request.headers).toEqual(
      expect.arrayContaining([
        ['x-auth', REDACTED],
        ['x-session-id', REDACTED],
        ['x-csrf', REDACTED],
        ['cookie', REDACTED],
      ]),
    );
    const filtered = exchanges.find((exchange) => exchange.request.url.includes('filter=password'))!;
    expect(decodeURIComponent(filtered.request.url)).toBe(`/scim/v2/Users?filter=password eq "${REDACTED}"`);
    expect(filtered.operation).not.toContain(SECRETS.filter);
    // ServiceProviderConfig names `changePassword`, a setting: recorded as served.
    const config = exchanges.find((exchange) => exchange.request.url.endsWith('/ServiceProviderConfig'))!;
    expect(config.response.body).toBe(serviceProviderConfig);
    expect(serviceProviderConfig).toContain('"changePassword":{"supported":');
    const form = exchanges.find((exchange) => exchange.request.url.startsWith('/oauth/token'))!;
    expect(form.request.url).toBe(`/oauth/token?code=${encodeURIComponent(REDACTED)}&state=kept-state`);
    const redacted = encodeURIComponent(REDACTED);
    expect(form.request.body).toBe(`grant_type=authorization_code&code=${redacted}&client_id=kept-client&client_secret=${redacted}&password=${redacted}`);
  });
});

describe("a row recorded before today's list (an older version, or before the extension was declared)", () => {
  let admin: FastifyInstance;
  let adminUrl: string;
  beforeAll(async () => {
    admin = buildAdminServer({ workbench: server.app.workbench, token: 'admin-token', feedIntervalMs: 20 });
    adminUrl = await listenAdmin(admin);
  });
  afterAll(async () => {
    await admin.close();
  });

  it("is redacted again on its way out of the admin API's export", async () => {
    const old = {
      badge: plant('OldBadge'),
      pin: plant('OldPin'),
      filter: plant('OldFilter'),
      oauthCode: plant('OldOAuthCode'),
      sessionHeader: plant('OldSessionHeader'),
    };
    // Written straight to the store, as an older version wrote it: no redaction on the way in.
    const session = server.app.workbench.recordings.importSession('Recorded by 0.0.9', [
      {
        workspace: 'default',
        startedAt: '2026-11-01T10:00:00.000Z',
        durationMs: 1,
        client: 'okta',
        source: 'local',
        operation: `Okta looked up users where pin eq "${old.pin}"`,
        request: {
          method: 'POST',
          url: `/scim/v2/Users?filter=${encodeURIComponent(`pin eq "${old.pin}"`)}`,
          headers: [['host', '127.0.0.1']],
          body: JSON.stringify({ userName: 'old', [HR]: { badgePin: old.badge, site: 'kept' } }),
        },
        response: { status: 400, headers: [], body: JSON.stringify({ detail: `bad filter: password eq ${old.filter}` }) },
        notes: [],
        changes: [],
      },
      // Rows holding one secret each, in places no secret-looking key names: a query's OAuth field, a header.
      {
        workspace: 'default',
        startedAt: '2026-11-01T10:00:01.000Z',
        durationMs: 1,
        client: 'other',
        source: 'local',
        operation: 'GET /scim/v2/Users',
        request: { method: 'GET', url: `/scim/v2/Users?code=${old.oauthCode}&count=1`, headers: [['host', '127.0.0.1']], body: null },
        response: { status: 200, headers: [], body: '{"totalResults":0}' },
        notes: [],
        changes: [],
      },
      {
        workspace: 'default',
        startedAt: '2026-11-01T10:00:02.000Z',
        durationMs: 1,
        client: 'other',
        source: 'local',
        operation: 'GET /scim/v2/Groups',
        request: {
          method: 'GET',
          url: '/scim/v2/Groups?count=1',
          headers: [
            ['host', '127.0.0.1'],
            ['x-session-id', old.sessionHeader],
          ],
          body: null,
        },
        response: { status: 200, headers: [], body: '{"totalResults":0}' },
        notes: [],
        changes: [],
      },
    ]);
    for (const format of ['json', 'har']) {
      const response = await fetch(`${adminUrl}/sessions/${session.id}/export?format=${format}`, { headers: { authorization: 'Bearer admin-token' } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('kept');
      for (const secret of Object.values(old)) expect(text).not.toContain(secret);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayAuth } from '../../../../src/shared/replay';
import { runChecks } from '../../../../src/engine/conformance/run-checks';
import { ScimClient, type SentRequest } from '../../../../src/engine/client/scim-client';
import { OAuthTokenSource } from '../../../../src/engine/client/oauth-token-source';
import { startScimServer, type ScimTestServer } from '../../../support/scim-server';

/** The check, and the client behind it, speak each auth mode the workspace is set to. */
let clock = Date.parse('2026-12-03T10:00:00Z');
let server: ScimTestServer;
let secret: string;
const base = () => `${server.origin}/w/modes/scim/v2`;

beforeAll(async () => {
  server = await startScimServer({ now: () => clock });
  secret = server.app.workbench.workspaces.create('modes').token;
});
afterAll(async () => {
  await server.close();
});

const modes: { mode: string; settings: Record<string, unknown>; auth: () => ReplayAuth; authChecks: string[] }[] = [
  {
    mode: 'basic',
    settings: { mode: 'basic', username: 'okta' },
    auth: () => ({ kind: 'basic', username: 'okta', password: secret }),
    authChecks: ['auth.token-required', 'auth.wrong-credentials-refused'],
  },
  {
    mode: 'header',
    settings: { mode: 'header', headerName: 'X-Api-Key' },
    auth: () => ({ kind: 'header', name: 'X-Api-Key', value: secret }),
    authChecks: ['auth.token-required', 'auth.wrong-credentials-refused'],
  },
  {
    mode: 'oauth',
    settings: { mode: 'oauth', clientId: 'entra' },
    auth: () => ({ kind: 'oauth', tokenUrl: `${base()}/oauth/token`, clientId: 'entra', clientSecret: secret }),
    authChecks: ['auth.token-required', 'auth.oauth-token-issued', 'auth.oauth-wrong-secret-refused', 'auth.oauth-made-up-token-refused'],
  },
];

// The large-group checks build their group of 6 members (three PATCHes of 2) instead of a real
// run's 300: 300 users created and deleted per run were most of this file's time.
const LARGE_GROUP_SIZE = 6;

describe.each(modes)('check in $mode mode', ({ settings, auth, authChecks }) => {
  it("passes every check with the mode's credentials and runs that mode's auth checks", async () => {
    server.app.workbench.workspaces.configure('modes', { auth: settings });
    const report = await runChecks({ baseUrl: base(), auth: auth(), idps: ['okta', 'entra', 'onelogin'], largeGroupSize: LARGE_GROUP_SIZE });
    expect(report.results.filter((result) => result.status !== 'pass').map((result) => `${result.id}: ${result.problems.join(' ')}`)).toEqual([]);
    expect(report.results.filter((result) => result.id.startsWith('auth.')).map((result) => result.id)).toEqual(authChecks);
    // A report is saved and shared: no secret of the run is in it.
    const text = JSON.stringify(report);
    expect(text).not.toContain(secret);
  });

  it('fails when the credentials are of another kind than the workspace expects', async () => {
    server.app.workbench.workspaces.configure('modes', { auth: settings });
    const report = await runChecks({ baseUrl: base(), auth: { kind: 'bearer', token: secret }, idps: ['okta'] });
    const create = report.results.find((result) => result.id === 'users.create')!;
    expect(create.status).toBe('fail');
    expect(create.problems.join(' ')).toMatch(/401.*This workspace uses/);
  });
});

describe('the OAuth client', () => {
  it('fetches a token before the first request, and a new one once the server says it expired', async () => {
    server.app.workbench.workspaces.configure('modes', { auth: { mode: 'oauth', clientId: 'entra', tokenLifetimeSeconds: 3600 } });
    const sent: SentRequest[] = [];
    const client = new ScimClient({ baseUrl: base(), auth: modes[2]!.auth(), userAgent: 'test', onRequest: (request) => sent.push(request) });
    expect((await client.send('GET', '/Users')).status).toBe(200);
    expect((await client.send('GET', '/Groups')).status).toBe(200);
    const tokenUrl = `${base()}/oauth/token`;
    expect(sent.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([`POST ${tokenUrl} 200`, 'GET /Users 200', 'GET /Groups 200']);
    // The server's clock passes the lifetime while the client's does not: the server's 401 makes it refresh, once.
    clock += 3600_000;
    expect((await client.send('GET', '/Users')).status).toBe(200);
    expect(sent.slice(3).map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /Users 401',
      `POST ${tokenUrl} 200`,
      'GET /Users 200',
    ]);
    // The token request is shown without the secret.
    expect(JSON.stringify(sent)).not.toContain(secret);
  });

  it('says why when the token endpoint refuses the client', async () => {
    server.app.workbench.workspaces.configure('modes', { auth: { mode: 'oauth', clientId: 'entra' } });
    const client = new ScimClient({
      baseUrl: base(),
      auth: { kind: 'oauth', tokenUrl: `${base()}/oauth/token`, clientId: 'entra', clientSecret: 'wrong' },
      userAgent: 'test',
    });
    await expect(client.send('GET', '/Users')).rejects.toThrow(/answered 401 \(invalid_client: /);
  });
});

describe('the token source', () => {
  it('refreshes on its own a little before expires_in runs out, and fetches once for requests sent together', async () => {
    server.app.workbench.workspaces.configure('modes', { auth: { mode: 'oauth', clientId: 'entra', tokenLifetimeSeconds: 60 } });
    let clientClock = 0;
    const sent: SentRequest[] = [];
    const source = new OAuthTokenSource(modes[2]!.auth() as Extract<ReplayAuth, { kind: 'oauth' }>, {
      now: () => clientClock,
      onRequest: (request) => sent.push(request),
    });
    const [first, same] = await Promise.all([source.token(), source.token()]);
    expect(same).toBe(first);
    clientClock += 54_000;
    expect(await source.token()).toBe(first);
    expect(sent).toHaveLength(1);
    // 60 s lifetime, refreshed 5 s early.
    clientClock += 1_000;
    expect(await source.token()).not.toBe(first);
    expect(sent).toHaveLength(2);
  });
});

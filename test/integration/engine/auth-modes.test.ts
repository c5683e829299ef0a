import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { URN } from '../../../src/engine/scim/urns';
import { startScimServer, type ScimTestServer } from '../../support/scim-server';

/** The workbench's clock, moved by hand: token expiry is seen without waiting. */
let clock = Date.parse('2026-12-03T10:00:00Z');
let server: ScimTestServer;
let base: string;
let secret: string;

beforeAll(async () => {
  server = await startScimServer({ now: () => clock });
  secret = server.app.workbench.workspaces.create('acme').token;
  base = `${server.origin}/w/acme/scim/v2`;
});
afterAll(async () => {
  await server.close();
});

const configure = (auth: Record<string, unknown>) => server.app.workbench.workspaces.configure('acme', { auth });
/** A request with exactly these headers (no default bearer token). */
const get = (headers: Record<string, string> = {}, path = '/Users') => server.request('GET', `${base}${path}`, undefined, { authorization: null, ...headers });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const tokenRequest = (body: string | undefined, headers: Record<string, string | null> = {}, path = `${base}/oauth/token`) =>
  server.request('POST', path, body, { authorization: null, 'content-type': 'application/x-www-form-urlencoded', ...headers });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function expectScimUnauthorized(response: { status: number; body: any }, detail: RegExp) {
  expect(response.status).toBe(401);
  expect(response.body.schemas).toEqual([URN.error]);
  expect(response.body.status).toBe('401');
  expect(response.body.detail).toMatch(detail);
}

describe('bearer mode (the default)', () => {
  beforeEach(() => configure({ mode: 'bearer' }));

  it('accepts the token as a bearer token and refuses Basic with a detail naming bearer', async () => {
    expect((await get({ authorization: `Bearer ${secret}` })).status).toBe(200);
    expectScimUnauthorized(await get({ authorization: basic('scim', secret) }), /bearer token auth/);
    expectScimUnauthorized(await get({ authorization: 'Bearer wrong' }), /not valid/);
  });
});

describe('basic mode', () => {
  beforeEach(() => configure({ mode: 'basic', username: 'okta-user' }));

  it('accepts the configured username with the secret as password', async () => {
    expect((await get({ authorization: basic('okta-user', secret) })).status).toBe(200);
  });

  it('refuses a wrong username, a wrong password, and the raw secret as a bearer token', async () => {
    const wrongUser = await get({ authorization: basic('someone', secret) });
    expectScimUnauthorized(wrongUser, /username or password is not valid/);
    expect(wrongUser.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expectScimUnauthorized(await get({ authorization: basic('okta-user', 'wrong') }), /username or password is not valid/);
    expectScimUnauthorized(await get({ authorization: `Bearer ${secret}` }), /This workspace uses HTTP Basic auth/);
    expectScimUnauthorized(await get(), /This workspace uses HTTP Basic auth.*no Authorization header/);
  });

  it('answers a Basic header that is not base64, or has no colon, with a clear 401', async () => {
    expectScimUnauthorized(await get({ authorization: 'Basic %%%not-base64%%%' }), /not base64/);
    expectScimUnauthorized(await get({ authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }), /no colon/);
    expectScimUnauthorized(await get({ authorization: 'Basic' }), /not base64/);
  });
});

describe('header mode', () => {
  beforeEach(() => configure({ mode: 'header', headerName: 'X-Scim-Key' }));

  it('accepts the secret in the configured header, whatever its case', async () => {
    expect((await get({ 'x-scim-key': secret })).status).toBe(200);
    expect((await get({ 'X-SCIM-KEY': secret })).status).toBe(200);
  });

  it('refuses a wrong value, another header, and the bearer token, naming the header it expects', async () => {
    expectScimUnauthorized(await get({ 'x-scim-key': 'wrong' }), /"X-Scim-Key" header's value is not valid/);
    expectScimUnauthorized(await get({ 'x-api-key': secret }), /send the workspace token in the "X-Scim-Key" header/);
    const bearer = await get({ authorization: `Bearer ${secret}` });
    expectScimUnauthorized(bearer, /"X-Scim-Key" header, not in Authorization/);
    expect(bearer.headers['www-authenticate']).toContain('header="X-Scim-Key"');
  });
});

describe('oauth mode', () => {
  beforeEach(() => configure({ mode: 'oauth', clientId: 'entra-client', tokenLifetimeSeconds: 60 }));

  const issue = async () => {
    const response = await tokenRequest(form({ grant_type: 'client_credentials', client_id: 'entra-client', client_secret: secret }));
    expect(response.status).toBe(200);
    return response.body.access_token as string;
  };

  it('issues a bearer access token for client credentials in the body, with no-store', async () => {
    const response = await tokenRequest(form({ grant_type: 'client_credentials', client_id: 'entra-client', client_secret: secret, scope: 'scim' }));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 60 });
    expect(response.body.access_token).not.toBe(secret);
    expect((await get({ authorization: `Bearer ${response.body.access_token}` })).status).toBe(200);
  });

  it('takes client credentials in HTTP Basic, form-encoded first (RFC 6749 §2.3.1)', async () => {
    configure({ clientId: 'tenant:app+1' });
    const response = await tokenRequest(form({ grant_type: 'client_credentials' }), {
      authorization: basic(encodeURIComponent('tenant:app+1'), encodeURIComponent(secret)),
    });
    expect(response.status).toBe(200);
    expect(response.body.token_type).toBe('Bearer');
  });

  it('serves the default workspace at /scim/v2/oauth/token too', async () => {
    server.app.workbench.workspaces.configure('default', { auth: { mode: 'oauth' } });
    try {
      const response = await tokenRequest(
        form({ grant_type: 'client_credentials', client_id: 'scim-workbench', client_secret: server.token }),
        {},
        `${server.baseUrl}/oauth/token`,
      );
      expect(response.status).toBe(200);
      // A token of the default workspace is not one of acme's.
      expectScimUnauthorized(await get({ authorization: `Bearer ${response.body.access_token}` }), /not valid for this workspace/);
    } finally {
      server.app.workbench.workspaces.configure('default', { auth: { mode: 'bearer' } });
    }
  });

  it('answers invalid_client 401 for a wrong secret or client id', async () => {
    for (const fields of <Record<string, string>[]>[
      { grant_type: 'client_credentials', client_id: 'entra-client', client_secret: 'wrong' },
      { grant_type: 'client_credentials', client_id: 'other', client_secret: secret },
      { grant_type: 'client_credentials', client_id: 'entra-client' },
    ]) {
      const response = await tokenRequest(form(fields));
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(response.headers['www-authenticate']).toMatch(/^Basic /);
    }
  });

  it('answers hostile and malformed token requests with RFC 6749 §5.2 errors, never a crash', async () => {
    const missingGrant = await tokenRequest(form({ client_id: 'entra-client', client_secret: secret }));
    expect(missingGrant.status).toBe(400);
    expect(missingGrant.body.error).toBe('invalid_request');
    const password = await tokenRequest(form({ grant_type: 'password', username: 'a', password: 'b' }));
    expect(password.status).toBe(400);
    expect(password.body.error).toBe('unsupported_grant_type');
    const json = await tokenRequest(JSON.stringify({ grant_type: 'client_credentials', client_id: 'entra-client', client_secret: secret }), {
      'content-type': 'application/json',
    });
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/application\/x-www-form-urlencoded/) });
    const noType = await tokenRequest('grant_type=client_credentials', { 'content-type': null });
    expect(noType.status).toBe(400);
    expect(noType.body.error).toBe('invalid_request');
    const huge = await tokenRequest(`grant_type=client_credentials&pad=${'x'.repeat(200_000)}`);
    expect(huge.status).toBe(413);
    expect(huge.body.error).toBe('invalid_request');
    const notBase64 = await tokenRequest(form({ grant_type: 'client_credentials' }), { authorization: 'Basic !!!' });
    expect(notBase64.status).toBe(401);
    expect(notBase64.body.error).toBe('invalid_client');
    const twice = await tokenRequest('grant_type=client_credentials&grant_type=client_credentials&client_id=entra-client&client_secret=x');
    expect(twice.status).toBe(400);
    expect(twice.body.error).toBe('invalid_request');
    const both = await tokenRequest(form({ grant_type: 'client_credentials', client_secret: secret }), { authorization: basic('entra-client', secret) });
    expect(both.status).toBe(400);
    const empty = await tokenRequest(undefined);
    expect(empty.status).toBe(400);
    expect(empty.body.error).toBe('invalid_request');
    // Still serving.
    expect((await get({ authorization: `Bearer ${await issue()}` })).status).toBe(200);
  });

  it('refuses the raw secret and a made-up token as bearer tokens', async () => {
    expectScimUnauthorized(await get({ authorization: `Bearer ${secret}` }), /client secret, not an access token/);
    const madeUp = await get({ authorization: 'Bearer made-up-token' });
    expectScimUnauthorized(madeUp, /access token is not valid/);
    expect(madeUp.headers['www-authenticate']).toContain('error="invalid_token"');
    expectScimUnauthorized(await get(), /OAuth 2.0 client credentials.*\/oauth\/token/);
  });

  it('refuses an expired token with invalid_token and a detail saying it expired; a new token works', async () => {
    configure({ tokenLifetimeSeconds: 1 });
    const token = await issue();
    expect((await get({ authorization: `Bearer ${token}` })).status).toBe(200);
    clock += 1_000;
    const expired = await get({ authorization: `Bearer ${token}` });
    expectScimUnauthorized(expired, /access token expired/);
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
    // The inspector shows why: the refused request's note says the token expired.
    const recordings = server.app.workbench.recordings;
    await expect
      .poll(() => {
        server.app.workbench.recorder.flush();
        return recordings.sessionExchanges(recordings.currentSessionId()).flatMap((exchange) => exchange.notes.map((note) => note.detail));
      })
      .toContainEqual(expect.stringContaining('Refused: The access token expired'));
    expect((await get({ authorization: `Bearer ${await issue()}` })).status).toBe(200);
  });

  it('revokes every issued token when the secret is regenerated', async () => {
    const first = await issue();
    const second = await issue();
    const old = secret;
    secret = server.app.workbench.workspaces.setToken('acme').token;
    for (const token of [first, second]) expectScimUnauthorized(await get({ authorization: `Bearer ${token}` }), /revoked when the secret was regenerated/);
    const withOld = await tokenRequest(form({ grant_type: 'client_credentials', client_id: 'entra-client', client_secret: old }));
    expect(withOld.body.error).toBe('invalid_client');
    expect((await get({ authorization: `Bearer ${await issue()}` })).status).toBe(200);
  });

  it('stores issued tokens hashed, never as sent', async () => {
    const token = await issue();
    const rows = server.app.workbench.db.prepare('SELECT digest FROM access_tokens').all() as { digest: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => row.digest === token)).toBe(false);
  });
});

describe('the token endpoint outside oauth mode', () => {
  it('answers a clear error naming the mode in use', async () => {
    configure({ mode: 'basic' });
    const response = await tokenRequest(form({ grant_type: 'client_credentials', client_id: 'scim-workbench', client_secret: secret }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'unauthorized_client', error_description: expect.stringMatching(/HTTP Basic auth.*token endpoint is off/) });
  });

  it('answers 404 for an unknown workspace', async () => {
    const response = await tokenRequest(form({ grant_type: 'client_credentials' }), {}, `${server.origin}/w/nobody/scim/v2/oauth/token`);
    expect(response.status).toBe(404);
    expect(response.body.error).toBe('invalid_request');
  });
});

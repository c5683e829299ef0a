import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../../src/engine/engine';
import { tempDir } from '../../../support/cli';
import { adminApi } from '../../../support/admin-api';

/**
 * The admin API's route schemas (TypeBox, checked by ajv) refuse a bad request with one `{error}`
 * that names where the problem is and what is allowed: for a union told apart by `kind`, the
 * problem of the shape that kind names, not the first failure of every shape.
 */
const dir = tempDir();
let engine: RunningEngine;
beforeAll(async () => {
  engine = await startEngine({ dbPath: join(dir.path, 'schema-errors.db'), port: 0 });
});
afterAll(async () => {
  await engine?.close();
  dir.remove();
});

const api = adminApi(() => ({ url: engine.adminUrl, token: engine.adminToken }));
const workspace = { kind: 'workspace', workspace: 'default' };
const simulation = { idp: 'okta', scenario: 'assign-users', users: 2, target: workspace };

describe('admin API bad input', () => {
  it.each([
    ['a wrong type', '/simulations', { ...simulation, users: 'many' }, 'Bad request: body/users must be integer'],
    ['a missing field', '/simulations', { scenario: 'assign-users', users: 2, target: workspace }, "Bad request: body must have required property 'idp'"],
    [
      'an unknown field, with the known ones',
      '/simulations',
      { ...simulation, user: 2 },
      'Bad request: body must NOT have additional properties: "user" is not one of idp, scenario, users, seed, delayMs, modelRetries, target',
    ],
    [
      'a value not among the allowed ones, listed',
      '/simulations',
      { ...simulation, idp: 'azure' },
      'Bad request: body/idp must be one of okta, entra, onelogin',
    ],
    [
      "what the target's kind lacks",
      '/simulations',
      { ...simulation, target: { kind: 'url', baseUrl: 'http://127.0.0.1:1/scim/v2' } },
      "Bad request: body/target must have required property 'auth'",
    ],
    [
      'an unknown kind, with the kinds there are',
      '/simulations',
      { ...simulation, target: { kind: 'server' } },
      'Bad request: body/target/kind must be one of workspace, url, not "server"',
    ],
    ['a target without a kind', '/checks', { idps: ['okta'], target: { workspace: 'default' } }, "Bad request: body/target must have required property 'kind'"],
    [
      'a bad value nested two kinds deep',
      '/checks',
      { idps: ['okta'], target: { kind: 'url', baseUrl: 'http://127.0.0.1:1/scim/v2', auth: { kind: 'bearer', tooken: 'x' } } },
      "Bad request: body/target/auth must have required property 'token'",
    ],
    [
      "a replay's pacing without its rate",
      '/replays',
      { target: workspace, pacing: { kind: 'rate' } },
      "Bad request: body/pacing must have required property 'perSecond'",
    ],
    ['an empty list where one is needed', '/checks', { idps: [], target: workspace }, 'Bad request: body/idps must NOT have fewer than 1 items'],
  ])('says %s', async (_what, path, body, error) => {
    expect(await api('POST', path, body)).toMatchObject({ status: 400, body: { error } });
  });

  it('says what a field that takes one of two types takes', async () => {
    // Checked before the exchange is looked up: an object is neither (a number would be coerced to text).
    const answer = await api('POST', '/exchanges/1/replay', { edit: { body: { userName: 'x' } } });
    expect(answer).toMatchObject({ status: 400, body: { error: 'Bad request: body/edit/body must be string or null' } });
  });

  it('takes a body that may be left out as absent, JSON null or {}', async () => {
    for (const body of [undefined, 'null', {}]) {
      const created = await api('POST', '/sessions', body);
      expect(created, JSON.stringify(body)).toMatchObject({ status: 201, body: { name: expect.stringMatching(/^Session \d+$/) } });
    }
  });

  it('lists the allowed values of a query parameter and its unknown parameters', async () => {
    expect(await api('GET', '/exchanges?client=azure')).toMatchObject({
      status: 400,
      body: { error: 'Bad request: querystring/client must be one of okta, entra, onelogin, workbench, other' },
    });
    expect(await api('GET', '/exchanges?lmit=5')).toMatchObject({ status: 400, body: { error: expect.stringContaining('"lmit" is not one of q, session') } });
    expect(await api('GET', '/sessions/1/export?format=csv')).toMatchObject({
      status: 400,
      body: { error: 'Bad request: querystring/format must be one of json, har' },
    });
  });

  it("names a typo inside a tunnel provider's settings", async () => {
    expect(await api('PUT', '/tunnel/settings', { ssh: { port: 22 } })).toMatchObject({
      status: 400,
      body: {
        error:
          'Bad request: body/ssh must NOT have additional properties: "port" is not one of address, keyPath, remotePort, remoteBindHost, publicUrl, knownHostsPath',
      },
    });
  });

  it("says a setting's problem by its path, from the settings' own schema", async () => {
    expect(await api('PATCH', '/workspaces/default/settings', { retention: { days: '7' } })).toMatchObject({
      status: 400,
      body: { error: 'Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got "7".' },
    });
    expect(await api('PUT', '/workspaces/default/auth', { mode: 'kerberos' })).toMatchObject({
      status: 400,
      body: { error: 'Setting "auth.mode" must be one of bearer, basic, header, oauth; got "kerberos".' },
    });
    expect(await api('PUT', '/workspaces/default/auth', { tokenLifetime: 60 })).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('Unknown auth setting "auth.tokenLifetime"; known: mode, username') },
    });
    // Nothing was stored by the refused changes.
    expect((await api('GET', '/workspaces/default/settings')).body).toMatchObject({ retention: { days: 7 }, auth: { mode: 'bearer' } });
  });
});

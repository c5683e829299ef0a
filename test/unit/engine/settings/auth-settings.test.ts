import { describe, expect, it } from 'vitest';
import { parseAuthSettings } from '../../../../src/engine/settings/auth-settings';
import { parseSettings } from '../../../../src/engine/settings/workspace-settings';
import { AUTH_MODE_CHOICES, AUTH_MODES, DEFAULT_AUTH } from '../../../../src/shared/auth-modes';

describe('auth settings', () => {
  it('default to bearer, and keep the fields not given', () => {
    expect(parseSettings({}).auth).toEqual(DEFAULT_AUTH);
    const basic = parseAuthSettings({ mode: 'basic', username: 'okta' });
    expect(basic).toEqual({ ...DEFAULT_AUTH, mode: 'basic', username: 'okta' });
    expect(parseAuthSettings({ mode: 'oauth' }, basic)).toEqual({ ...basic, mode: 'oauth' });
  });

  it.each([
    [{ mode: 'kerberos' }, 'auth.mode'],
    [{ username: 'a:b' }, 'auth.username'],
    [{ username: '' }, 'auth.username'],
    [{ headerName: 'Authorization' }, 'auth.headerName'],
    [{ headerName: 'X Api Key' }, 'auth.headerName'],
    [{ clientId: 'has space' }, 'auth.clientId'],
    [{ tokenLifetimeSeconds: 0 }, 'auth.tokenLifetimeSeconds'],
    [{ tokenLifetimeSeconds: 1.5 }, 'auth.tokenLifetimeSeconds'],
    [{ tokenLifetimeSeconds: 86_401 }, 'auth.tokenLifetimeSeconds'],
    [{ secret: 'x' }, 'Unknown auth setting "auth.secret"'],
    ['basic', 'must be an object'],
  ])('refuse %j, naming it', (input, message) => {
    expect(() => parseAuthSettings(input)).toThrow(message);
  });
});

it('offers every mode in the inspector, the default first', () => {
  expect(AUTH_MODE_CHOICES.map((choice) => choice.value)).toEqual([...AUTH_MODES]);
  expect(AUTH_MODE_CHOICES[0]!.value).toBe(DEFAULT_AUTH.mode);
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH } from '../../../../src/shared/auth-modes';
import { parseSettings } from '../../../../src/engine/settings/workspace-settings';
import { DEFAULT_RETENTION } from '../../../../src/engine/settings/retention-settings';

/**
 * The workspace settings are one TypeBox schema (retention and auth inside it): a bad value nested
 * anywhere is named by its path, with what the setting takes and what was sent.
 */
describe('workspace settings schema', () => {
  it.each([
    [[], 'Workspace settings must be a JSON object; got [].'],
    [null, 'Workspace settings must be a JSON object; got null.'],
    [{ lenientSchema: 'yes' }, 'Setting "lenientSchema" must be true or false; got "yes".'],
    [{ compatibility: 5 }, 'Setting "compatibility" must be one of auto, strict, okta, entra, entra-lenient, onelogin; got 5.'],
    [{ reprovision: null }, 'Setting "reprovision" must be one of by-mode, relink, conflict, off; got null.'],
    [{ retention: { days: '7' } }, 'Setting "retention.days" must be a whole number of days from 1 to 3650, or off (null); got "7".'],
    [{ retention: [] }, 'Setting "retention" must be an object such as {"days": 7, "exchanges": 250000, "megabytes": 1000}; got [].'],
    [{ auth: { tokenLifetimeSeconds: '60' } }, 'Setting "auth.tokenLifetimeSeconds" must be a whole number of seconds from 1 to 86400; got "60".'],
    [{ auth: { headerName: 'HOST' } }, 'Setting "auth.headerName" must be an HTTP header name such as X-Api-Key'],
    [{ auth: { secret: 'x' } }, 'Unknown auth setting "auth.secret"; known: mode, username, headerName, clientId, tokenLifetimeSeconds.'],
    [{ auth: 'basic' }, 'Setting "auth" must be an object such as {"mode": "basic", "username": "okta"}; got "basic".'],
    [{ colour: 'blue' }, 'Unknown workspace setting "colour"; known: compatibility, lenientSchema, reprovision, extensions, retention, auth, proxy.'],
  ])('refuses %j, naming the setting by its path', (input, message) => {
    expect(() => parseSettings(input)).toThrow(message);
  });

  it('names the first problem when there are several, and takes none of the good keys beside it', () => {
    expect(() => parseSettings({ compatibility: 'strict', retention: { days: 0, weeks: 1 } })).toThrow(/retention\.(days|weeks)/);
  });

  it('merges nested groups key by key onto the base', () => {
    const base = parseSettings({ retention: { days: 30 }, auth: { mode: 'basic', username: 'okta' } });
    const changed = parseSettings({ retention: { megabytes: null }, auth: { username: 'entra' } }, base);
    expect(changed.retention).toEqual({ ...DEFAULT_RETENTION, days: 30, megabytes: null });
    expect(changed.auth).toEqual({ ...DEFAULT_AUTH, mode: 'basic', username: 'entra' });
  });
});

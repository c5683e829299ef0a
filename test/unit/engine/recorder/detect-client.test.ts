import { describe, expect, it } from 'vitest';
import { detectClient } from '../../../../src/engine/recorder/detect-client';
import type { RecordedNote } from '../../../../src/shared/recording';

const normalised = (code: string): RecordedNote => ({ kind: 'normalised', code, detail: `${code} (normalised)` });

describe('detectClient by User-Agent', () => {
  it.each([
    ['Okta SCIM Client 1.0.0', 'okta'],
    ['okta-provisioning/2024.01', 'okta'],
    ['Microsoft.Identity.Provisioning/1.0', 'entra'],
    ['Microsoft Azure Active Directory SCIM Client', 'entra'],
    ['AzureAD-Provisioning', 'entra'],
    ['azure-provisioning-agent', 'entra'],
    ['OneLogin SCIM', 'onelogin'],
    ['ONELOGIN', 'onelogin'],
    ['scim-workbench/0.1.0', 'workbench'],
    ['SCIM-Workbench/0.1.0 (replay of an Okta request)', 'workbench'],
    ['curl/8.5.0', 'other'],
    ['CentralAuth/2.0', 'other'],
    ['', 'other'],
  ] as const)('%j → %s', (userAgent, client) => {
    expect(detectClient({ userAgent })).toBe(client);
  });

  it('prefers the User-Agent to the habits', () => {
    expect(detectClient({ userAgent: 'Okta SCIM Client 1.0.0', notes: [normalised('capitalisedOp')] })).toBe('okta');
  });
});

describe('detectClient by habits, without a known User-Agent', () => {
  it.each([
    ['capitalisedOp', 'entra'],
    ['stringBoolean', 'entra'],
    ['pathlessReplaceWithId', 'okta'],
    ['memberWithoutType', 'okta'],
    ['emailsObject', 'onelogin'],
    ['scim11CoreUrn', 'onelogin'],
  ] as const)('a normalised %s → %s', (habit, client) => {
    expect(detectClient({ userAgent: 'Java/17', notes: [normalised(habit)] })).toBe(client);
    expect(detectClient({ notes: [normalised(habit)] })).toBe(client);
  });

  it('goes by the first habit noted', () => {
    expect(detectClient({ notes: [normalised('memberWithoutType'), normalised('capitalisedOp')] })).toBe('okta');
  });

  it('ignores violations, relinks and codes that are not habits', () => {
    const notes: RecordedNote[] = [
      { kind: 'violation', code: 'capitalisedOp', detail: '' },
      { kind: 'relinked', code: 'reprovision', detail: '' },
      normalised('unknownAttribute'),
      normalised('toString'),
      normalised('constructor'),
    ];
    expect(detectClient({ notes })).toBe('other');
  });

  it('is other with nothing to go by', () => {
    expect(detectClient({})).toBe('other');
    expect(detectClient({ notes: [] })).toBe('other');
  });
});

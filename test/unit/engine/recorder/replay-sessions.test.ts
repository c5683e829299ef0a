import { describe, expect, it } from 'vitest';
import { REPLAY_SESSION_HEADER, ReplaySessions } from '../../../../src/engine/recorder/replay-sessions';
import { BUILT_IN_SECRETS } from '../../../../src/engine/recorder/secret-names';

describe('replay sessions', () => {
  it('maps a job key to its session until the job closes it; other values map to nothing', () => {
    const registry = new ReplaySessions();
    const first = registry.open(7);
    const second = registry.open(9);
    expect(first.header[REPLAY_SESSION_HEADER]).not.toBe(second.header[REPLAY_SESSION_HEADER]);
    expect(first.header[REPLAY_SESSION_HEADER]).toMatch(/^[\w-]{32}$/);
    expect(registry.sessionOf(first.header)).toBe(7);
    expect(registry.sessionOf(second.header)).toBe(9);
    expect(registry.sessionOf({ [REPLAY_SESSION_HEADER]: 'guessed' })).toBeUndefined();
    expect(registry.sessionOf({ [REPLAY_SESSION_HEADER]: [first.header[REPLAY_SESSION_HEADER]] })).toBeUndefined();
    expect(registry.sessionOf({})).toBeUndefined();
    first.close();
    expect(registry.sessionOf(first.header)).toBeUndefined();
    expect(registry.size).toBe(1);
  });

  it('treats the header as a secret, so its key never reaches a recording or an export', () => {
    expect(BUILT_IN_SECRETS.isSecret(REPLAY_SESSION_HEADER, 'header')).toBe(true);
    expect(BUILT_IN_SECRETS.isSecret(REPLAY_SESSION_HEADER.toUpperCase(), 'header')).toBe(true);
  });
});

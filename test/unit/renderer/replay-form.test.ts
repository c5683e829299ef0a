import { describe, expect, it } from 'vitest';
import { changeReplayForm, EMPTY_REPLAY_FORM, replayRequest } from '../../../src/renderer/src/replay-form';

describe('the Replay view form', () => {
  it('changes only the fields an input dispatches', () => {
    const form = changeReplayForm(changeReplayForm(EMPTY_REPLAY_FORM, { sessionId: 3, pace: '10' }), { from: '12' });
    expect(form).toEqual({ ...EMPTY_REPLAY_FORM, sessionId: 3, pace: '10', from: '12' });
    expect(EMPTY_REPLAY_FORM.pace).toBe('fast');
  });

  it('asks for a fresh workspace, as fast as possible, over the whole session by default', () => {
    expect(replayRequest({ ...EMPTY_REPLAY_FORM, sessionId: 7 }, 'default')).toEqual({
      sessionId: 7,
      target: { kind: 'workspace', workspace: 'default', fresh: true },
      pacing: { kind: 'fast' },
      stopOnFirstDifference: false,
    });
  });

  it('replays into the picked workspace over a range of exchanges, at a rate or as recorded, stopping at the first difference', () => {
    const form = { ...EMPTY_REPLAY_FORM, sessionId: 2, target: 'picked' as const, pace: '1', from: '4', to: ' ', stopOnFirst: true };
    expect(replayRequest(form, 'acme')).toEqual({
      sessionId: 2,
      fromExchangeId: 4,
      target: { kind: 'workspace', workspace: 'acme' },
      pacing: { kind: 'rate', perSecond: 1 },
      stopOnFirstDifference: true,
    });
    expect(replayRequest({ ...form, pace: 'recorded', from: '', to: '9' }, 'acme')).toMatchObject({ toExchangeId: 9, pacing: { kind: 'recorded' } });
    expect(replayRequest({ ...form, pace: 'recorded', from: '', to: '9' }, 'acme')).not.toHaveProperty('fromExchangeId');
  });

  it('asks for several requests in flight only when replaying as fast as possible', () => {
    const form = { ...EMPTY_REPLAY_FORM, sessionId: 2, concurrency: '4' };
    expect(replayRequest(form, 'acme')).toMatchObject({ pacing: { kind: 'fast' }, concurrency: 4 });
    expect(replayRequest({ ...form, pace: '10' }, 'acme')).not.toHaveProperty('concurrency');
    expect(replayRequest({ ...form, concurrency: '1' }, 'acme')).not.toHaveProperty('concurrency');
  });
});

import type { ReplayAuth, ReplayPacing, ReplayRequest } from '../../shared/replay';

export type ReplayTargetKind = 'fresh' | 'picked' | 'url';

/** The Replay view's form: which session, against what, at what pace, over which exchanges. */
export interface ReplayForm {
  sessionId?: number;
  target: ReplayTargetKind;
  baseUrl: string;
  auth: ReplayAuth;
  /** 'fast', 'recorded', or requests per second. */
  pace: string;
  stopOnFirst: boolean;
  /** Requests in flight at once, as chosen ('1', '4'); only a replay as fast as possible runs more than one. */
  concurrency: string;
  /** Exchange ids as typed (digits only); empty means from the first / to the last. */
  from: string;
  to: string;
}

export const EMPTY_REPLAY_FORM: ReplayForm = {
  target: 'fresh',
  baseUrl: '',
  auth: { kind: 'none' },
  pace: 'fast',
  stopOnFirst: false,
  concurrency: '1',
  from: '',
  to: '',
};

/** For useReducer: each input dispatches the fields it changes. */
export const changeReplayForm = (form: ReplayForm, change: Partial<ReplayForm>): ReplayForm => ({ ...form, ...change });

const pacing = (pace: string): ReplayPacing =>
  pace === 'fast' ? { kind: 'fast' } : pace === 'recorded' ? { kind: 'recorded' } : { kind: 'rate', perSecond: Number(pace) };

/**
 * The request the form describes, replaying into this workbench (`picked` is the workspace picked
 * above; a fresh one is created and named by the engine, the shape still names a workspace).
 * Another server as the target is added by the view, once the user confirmed it.
 */
export function replayRequest(form: ReplayForm & { sessionId: number }, picked: string): ReplayRequest {
  const range = { ...(form.from.trim() && { fromExchangeId: Number(form.from) }), ...(form.to.trim() && { toExchangeId: Number(form.to) }) };
  const here = form.target === 'picked' ? { kind: 'workspace' as const, workspace: picked } : { kind: 'workspace' as const, workspace: picked, fresh: true };
  const concurrency = form.pace === 'fast' ? Number(form.concurrency) : 1;
  return {
    sessionId: form.sessionId,
    ...range,
    target: here,
    pacing: pacing(form.pace),
    stopOnFirstDifference: form.stopOnFirst,
    ...(concurrency > 1 && { concurrency }),
  };
}

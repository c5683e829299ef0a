import { describe, expect, it } from 'vitest';
import { scopeFor } from '../../../src/renderer/src/scope-for';

const none = { session: false, workspace: false };

describe('the traffic list scope sent to the engine', () => {
  it('lists every workspace unless only the picked one is asked for', () => {
    expect(scopeFor({ session: 3, workspace: 'demo', onlyWorkspace: false }, none)).toEqual({ session: 3, workspace: undefined });
    expect(scopeFor({ session: 3, workspace: 'demo', onlyWorkspace: true }, none)).toEqual({ session: 3, workspace: 'demo' });
  });

  it('lets a typed session: or workspace: term say where to look instead of the pickers', () => {
    expect(scopeFor({ session: 3, workspace: 'demo', onlyWorkspace: true }, { session: true, workspace: false })).toEqual({
      session: undefined,
      workspace: 'demo',
    });
    expect(scopeFor({ session: 3, workspace: 'demo', onlyWorkspace: true }, { session: false, workspace: true })).toEqual({ session: 3, workspace: undefined });
  });
});

import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../../../src/shared/search/parse-search';

describe('the search terms for faulted traffic', () => {
  it('reads has:fault and fault:<action>, in any case', () => {
    expect(parseSearch('has:Fault fault:status fault:LATENCY fault:timeout fault:drop fault:lie fault:breakpoint').terms).toEqual([
      { kind: 'has', value: 'fault' },
      { kind: 'fault', value: 'status' },
      { kind: 'fault', value: 'latency' },
      { kind: 'fault', value: 'timeout' },
      { kind: 'fault', value: 'drop' },
      { kind: 'fault', value: 'lie' },
      { kind: 'fault', value: 'breakpoint' },
    ]);
  });

  it('shows an action it does not know as not understood, searching nothing for it', () => {
    expect(parseSearch('fault:explode fault: jane')).toEqual({ terms: [{ kind: 'text', text: 'jane', exact: false }], invalid: ['fault:explode', 'fault:'] });
  });
});

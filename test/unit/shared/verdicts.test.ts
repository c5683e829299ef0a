import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../../src/shared/search/parse-search';
import { countVerdicts, verdictBadgeLabel, verdictSummaryLine, type SessionVerdictSummary } from '../../../src/shared/verdicts';

describe('the verdict search terms', () => {
  it('reads has:verdict, verdict:<severity> and verdict:<rule id>', () => {
    expect(parseSearch('has:verdict verdict:Error verdict:okta.create-id').terms).toEqual([
      { kind: 'has', value: 'verdict' },
      { kind: 'verdict', value: 'error' },
      { kind: 'verdict', value: 'okta.create-id' },
    ]);
  });

  it('calls a value that is neither a severity nor a rule id not understood', () => {
    expect(parseSearch('verdict:!! verdict:bad verdict:').invalid).toEqual(['verdict:!!', 'verdict:bad', 'verdict:']);
  });
});

describe('the words of the badge and the summary', () => {
  it('counts errors and warnings for the badge, not infos', () => {
    const counts = countVerdicts([{ severity: 'error' }, { severity: 'warning' }, { severity: 'info' }] as never);
    expect(counts).toEqual({ error: 1, warning: 1, info: 1 });
    expect(verdictBadgeLabel(counts)).toBe('2 verdict findings');
    expect(verdictBadgeLabel({ error: 0, warning: 1, info: 0 })).toBe('1 verdict finding');
  });

  const summary = (over: Partial<SessionVerdictSummary>): SessionVerdictSummary => ({
    sessionId: 1,
    judged: 12,
    pending: 0,
    flagged: 0,
    withErrors: 0,
    rfcErrors: 0,
    idps: [
      { idp: 'okta', failing: 0 },
      { idp: 'entra', failing: 0 },
      { idp: 'onelogin', failing: 0 },
    ],
    findings: [],
    ...over,
  });

  it('says how many answers an IdP would fail on, the RFC errors and those with warnings only', () => {
    expect(verdictSummaryLine(summary({}))).toBe('12 answers judged: nothing to report');
    expect(
      verdictSummaryLine(
        summary({
          flagged: 5,
          withErrors: 3,
          rfcErrors: 1,
          idps: [
            { idp: 'okta', failing: 3 },
            { idp: 'entra', failing: 0 },
            { idp: 'onelogin', failing: 0 },
          ],
        }),
      ),
    ).toBe('12 answers judged: 3 would fail Okta, 1 RFC error, 2 with warnings only');
    expect(verdictSummaryLine(summary({ judged: 1, pending: 4 }))).toBe('1 answer judged: nothing to report (4 still to judge)');
  });
});

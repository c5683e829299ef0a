import { describe, expect, it } from 'vitest';
import { checkRule, checkRulesFile, FaultRuleError, ruleProblems } from '../../../../src/engine/faults/rule-check';
import { FAULT_PRESETS } from '../../../../src/engine/faults/presets';

/** What a rule or rules file may hold: each problem said with where it is. */
describe('rule checks', () => {
  it('accepts every preset', () => {
    for (const preset of FAULT_PRESETS) expect(ruleProblems(preset.rule), preset.name).toEqual([]);
  });

  it('names each problem by its place', () => {
    const where = (input: unknown) => ruleProblems(input).map((problem) => problem.where);
    expect(where({ action: { kind: 'drop' } })).toEqual(['name']);
    expect(where({ name: 'x', action: { kind: 'explode' } })).toEqual(['action.kind']);
    expect(where({ name: 'x', action: { kind: 'status', status: 302 } })).toEqual(['action.status']);
    expect(where({ name: 'x', action: { kind: 'status', status: 500, retryAfterSeconds: 3 } })).toEqual(['action.retryAfterSeconds']);
    expect(where({ name: 'x', action: { kind: 'status', status: 400, scimType: 'nope' } })).toEqual(['action.scimType']);
    expect(where({ name: 'x', action: { kind: 'latency', ms: -1 } })).toEqual(['action.ms']);
    expect(where({ name: 'x', action: { kind: 'lie', lie: 'totalResults', value: 'many' } })).toEqual(['action.value']);
    expect(where({ name: 'x', action: { kind: 'lie', lie: 'contentType', value: 'not a type' } })).toEqual(['action.value']);
    expect(where({ name: 'x', action: { kind: 'breakpoint', stage: 'later' } })).toEqual(['action.stage']);
    expect(where({ name: 'x', action: { kind: 'drop' }, match: { filter: { regex: '(' } } })).toEqual(['match.filter.regex']);
    expect(where({ name: 'x', action: { kind: 'drop' }, match: { window: { from: 'yesterday' } } })).toEqual(['match.window.from']);
    expect(where({ name: 'x', action: { kind: 'drop' }, match: { nth: 2, everyNth: 3 } })).toEqual(['match.nth']);
    expect(where({ name: 'x', action: { kind: 'drop' }, match: { probability: 2 } })).toEqual(['match.probability']);
    expect(where({ name: 'x', action: { kind: 'drop' }, match: { methods: [] } })).toEqual(['match.methods']);
    expect(where({ name: 'x', action: { kind: 'drop' }, match: { colour: 'red' } })).toEqual(['match']);
    expect(ruleProblems({ name: 'x', action: { kind: 'drop' }, match: { colour: 'red' } })[0]!.message).toContain('unknown key "colour"');
  });

  it('checkRule throws every problem at once', () => {
    expect(() => checkRule({ name: '', action: { kind: 'status', status: 1 } })).toThrow(FaultRuleError);
    try {
      checkRule({ name: '', action: { kind: 'status', status: 1 } });
    } catch (error) {
      expect((error as FaultRuleError).problems.map((problem) => problem.where)).toEqual(['name', 'action.status']);
    }
  });

  it('rules files: the marker, the list, and each rule by its index', () => {
    expect(checkRulesFile({ scimWorkbenchFaults: 1, rules: [] })).toEqual({ scimWorkbenchFaults: 1, rules: [] });
    const problems = (input: unknown) => {
      try {
        checkRulesFile(input);
        return [];
      } catch (error) {
        return (error as FaultRuleError).problems.map((problem) => problem.where);
      }
    };
    expect(problems([])).toEqual(['']);
    expect(problems({ rules: [] })).toEqual(['scimWorkbenchFaults']);
    expect(problems({ scimWorkbenchFaults: 1, rules: {} })).toEqual(['rules']);
    expect(
      problems({
        scimWorkbenchFaults: 1,
        rules: [
          { name: 'ok', action: { kind: 'drop' } },
          { name: 'bad', action: { kind: 'latency' } },
        ],
        extra: 1,
      }),
    ).toEqual(['extra', 'rules.1.action.ms']);
  });
});

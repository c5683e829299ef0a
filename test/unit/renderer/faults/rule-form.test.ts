import { describe, expect, it } from 'vitest';
import { ruleProblems } from '../../../../src/engine/faults/rule-check';
import type { FaultRuleInput } from '../../../../src/shared/faults';
import { emptyRuleForm, fieldOfProblem, formFromRule, localInput, ruleFromForm } from '../../../../src/renderer/src/faults/rule-form';

/** The problems of a form as `field: message` pairs, or the rule it makes. */
const check = (form: ReturnType<typeof emptyRuleForm>) => {
  const result = ruleFromForm(form);
  return result.problems ? { problems: Object.fromEntries(result.problems.map((problem) => [problem.field, problem.message])) } : result;
};

describe('the fault rule form', () => {
  const rules: FaultRuleInput[] = [
    {
      name: 'Okta rate limit',
      enabled: true,
      match: { methods: ['POST'], resourceTypes: ['Users'], clients: ['okta'], path: '/Users', everyNth: 2, limit: 3 },
      action: { kind: 'status', status: 429, retryAfterSeconds: 5 },
    },
    {
      name: 'Conflict on a lookup',
      enabled: false,
      match: { filter: { regex: '^userName eq' }, nth: 1, probability: 0.07, seed: 42 },
      action: { kind: 'status', status: 409, scimType: 'uniqueness', detail: 'taken' },
    },
    {
      name: 'Slow',
      enabled: true,
      match: { window: { from: '2026-12-03T10:00:00.000Z', to: '2026-12-03T11:00:30.000Z' } },
      action: { kind: 'latency', ms: 1500 },
    },
    { name: 'Timeout', enabled: true, match: {}, action: { kind: 'timeout', ms: 90_500 } },
    { name: 'Default timeout', enabled: true, match: {}, action: { kind: 'timeout' } },
    { name: 'Drop', enabled: true, match: { filter: { contains: 'jane' } }, action: { kind: 'drop' } },
    { name: 'Lying total', enabled: true, match: {}, action: { kind: 'lie', lie: 'totalResults', value: 0 } },
    { name: 'HTML', enabled: true, match: {}, action: { kind: 'lie', lie: 'contentType', value: 'text/plain' } },
    { name: 'No id', enabled: true, match: {}, action: { kind: 'lie', lie: 'missingId' } },
    { name: 'Hold answers', enabled: true, match: { methods: ['PATCH', 'PUT'] }, action: { kind: 'breakpoint', stage: 'response', timeoutMs: 20_000 } },
    { name: 'Hold requests', enabled: true, match: {}, action: { kind: 'breakpoint', stage: 'request' } },
  ];

  it.each(rules.map((rule) => [rule.name, rule] as const))('turns rule “%s” into the form and back unchanged', (_name, rule) => {
    expect(ruleFromForm(formFromRule(rule))).toEqual({ rule });
  });

  it('writes rules the engine accepts as they are', () => {
    const written = (result: ReturnType<typeof ruleFromForm>) => ('rule' in result ? result.rule : result.problems);
    for (const rule of rules) expect(ruleProblems(written(ruleFromForm(formFromRule(rule)))), rule.name).toEqual([]);
    expect(ruleProblems(written(ruleFromForm({ ...emptyRuleForm(), name: 'Fresh' })))).toEqual([]);
  });

  it('leaves empty fields out, so the engine’s defaults apply', () => {
    expect(check({ ...emptyRuleForm(), name: '  Outage  ', status: '503' })).toEqual({
      rule: { name: 'Outage', enabled: true, match: {}, action: { kind: 'status', status: 503 } },
    });
    expect(check({ ...emptyRuleForm(), name: 'Hold', action: 'breakpoint' })).toEqual({
      rule: { name: 'Hold', enabled: true, match: {}, action: { kind: 'breakpoint', stage: 'request' } },
    });
  });

  it('takes the probability as a percentage and the holds in seconds', () => {
    const form = { ...emptyRuleForm(), name: 'Flaky', probabilityPercent: '12.5', action: 'breakpoint' as const, breakpointSeconds: '2.5' };
    expect(check(form)).toEqual({
      rule: { name: 'Flaky', enabled: true, match: { probability: 0.125 }, action: { kind: 'breakpoint', stage: 'request', timeoutMs: 2500 } },
    });
  });

  it('says what is wrong, beside the field it is in', () => {
    expect(
      check({
        ...emptyRuleForm(),
        name: ' ',
        nth: '0',
        everyNth: '2.5',
        probabilityPercent: '150',
        filterMode: 'regex',
        filterText: '(unclosed',
        windowFrom: '2026-12-03T11:00:00',
        windowTo: '2026-12-03T10:00:00',
        status: '42',
      }),
    ).toEqual({
      problems: {
        name: 'Give the rule a name.',
        nth: 'The nth request must be a whole number from 1 up.',
        everyNth: 'Every n-th must be a whole number from 1 up.',
        probabilityPercent: 'The probability (%) must be a number from 0 to 100.',
        filterText: expect.stringMatching(/^Not a regular expression: /),
        windowTo: 'The window must end after it starts.',
        status: 'The status must be a whole number from 400 to 599.',
      },
    });
    expect(check({ ...emptyRuleForm(), name: 'x', status: '' })).toEqual({ problems: { status: 'Say which status to answer.' } });
    expect(check({ ...emptyRuleForm(), name: 'x', status: '200' })).toEqual({ problems: { status: 'The status must be a whole number from 400 to 599.' } });
    expect(check({ ...emptyRuleForm(), name: 'x', status: '500', retryAfterSeconds: '5' })).toEqual({
      problems: { retryAfterSeconds: 'Retry-After goes with a 429 or a 503 only.' },
    });
    expect(check({ ...emptyRuleForm(), name: 'x', nth: '2', everyNth: '3' })).toEqual({
      problems: { everyNth: 'Only the nth or every n-th, not both: pick one.' },
    });
    expect(check({ ...emptyRuleForm(), name: 'x', action: 'latency' })).toEqual({ problems: { latencyMs: 'Say how long to delay (ms).' } });
    expect(check({ ...emptyRuleForm(), name: 'x', action: 'latency', latencyMs: '700000' })).toEqual({
      problems: { latencyMs: 'The latency (ms) must be a whole number from 1 to 600000.' },
    });
    expect(check({ ...emptyRuleForm(), name: 'x', action: 'lie', lie: 'itemsPerPage', lieValue: 'many' })).toEqual({
      problems: { lieValue: 'The value must be a whole number from 0 up.' },
    });
  });

  it('puts the engine’s problems beside the field they are about', () => {
    expect(fieldOfProblem({ where: 'match.nth', message: '' }, 'status')).toBe('nth');
    expect(fieldOfProblem({ where: 'rules.0.action.status', message: '' }, 'status')).toBe('status');
    expect(fieldOfProblem({ where: 'action.ms', message: '' }, 'latency')).toBe('latencyMs');
    expect(fieldOfProblem({ where: 'action.ms', message: '' }, 'timeout')).toBe('timeoutSeconds');
    expect(fieldOfProblem({ where: 'action.timeoutMs', message: '' }, 'breakpoint')).toBe('breakpointSeconds');
    expect(fieldOfProblem({ where: 'something.else', message: '' }, 'drop')).toBe('form');
  });

  it('shows an instant in local time, to the second, as a datetime-local input takes it', () => {
    const value = localInput('2026-12-03T10:00:30.000Z');
    expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    expect(new Date(value).toISOString()).toBe('2026-12-03T10:00:30.000Z');
    expect(localInput(undefined)).toBe('');
    expect(localInput('not a date')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { describeAction, describeMatch, duration, injectedLabel, ordinal } from '../../../../src/renderer/src/faults/rule-words';

describe('fault rules in words', () => {
  it('says what a rule without criteria matches: every request', () => {
    expect(describeMatch({})).toBe('Every request');
  });

  it('says each criterion of a rule, the subject first and the conditions after', () => {
    expect(
      describeMatch({
        methods: ['POST', 'PATCH'],
        resourceTypes: ['Users'],
        path: '/Users/*',
        filter: { contains: 'userName eq' },
        clients: ['okta', 'entra'],
        nth: 3,
        limit: 5,
      }),
    ).toBe('POST or PATCH to Users, path /Users/*, filter containing “userName eq”, from Okta or Entra ID; the 3rd match only; at most 5 times');
    expect(describeMatch({ resourceTypes: ['Groups', 'discovery'], everyNth: 2, probability: 0.25, limit: 1 })).toBe(
      'Requests to Groups or discovery endpoints; every 2nd match; 25% of matches; at most 1 time',
    );
    expect(describeMatch({ methods: ['GET'], filter: { regex: '^userName' } })).toBe('GET requests, filter matching /^userName/');
  });

  it('says a time window open at either end', () => {
    expect(describeMatch({ window: { from: '2026-12-03T10:00:00.000Z', to: '2026-12-03T11:30:00.000Z' } })).toBe(
      'Every request; between 2026-12-03 10:00Z and 2026-12-03 11:30Z',
    );
    expect(describeMatch({ window: { to: '2026-12-03T11:30:15Z' } })).toBe('Every request; until 2026-12-03 11:30:15Z');
  });

  it('says each action with its parameters, a status with its reason phrase', () => {
    expect(describeAction({ kind: 'status', status: 429, retryAfterSeconds: 5 })).toBe('Answer 429 Too Many Requests with Retry-After: 5 s');
    expect(describeAction({ kind: 'status', status: 409, scimType: 'uniqueness' })).toBe('Answer 409 Conflict (scimType uniqueness)');
    expect(describeAction({ kind: 'status', status: 418 })).toBe('Answer 418');
    expect(describeAction({ kind: 'latency', ms: 1500 })).toBe('Delay the answer by 1.5 s');
    expect(describeAction({ kind: 'timeout' })).toBe('Time out: hold the request past the IdP’s timeout, then drop the connection');
    expect(describeAction({ kind: 'timeout', ms: 120_000 })).toBe('Time out: hold the request for 2 min, then drop the connection');
    expect(describeAction({ kind: 'drop' })).toBe('Drop the connection without an answer');
    expect(describeAction({ kind: 'lie', lie: 'totalResults', value: 0 })).toBe('Lie: say totalResults is 0');
    expect(describeAction({ kind: 'lie', lie: 'itemsPerPage' })).toBe('Lie: say itemsPerPage is the count asked for');
    expect(describeAction({ kind: 'lie', lie: 'emptyCreatedBody' })).toBe('Lie: answer 201 with an empty body');
    expect(describeAction({ kind: 'breakpoint', stage: 'response', timeoutMs: 20_000 })).toBe('Hold the response at a breakpoint (released as-is after 20 s)');
  });

  it('names the traffic list’s mark for a screen reader', () => {
    const base = { ruleId: 1, ruleName: 'Rate limit', summary: '429 answered with Retry-After: 5' };
    expect(injectedLabel({ ...base, action: 'status' }, 429)).toBe('fault injected: 429');
    expect(injectedLabel({ ...base, action: 'latency' }, 200)).toBe('fault injected: latency');
    expect(injectedLabel({ ...base, action: 'breakpoint', stage: 'request', outcome: 'edited' }, 201)).toBe('held at a breakpoint: edited');
  });

  it('counts and times as people say them', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
    ]);
    expect([250, 1000, 2500, 60_000, 90_000, 120_000].map(duration)).toEqual(['250 ms', '1 s', '2.5 s', '1 min', '90 s', '2 min']);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRule, globToRegExp, type RequestFacts } from '../../../../src/engine/faults/compile-rule';
import type { StoredFaultRule } from '../../../../src/engine/faults/fault-store';
import type { FaultMatch } from '../../../../src/shared/faults';
import { requestFacts } from '../../../../src/engine/faults/request-facts';

/** Rule matching: each criterion alone, then the counting ones (nth, every n-th, limit, seeded probability). */
const rule = (match: FaultMatch): StoredFaultRule => ({
  id: 1,
  workspaceId: 1,
  position: 1,
  name: 'r',
  enabled: true,
  match,
  action: { kind: 'drop' },
  createdAt: '',
  updatedAt: '',
});

const facts = (changes: Partial<RequestFacts> = {}): RequestFacts => ({
  method: 'GET',
  resourceType: 'Users',
  path: '/Users',
  client: 'okta',
  now: Date.parse('2026-12-03T12:00:00Z'),
  ...changes,
  filter: changes.filter,
  filterLower: changes.filter?.toLowerCase(),
});

const firesOn = (match: FaultMatch, ...requests: Partial<RequestFacts>[]) => {
  const compiled = compileRule(rule(match));
  return requests.map((request) => compiled.fires(facts(request)));
};

describe('each criterion', () => {
  it('an empty match fires on every request', () => {
    expect(firesOn({}, {}, { method: 'DELETE', resourceType: 'discovery' })).toEqual([true, true]);
  });

  it('methods', () => {
    expect(firesOn({ methods: ['POST', 'PUT'] }, { method: 'POST' }, { method: 'GET' }, { method: 'PUT' })).toEqual([true, false, true]);
  });

  it('resource types', () => {
    expect(firesOn({ resourceTypes: ['Groups', 'discovery'] }, { resourceType: 'Users' }, { resourceType: 'Groups' }, { resourceType: 'discovery' })).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('path globs: * within a segment, ** across, case-insensitive, a trailing slash allowed', () => {
    expect(firesOn({ path: '/Users/*' }, { path: '/Users/abc' }, { path: '/users/ABC/' }, { path: '/Users' }, { path: '/Users/a/b' })).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(firesOn({ path: '/Groups/**' }, { path: '/Groups/a/b' }, { path: '/Users/a' })).toEqual([true, false]);
    expect(globToRegExp('/Users/.search').test('/Users/xsearch')).toBe(false);
  });

  it('filter text: a substring ignoring case, or a regular expression; no filter never matches', () => {
    expect(firesOn({ filter: { contains: 'USERNAME eq' } }, { filter: 'userName eq "a"' }, { filter: 'externalId eq "a"' }, {})).toEqual([true, false, false]);
    expect(
      firesOn(
        { filter: { regex: '^externalId eq "[0-9a-f-]{36}"$' } },
        { filter: 'externalId eq "0f8e5b1c-6a2e-4d55-9f0d-1c2b3a4d5e6f"' },
        { filter: 'externalId eq "x"' },
      ),
    ).toEqual([true, false]);
  });

  it('clients', () => {
    expect(firesOn({ clients: ['entra', 'other'] }, { client: 'okta' }, { client: 'entra' }, { client: 'other' })).toEqual([false, true, true]);
  });

  it('a time window, either end open', () => {
    const at = (iso: string) => ({ now: Date.parse(iso) });
    expect(
      firesOn(
        { window: { from: '2026-12-03T12:00:00Z', to: '2026-12-03T13:00:00Z' } },
        at('2026-12-03T11:59:59Z'),
        at('2026-12-03T12:30:00Z'),
        at('2026-12-03T13:00:01Z'),
      ),
    ).toEqual([false, true, false]);
    expect(firesOn({ window: { from: '2026-12-03T12:00:00Z' } }, at('2030-01-01T00:00:00Z'))).toEqual([true]);
  });
});

describe('counting', () => {
  const six = Array.from({ length: 6 }, () => ({}));

  it('nth fires on the nth matching request only; requests that do not match are not counted', () => {
    expect(firesOn({ nth: 2, methods: ['GET'] }, {}, { method: 'POST' }, {}, {}, {})).toEqual([false, false, true, false, false]);
  });

  it('every n-th', () => {
    expect(firesOn({ everyNth: 3 }, ...six)).toEqual([false, false, true, false, false, true]);
  });

  it('a count limit', () => {
    expect(firesOn({ limit: 2 }, ...six)).toEqual([true, true, false, false, false, false]);
    expect(firesOn({ everyNth: 2, limit: 1 }, ...six)).toEqual([false, true, false, false, false, false]);
  });

  it('a probability from a seed: the same seed, the same choices; about the asked share over many requests', () => {
    const many = Array.from({ length: 2000 }, () => ({}));
    const first = firesOn({ probability: 0.3, seed: 42 }, ...many);
    const again = firesOn({ probability: 0.3, seed: 42 }, ...many);
    const other = firesOn({ probability: 0.3, seed: 43 }, ...many);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    const share = first.filter(Boolean).length / many.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(firesOn({ probability: 0 }, ...six).some(Boolean)).toBe(false);
    expect(firesOn({ probability: 1 }, ...six).every(Boolean)).toBe(true);
  });

  it('counts what matched and what fired', () => {
    const compiled = compileRule(rule({ everyNth: 2 }));
    for (let index = 0; index < 5; index += 1) compiled.fires(facts());
    expect(compiled.counters).toEqual({ matched: 5, fired: 2 });
  });
});

describe('request facts', () => {
  const read = (method: string, url: string, userAgent?: string, query: Record<string, string> = {}) =>
    requestFacts({ method, url, headers: userAgent ? { 'user-agent': userAgent } : {}, query }, 0);

  it('reads the path after the SCIM base, the resource type and the client', () => {
    expect(read('GET', '/scim/v2/Users/abc?x=1', 'Okta SCIM Client 1.0.0')).toMatchObject({ path: '/Users/abc', resourceType: 'Users', client: 'okta' });
    expect(read('GET', '/w/demo/scim/v2/groups', 'Microsoft.Identity.Provisioning')).toMatchObject({
      path: '/groups',
      resourceType: 'Groups',
      client: 'entra',
    });
    expect(read('POST', '/scim/v2/Bulk')).toMatchObject({ resourceType: 'Bulk', client: 'other' });
    expect(read('GET', '/scim/v2/ServiceProviderConfig')).toMatchObject({ resourceType: 'discovery' });
    expect(read('GET', '/scim/v2/Schemas/urn:x')).toMatchObject({ resourceType: 'discovery' });
    expect(read('GET', '/scim/v2/Users', 'x (replayed by scim-workbench/1.0)')).toMatchObject({ client: 'other' });
    expect(read('GET', '/scim/v2/Users', undefined, { filter: 'userName eq "a"' }).filter).toBe('userName eq "a"');
  });
});

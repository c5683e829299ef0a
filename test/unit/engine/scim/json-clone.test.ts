import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../../../src/engine/scim/json-clone';
import { applyPatch } from '../../../../src/engine/scim/patch';
import { RESOURCE_SCHEMAS } from '../../../../src/engine/scim/schemas/resource-types';

describe('cloneJson', () => {
  it('copies a parsed document deeply: changing the copy leaves the original as it was', () => {
    const original = JSON.parse('{"name":{"givenName":"Jo"},"emails":[{"value":"a@example.com","primary":true}],"active":null,"n":1.5}');
    const copy = cloneJson(original);
    expect(copy).toEqual(original);
    copy.name.givenName = 'Changed';
    copy.emails[0].value = 'b@example.com';
    copy.emails.push({ value: 'c@example.com' });
    expect(original).toEqual({ name: { givenName: 'Jo' }, emails: [{ value: 'a@example.com', primary: true }], active: null, n: 1.5 });
  });

  it('keeps a "__proto__" key as the own key JSON.parse made of it, without changing the prototype', () => {
    const original = JSON.parse('{"__proto__":{"polluted":true},"userName":"jo"}');
    const copy = cloneJson(original);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__', 'userName']);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
  });

  it('is what applyPatch changes: the stored document passed in stays as it was', () => {
    const stored = JSON.parse('{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"jo","name":{"givenName":"Jo"},"active":true}');
    const text = JSON.stringify(stored);
    const result = applyPatch(stored, [{ op: 'replace', value: { active: false, name: { givenName: 'Joe' } } }], RESOURCE_SCHEMAS.User);
    expect(result.document).toMatchObject({ active: false, name: { givenName: 'Joe' } });
    expect(JSON.stringify(stored)).toBe(text);
  });
});

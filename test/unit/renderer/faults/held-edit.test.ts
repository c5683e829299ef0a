import { describe, expect, it } from 'vitest';
import type { HeldExchange } from '../../../../src/shared/faults';
import { heldEditForm, heldRelease, parseHeaderLines, secondsLeft } from '../../../../src/renderer/src/faults/held-edit';

const request: HeldExchange = {
  id: 7,
  workspace: 'default',
  stage: 'request',
  ruleId: 1,
  ruleName: 'Hold creates',
  heldAt: '2026-12-03T10:00:00.000Z',
  releaseAt: '2026-12-03T10:00:25.000Z',
  client: 'okta',
  request: {
    method: 'POST',
    url: '/scim/v2/Users',
    path: '/Users',
    headers: [
      ['content-type', 'application/scim+json'],
      ['user-agent', 'Okta SCIM Client'],
    ],
    body: '{"userName":"jane@example.com","active":true}',
  },
};
const answer: HeldExchange = {
  ...request,
  id: 8,
  stage: 'response',
  response: { status: 201, headers: [['content-type', 'application/scim+json']], body: '{"id":"abc","userName":"jane@example.com"}' },
};

describe('editing a held exchange', () => {
  it('shows the held part: the request’s body pretty-printed and its headers a line each', () => {
    expect(heldEditForm(request)).toEqual({
      status: '',
      headers: 'content-type: application/scim+json\nuser-agent: Okta SCIM Client',
      body: '{\n  "userName": "jane@example.com",\n  "active": true\n}',
    });
    expect(heldEditForm(answer)).toMatchObject({ status: '201', headers: 'content-type: application/scim+json' });
  });

  it('sends nothing for an unedited form: the same as releasing as-is', () => {
    expect(heldRelease(request, heldEditForm(request))).toEqual({ release: {}, edited: false });
    expect(heldRelease(answer, heldEditForm(answer))).toEqual({ release: {}, edited: false });
  });

  it('sends the edited body as compact JSON and only the headers added or changed', () => {
    const form = heldEditForm(request);
    const edited = {
      ...form,
      body: form.body.replace('jane@example.com', 'janet@example.com'),
      headers: `${form.headers.replace('Okta SCIM Client', 'Okta 2')}\nx-extra: 1\n\n`,
    };
    expect(heldRelease(request, edited)).toEqual({
      release: { request: { body: '{"userName":"janet@example.com","active":true}', headers: { 'user-agent': 'Okta 2', 'x-extra': '1' } } },
      edited: true,
    });
  });

  it('edits an answer’s status and body; an emptied body is none', () => {
    const form = heldEditForm(answer);
    expect(heldRelease(answer, { ...form, status: '200', body: '' })).toEqual({ release: { response: { status: 200, body: null } }, edited: true });
  });

  it('refuses a body that is not JSON, a header line without a name, a status that is not one', () => {
    const form = heldEditForm(request);
    expect(heldRelease(request, { ...form, body: '{"userName": ' })).toEqual({ problem: expect.stringMatching(/^The body is not JSON: /) });
    expect(heldRelease(request, { ...form, headers: 'no colon here' })).toEqual({ problem: 'Header line 1 is not “name: value”.' });
    for (const status of ['2000', '101', 'ok'])
      expect(heldRelease(answer, { ...heldEditForm(answer), status })).toEqual({
        problem: 'The status must be a number from 200 to 599 (an answer, not an interim one).',
      });
    expect(parseHeaderLines('X-Case: Kept Value\n: empty name')).toEqual({ problem: 'Header line 2 is not “name: value”.' });
  });

  it('counts down to the automatic release in whole seconds, never below 0', () => {
    const at = Date.parse(request.releaseAt);
    expect(secondsLeft(request.releaseAt, at - 24_100)).toBe(25);
    expect(secondsLeft(request.releaseAt, at - 1)).toBe(1);
    expect(secondsLeft(request.releaseAt, at + 5_000)).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import { idOf, type ScimAnswer } from '../../client/scim-client';
import { URN } from '../../scim/urns';
import type { CheckContext, CheckDefinition } from '../check-context';
import { expectScimError, patchOf, userFixtures } from './protocol-helpers';

/**
 * A request meant to fail that created a user anyway: the user is deleted at once (a user
 * without a userName can trip the server's later requests), and tracked for the clean-up at
 * the end should that fail. Sent past the evidence, which stays the request under test.
 */
async function undoCreated(c: CheckContext, answer: ScimAnswer) {
  const id = idOf(answer.body);
  if (!id || answer.status < 200 || answer.status > 299) return;
  const deleted = await c.clients.common.send('DELETE', `/Users/${encodeURIComponent(id)}`).catch(() => undefined);
  if (deleted && deleted.status >= 200 && deleted.status < 300) return;
  if (!c.state.created.some((item) => item.id === id)) c.state.created.push({ type: 'Users', id });
}

/** The user is still where it was, under its id; a server that moved it to the new id gets that one cleaned up too. */
async function expectIdKept(c: CheckContext, id: string, answer: ScimAnswer) {
  const moved = idOf(answer.body);
  if (moved && moved !== id && answer.status < 300 && !c.state.created.some((item) => item.id === moved)) c.state.created.push({ type: 'Users', id: moved });
  const read = await c.send('common', 'GET', `/Users/${id}`);
  if (c.expectStatus(read, 200, 'reading the user back under its id gave'))
    c.expect(read.body?.id === id, `The user now has the id ${JSON.stringify(read.body?.id)}.`);
}

/** Errors: the SCIM error format and status codes (RFC 7644 §3.12). */
export const errorsChecks: CheckDefinition[] = [
  {
    id: 'errors.not-found',
    scope: 'common',
    name: 'An unknown user is a 404 in the SCIM error format',
    source: 'RFC 7644 §3.12',
    consequence: 'IdPs read `detail` to show the admin what went wrong; without the error schema they show a generic failure.',
    run: async (c) => {
      const answer = await c.send('common', 'GET', `/Users/${randomUUID()}`);
      expectScimError(c, answer, 404);
    },
  },
  {
    id: 'errors.malformed-json',
    scope: 'common',
    name: 'A body that is not JSON is a 400 invalidSyntax in the SCIM error format',
    source: 'RFC 7644 §3.12 (invalidSyntax)',
    consequence: 'A 500 makes Okta and Entra ID retry the same broken request for hours; a 400 with detail shows what is wrong.',
    run: async (c) => {
      const answer = await c.send('common', 'POST', '/Users', `{"schemas": ["${URN.user}"], "userName": `);
      await undoCreated(c, answer);
      expectScimError(c, answer, 400, ['invalidSyntax']);
    },
  },
  {
    id: 'errors.missing-required',
    scope: 'common',
    name: 'A user without the required userName is a 400 invalidValue',
    source: 'RFC 7643 §4.1 (userName required), RFC 7644 §3.3, §3.12 (invalidValue)',
    consequence: 'Users without a name are created and clash later; the IdP never learns its mapping is incomplete.',
    run: async (c) => {
      const answer = await c.send('common', 'POST', '/Users', { schemas: [URN.user], displayName: `No userName ${c.state.suffix}` });
      await undoCreated(c, answer);
      expectScimError(c, answer, 400, ['invalidValue']);
    },
  },
  {
    id: 'errors.wrong-schema',
    scope: 'common',
    name: 'A user sent with the Group schema is a 400',
    source: 'RFC 7644 §3.3, §3.12 (invalidValue, invalidSyntax)',
    consequence: 'Misrouted resources are stored as users that no schema describes.',
    run: async (c) => {
      const answer = await c.send('common', 'POST', '/Users', {
        schemas: [URN.group],
        userName: `wrong-schema.${c.state.suffix}@example.com`,
        displayName: 'Wrong schema',
      });
      await undoCreated(c, answer);
      // The RFC names no single scimType for it: the value of "schemas" is invalid, or the body does not fit the request schema.
      expectScimError(c, answer, 400, ['invalidValue', 'invalidSyntax']);
    },
  },
  ...(['PUT', 'PATCH', 'DELETE'] as const).map((method): CheckDefinition => ({
    id: `errors.${method.toLowerCase()}-unknown-id`,
    scope: 'common',
    name: `${method} on an unknown user id is a 404 in the SCIM error format`,
    source: `RFC 7644 §3.12, ${method === 'DELETE' ? '§3.6' : method === 'PUT' ? '§3.5.1' : '§3.5.2'}`,
    consequence:
      method === 'DELETE'
        ? 'Okta and Entra ID treat a 404 on DELETE as "already gone"; any other answer leaves the deprovisioning failed and retried.'
        : 'Entra ID and Okta re-create a user that was deleted in the app only when they get a 404; otherwise the update fails for ever.',
    run: async (c) => {
      const body =
        method === 'PUT'
          ? { schemas: [URN.user], userName: `unknown-id.${c.state.suffix}@example.com` }
          : method === 'PATCH'
            ? patchOf({ op: 'replace', path: 'title', value: 'x' })
            : undefined;
      const answer = await c.send('common', method, `/Users/${randomUUID()}`, body);
      await undoCreated(c, answer);
      expectScimError(c, answer, 404);
    },
  })),
  {
    id: 'errors.patch-unknown-op',
    scope: 'common',
    name: 'A PATCH with an unknown op is a 400 and changes nothing',
    source: 'RFC 7644 §3.5.2, §3.12',
    consequence: 'A server that applies or ignores an op it does not know reports success for a change it never made.',
    run: async (c) => {
      const user = (await userFixtures(c, 'unknown-op', { a: { title: 'Engineer' } }))?.users.a;
      if (!user) return;
      const answer = await c.send('common', 'PATCH', `/Users/${user.id}`, patchOf({ op: 'frobnicate', path: 'title', value: 'Changed' }));
      if (!expectScimError(c, answer, 400)) return;
      const read = await c.send('common', 'GET', `/Users/${user.id}`);
      if (c.expectStatus(read, 200, 'reading the user back gave'))
        c.expect(read.body?.title === 'Engineer', `The refused PATCH changed title to ${JSON.stringify(read.body?.title)}.`);
    },
  },
  {
    id: 'errors.patch-readonly-id',
    scope: 'common',
    name: 'PATCH replace of the readOnly id is a 400 mutability, and the id stays',
    source: 'RFC 7643 §2.2 (readOnly), RFC 7644 §3.5.2, §3.12 (mutability)',
    consequence: 'A user whose id changes is lost to the IdP: every later update is a 404 and the person is provisioned twice.',
    run: async (c) => {
      const user = (await userFixtures(c, 'readonly-patch', { a: {} }))?.users.a;
      if (!user) return;
      const answer = await c.send('common', 'PATCH', `/Users/${user.id}`, patchOf({ op: 'replace', path: 'id', value: randomUUID() }));
      expectScimError(c, answer, 400, ['mutability']);
      await expectIdKept(c, user.id, answer);
    },
  },
  {
    id: 'errors.put-readonly-id',
    scope: 'common',
    name: 'PUT with a different id keeps the id (ignored) or is a 400 mutability',
    source: 'RFC 7644 §3.5.1 (readOnly values SHALL be ignored), §3.12 (mutability)',
    consequence: 'A user whose id changes is lost to the IdP: every later update is a 404 and the person is provisioned twice.',
    run: async (c) => {
      const user = (await userFixtures(c, 'readonly-put', { a: {} }))?.users.a;
      if (!user) return;
      const answer = await c.send('common', 'PUT', `/Users/${user.id}`, { schemas: [URN.user], id: randomUUID(), userName: user.userName });
      if (answer.status === 400) expectScimError(c, answer, 400, ['mutability']);
      else if (c.expectStatus(answer, [200, 400]))
        c.expect(answer.body?.id === user.id, `The answer's id is ${JSON.stringify(answer.body?.id)}, not the user's ${user.id}.`);
      await expectIdKept(c, user.id, answer);
    },
  },
];

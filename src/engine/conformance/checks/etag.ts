import type { ScimAnswer } from '../../client/scim-client';
import { URN } from '../../scim/urns';
import type { CheckContext, CheckDefinition } from '../check-context';
import { declaredFeatures, patchOf, userFixtures, type Fixture } from './protocol-helpers';

/**
 * Versions (RFC 7644 §3.14, RFC 7232): when ServiceProviderConfig declares etag supported, the
 * ETag header carries meta.version, If-None-Match saves a download and a stale If-Match is a 412
 * that changes nothing. A server that declares etag unsupported skips these checks.
 */
const SOURCE = 'RFC 7644 §3.14; RFC 7232 §3.1, §3.2';

const versionOf = (answer: ScimAnswer): string | undefined => {
  const meta = answer.body?.meta as { version?: unknown } | undefined;
  return typeof meta?.version === 'string' ? meta.version : (answer.headers.get('etag') ?? undefined);
};

/** A user of the check's own, when the server declares etag support; skips the check otherwise. */
async function etagUser(c: CheckContext, name: string): Promise<Fixture | undefined> {
  const features = await declaredFeatures(c);
  if (!features) return undefined;
  if (!features.etag) {
    c.skip('ServiceProviderConfig declares etag unsupported.');
    return undefined;
  }
  return (await userFixtures(c, name, { a: { title: 'Engineer' } }))?.users.a;
}

/** The user's version before and after a change: the first is stale from then on. */
async function staleAndCurrent(c: CheckContext, user: Fixture): Promise<{ stale: string; current: string } | undefined> {
  const stale = (user.body.meta as { version?: unknown } | undefined)?.version;
  if (!c.expect(typeof stale === 'string', 'The created user has no meta.version.')) return undefined;
  const changed = await c.send('common', 'PATCH', `/Users/${user.id}`, patchOf({ op: 'replace', path: 'title', value: 'Manager' }));
  if (!c.expectStatus(changed, [200, 204], 'the status of the PATCH that makes the version stale')) return undefined;
  const current = versionOf(changed);
  if (!c.expect(current !== undefined && current !== stale, `The version did not change with the PATCH (${String(stale)} → ${String(current)}).`))
    return undefined;
  return { stale: stale as string, current: current! };
}

/** After a refused change the user still has the title the PATCH gave it. */
async function expectUnchanged(c: CheckContext, user: Fixture) {
  const read = await c.send('common', 'GET', `/Users/${user.id}`);
  if (c.expectStatus(read, 200, 'reading the user back gave'))
    c.expect(read.body?.title === 'Manager', `The refused request changed the user anyway (title ${JSON.stringify(read.body?.title)}).`);
}

const staleConsequence = "Two writers overwrite each other silently: the IdP's update is lost or undoes an admin's change.";

export const etagChecks: CheckDefinition[] = [
  {
    id: 'etag.header-matches-version',
    scope: 'common',
    name: 'GET answers an ETag header equal to meta.version',
    source: SOURCE,
    consequence: 'Clients that cache by ETag never see changes, or never save a download.',
    run: async (c) => {
      const user = await etagUser(c, 'etag-header');
      if (!user) return;
      const answer = await c.send('common', 'GET', `/Users/${user.id}`);
      if (!c.expectStatus(answer, 200)) return;
      const header = answer.headers.get('etag');
      const version = (answer.body?.meta as { version?: unknown } | undefined)?.version;
      c.expect(header !== null, 'There is no ETag header although ServiceProviderConfig declares etag supported.');
      c.expect(typeof version === 'string', 'meta.version is missing.');
      if (header !== null && typeof version === 'string') c.expect(header === version, `The ETag header ${header} differs from meta.version ${version}.`);
    },
  },
  {
    id: 'etag.version-changes',
    scope: 'common',
    name: 'A change gives the resource a new meta.version',
    source: SOURCE,
    consequence: 'Caches and If-Match never notice a change.',
    run: async (c) => {
      const user = await etagUser(c, 'etag-changes');
      if (user) await staleAndCurrent(c, user);
    },
  },
  {
    id: 'etag.if-none-match',
    scope: 'common',
    name: 'If-None-Match with the current version is a 304 without a body; with an old one, a 200',
    source: SOURCE,
    consequence: 'Clients re-download unchanged users, or never see a change.',
    run: async (c) => {
      const user = await etagUser(c, 'etag-none-match');
      if (!user) return;
      const versions = await staleAndCurrent(c, user);
      if (!versions) return;
      const current = await c.send('common', 'GET', `/Users/${user.id}`, undefined, { 'if-none-match': versions.current });
      if (c.expectStatus(current, 304, 'If-None-Match with the current version: the status')) c.expect(current.text === '', 'The 304 has a body.');
      const old = await c.send('common', 'GET', `/Users/${user.id}`, undefined, { 'if-none-match': versions.stale });
      c.expectStatus(old, 200, 'If-None-Match with an old version: the status');
    },
  },
  {
    id: 'etag.put-stale',
    scope: 'common',
    name: 'PUT with a stale If-Match is a 412 and changes nothing',
    source: SOURCE,
    consequence: staleConsequence,
    run: async (c) => {
      const user = await etagUser(c, 'etag-put');
      const versions = user && (await staleAndCurrent(c, user));
      if (!user || !versions) return;
      const answer = await c.send(
        'common',
        'PUT',
        `/Users/${user.id}`,
        { schemas: [URN.user], userName: user.userName, title: 'Overwritten' },
        { 'if-match': versions.stale },
      );
      if (c.expectStatus(answer, 412)) await expectUnchanged(c, user);
    },
  },
  {
    id: 'etag.patch-stale',
    scope: 'common',
    name: 'PATCH with a stale If-Match is a 412 and changes nothing',
    source: SOURCE,
    consequence: staleConsequence,
    run: async (c) => {
      const user = await etagUser(c, 'etag-patch');
      const versions = user && (await staleAndCurrent(c, user));
      if (!user || !versions) return;
      const answer = await c.send('common', 'PATCH', `/Users/${user.id}`, patchOf({ op: 'replace', path: 'title', value: 'Overwritten' }), {
        'if-match': versions.stale,
      });
      if (c.expectStatus(answer, 412)) await expectUnchanged(c, user);
    },
  },
  {
    id: 'etag.delete-stale',
    scope: 'common',
    name: 'DELETE with a stale If-Match is a 412 and deletes nothing',
    source: SOURCE,
    consequence: 'A user changed since the client last read it is deleted anyway.',
    run: async (c) => {
      const user = await etagUser(c, 'etag-delete');
      const versions = user && (await staleAndCurrent(c, user));
      if (!user || !versions) return;
      const answer = await c.send('common', 'DELETE', `/Users/${user.id}`, undefined, { 'if-match': versions.stale });
      if (c.expectStatus(answer, 412)) await expectUnchanged(c, user);
    },
  },
  {
    id: 'etag.if-match-current',
    scope: 'common',
    name: 'PATCH and DELETE with the current If-Match succeed',
    source: SOURCE,
    consequence: 'Clients that send If-Match can never update or delete.',
    run: async (c) => {
      const user = await etagUser(c, 'etag-current');
      const versions = user && (await staleAndCurrent(c, user));
      if (!user || !versions) return;
      const patched = await c.send('common', 'PATCH', `/Users/${user.id}`, patchOf({ op: 'replace', path: 'title', value: 'Director' }), {
        'if-match': versions.current,
      });
      if (!c.expectStatus(patched, [200, 204], 'PATCH with the current If-Match: the status')) return;
      const latest = versionOf(patched);
      if (!c.expect(latest !== undefined, 'The PATCH answer carries no version (neither meta.version nor ETag).')) return;
      // 200 or 204: this check is about the precondition, onelogin.delete-user about DELETE's status.
      const deleted = await c.send('common', 'DELETE', `/Users/${user.id}`, undefined, { 'if-match': latest! });
      c.expectStatus(deleted, [200, 204], 'DELETE with the current If-Match: the status');
    },
  },
];

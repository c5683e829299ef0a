import type { CheckContext, CheckDefinition } from '../check-context';
import { q } from './check-helpers';
import { declaredFeatures, idsIn, userFixtures } from './protocol-helpers';

/**
 * Sorting (RFC 7644 §3.4.2.3) is optional: a server declares it in ServiceProviderConfig. When
 * it declares sort supported, the order is checked. When it declares it unsupported, IdPs do not
 * send sortBy, so the check only asks that a sortBy is answered cleanly — a ListResponse (the
 * parameter ignored) or a SCIM 400 — and says in a note that the order was not checked. A server
 * that claims sorting and does not sort fails here (and in discovery.feature-claims).
 */
const SOURCE = 'RFC 7644 §3.4.2.3';

async function sortCheck(c: CheckContext, name: string, sortOrder: 'ascending' | 'descending' | undefined) {
  const features = await declaredFeatures(c);
  if (!features) return;
  // Created out of order, so an answer in creation order is not mistaken for a sorted one.
  const made = await userFixtures(c, name, { b: {}, c: {}, a: {} });
  if (!made) return;
  const answer = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, `&sortBy=userName${sortOrder ? `&sortOrder=${sortOrder}` : ''}`)}`);
  if (!features.sort) {
    c.notes.push(`ServiceProviderConfig declares sort unsupported: the order was not checked (the server answered ${answer.status}).`);
    if (answer.status === 200) c.expectListResponse(answer);
    else c.expect(answer.status === 400, `sortBy on a server that does not sort answered ${answer.status}; expected a ListResponse (sortBy ignored) or a 400.`);
    return;
  }
  if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
  const labelOf = new Map(Object.values(made.users).map((user) => [user.id, user.label]));
  const order = idsIn(answer)
    .filter((id) => labelOf.has(id))
    .map((id) => labelOf.get(id)!);
  const expected = sortOrder === 'descending' ? ['c', 'b', 'a'] : ['a', 'b', 'c'];
  c.expect(
    order.join() === expected.join(),
    `sortBy=userName${sortOrder ? `&sortOrder=${sortOrder}` : ''} gave ${order.join(', ') || 'none'}; expected ${expected.join(', ')}.`,
  );
}

export const sortChecks: CheckDefinition[] = [
  {
    id: 'sort.ascending',
    scope: 'common',
    name: 'sortBy=userName&sortOrder=ascending sorts A to Z (when sort is declared)',
    source: SOURCE,
    consequence: 'Clients that page through a sorted list skip or repeat users.',
    run: (c) => sortCheck(c, 'sort-asc', 'ascending'),
  },
  {
    id: 'sort.descending',
    scope: 'common',
    name: 'sortOrder=descending sorts Z to A (when sort is declared)',
    source: SOURCE,
    consequence: 'Clients that read the newest or last entries first get the wrong ones.',
    run: (c) => sortCheck(c, 'sort-desc', 'descending'),
  },
  {
    id: 'sort.default-ascending',
    scope: 'common',
    name: 'sortBy without sortOrder sorts ascending (when sort is declared)',
    source: SOURCE,
    consequence: 'Clients that leave sortOrder out page through an unsorted or reversed list.',
    run: (c) => sortCheck(c, 'sort-default', undefined),
  },
];

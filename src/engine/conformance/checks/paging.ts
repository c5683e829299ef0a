import type { CheckDefinition } from '../check-context';
import { q } from './check-helpers';
import { declaredFeatures, idsIn, userFixtures } from './protocol-helpers';

/**
 * Paging edges (RFC 7644 §3.4.2.4): what an importer meets at the start and the end of a list.
 * Each check pages over two users of its own (`displayName eq "<scope>"`), so the expected
 * totals do not depend on what else the server holds.
 */
const SOURCE = 'RFC 7644 §3.4.2.4';
const resourcesOf = (body: Record<string, unknown> | undefined) => (Array.isArray(body?.Resources) ? (body.Resources as unknown[]) : []);

export const pagingChecks: CheckDefinition[] = [
  {
    id: 'paging.start-index-zero',
    scope: 'common',
    name: 'startIndex=0 is read as 1 (the first page)',
    source: SOURCE,
    consequence: 'Clients that count from 0 get a 400 or miss the first user of every import.',
    run: async (c) => {
      const made = await userFixtures(c, 'paging-zero', { a: {}, b: {} });
      if (!made) return;
      const answer = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, '&startIndex=0&count=10')}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      c.expect(
        answer.body?.startIndex === 1,
        `startIndex is ${JSON.stringify(answer.body?.startIndex)}, expected 1 ("a value less than 1 SHALL be interpreted as 1").`,
      );
      c.expect(answer.body?.totalResults === 2, `totalResults is ${JSON.stringify(answer.body?.totalResults)}, expected 2.`);
      const ids = idsIn(answer);
      c.expect(ids.includes(made.users.a!.id) && ids.includes(made.users.b!.id), `The page holds ${ids.length} of the 2 users.`);
    },
  },
  {
    id: 'paging.past-the-end',
    scope: 'common',
    name: 'A startIndex past the end is an empty page with the right totalResults',
    source: SOURCE,
    consequence: 'An import that reads one page too many gets an error, or the first page again and loops.',
    run: async (c) => {
      const made = await userFixtures(c, 'paging-end', { a: {}, b: {} });
      if (!made) return;
      const answer = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, '&startIndex=3&count=10')}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      c.expect(answer.body?.totalResults === 2, `totalResults is ${JSON.stringify(answer.body?.totalResults)}, expected 2.`);
      c.expect(resourcesOf(answer.body).length === 0, `The page holds ${resourcesOf(answer.body).length} resource(s), expected none.`);
      c.expect(answer.body?.itemsPerPage === 0, `itemsPerPage is ${JSON.stringify(answer.body?.itemsPerPage)}, expected 0.`);
    },
  },
  {
    id: 'paging.count-zero',
    scope: 'common',
    name: 'count=0 answers totalResults only, with no resources',
    source: SOURCE,
    consequence: 'Clients that ask "how many?" with count=0 download every user instead.',
    run: async (c) => {
      const made = await userFixtures(c, 'paging-count0', { a: {}, b: {} });
      if (!made) return;
      const answer = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, '&count=0')}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      c.expect(answer.body?.totalResults === 2, `totalResults is ${JSON.stringify(answer.body?.totalResults)}, expected 2.`);
      c.expect(resourcesOf(answer.body).length === 0, `count=0 returned ${resourcesOf(answer.body).length} resource(s).`);
      c.expect(answer.body?.itemsPerPage === 0, `itemsPerPage is ${JSON.stringify(answer.body?.itemsPerPage)}, expected 0.`);
    },
  },
  {
    id: 'paging.count-over-max',
    scope: 'common',
    name: 'A count above filter.maxResults is served, capped at that maximum',
    source: 'RFC 7644 §3.4.2.4; RFC 7643 §5 (filter.maxResults)',
    consequence: 'An importer asking for big pages gets a 400 and imports nothing.',
    run: async (c) => {
      const features = await declaredFeatures(c);
      if (!features) return;
      if (features.maxResults === undefined) {
        c.skip('ServiceProviderConfig declares no filter.maxResults, so there is no maximum to exceed.');
        return;
      }
      const made = await userFixtures(c, 'paging-max', { a: {}, b: {} });
      if (!made) return;
      const max = features.maxResults;
      const answer = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, `&count=${max + 1}`)}`);
      if (!c.expectStatus(answer, 200) || !c.expectListResponse(answer)) return;
      const served = resourcesOf(answer.body).length;
      c.expect(served <= max, `count=${max + 1} returned ${served} resources; filter.maxResults says at most ${max}.`);
      c.expect(served === Math.min(2, max), `The page holds ${served} of the 2 users (maxResults ${max}).`);
    },
  },
  {
    id: 'paging.pages',
    scope: 'common',
    name: 'itemsPerPage agrees with Resources, and consecutive pages cover the list without overlap',
    source: SOURCE,
    consequence: "Okta's and Entra ID's imports skip or repeat users across pages.",
    run: async (c) => {
      const made = await userFixtures(c, 'paging-pages', { a: {}, b: {} });
      if (!made) return;
      const seen: string[] = [];
      for (const startIndex of [1, 2]) {
        const answer = await c.send('common', 'GET', `/Users${q(`displayName eq "${made.scope}"`, `&startIndex=${startIndex}&count=1`)}`);
        if (!c.expectStatus(answer, 200, `page ${startIndex}: the status`) || !c.expectListResponse(answer)) return;
        const served = resourcesOf(answer.body).length;
        c.expect(
          answer.body?.itemsPerPage === served,
          `Page ${startIndex}: itemsPerPage is ${JSON.stringify(answer.body?.itemsPerPage)} but Resources holds ${served}.`,
        );
        c.expect(served === 1, `Page ${startIndex} (count=1) holds ${served} resources.`);
        c.expect(answer.body?.startIndex === startIndex, `Page ${startIndex}: startIndex is ${JSON.stringify(answer.body?.startIndex)}.`);
        c.expect(answer.body?.totalResults === 2, `Page ${startIndex}: totalResults is ${JSON.stringify(answer.body?.totalResults)}, expected 2.`);
        seen.push(...idsIn(answer));
      }
      const expected = [made.users.a!.id, made.users.b!.id];
      c.expect(new Set(seen).size === 2 && expected.every((id) => seen.includes(id)), 'Pages 1 and 2 (count=1) do not hold the two users once each.');
    },
  },
];

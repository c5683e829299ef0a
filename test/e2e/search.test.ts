import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { notFound, recordSearchFixtures, searchExchange, type SearchFixtures } from '../support/search-fixtures';

/**
 * The traffic list's search in Chromium against a real engine: each form typed into the filter box
 * shows exactly the exchanges it should and their total, and a row arriving live after the filter
 * is set shows only when it matches.
 */
if (chromiumMissing) console.log(`Search e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`traffic search in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let fixtures: SearchFixtures;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    fixtures = recordSearchFixtures(fixture.scim.app.workbench.recordings);
    ({ page } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const rows = () => page.getByTestId('traffic-row');
  const total = () => page.getByLabel('Matching exchanges').textContent();

  /** Types the search, presses Enter, and waits until the list shows exactly these fixtures, newest first, and their count. */
  async function expectFound(q: string, names: string[]): Promise<void> {
    await page.getByLabel('Filter').fill(q);
    await page.getByLabel('Filter').press('Enter');
    const expected = names.map((name) => fixtures.operations[name]!);
    await expect.poll(async () => await rows().locator('.operation').allTextContents(), { message: q }).toEqual(expected);
    await expect.poll(total, { message: q }).toBe(`${names.length} ${names.length === 1 ? 'exchange' : 'exchanges'}`);
  }

  it('finds words (AND), phrases, and the README example', async () => {
    await page.goto(fixture.inspectorUrl);
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
    // The list opens on the live session; the fixtures span two sessions.
    await page.getByRole('combobox', { name: 'Session', exact: true }).selectOption('all');
    await expect.poll(total).toBe('10 exchanges');
    await expectFound('jane doe', ['janeByName', 'deactivate']);
    await expectFound('"jane doe"', ['deactivate']);
    await expectFound('status:4xx method:PATCH client:okta path:/Groups user:jane', ['groupJane']);
    await expectFound('user:"jane doe"', ['janeByName', 'deactivate']);
  });

  it('finds the operation text, bodies as they read, and the decoded query', async () => {
    await expectFound('op:deactivated', ['deactivate']);
    await expectFound('deactivated', ['deactivate']);
    await expectFound('"active":false', ['entraCreate', 'deactivate']);
    await expectFound('"False"', ['entraCreate', 'deactivate']);
    await expectFound('userName eq "jane"', ['lookup']);
    await expectFound('núñez', ['jose']);
  });

  it('reads each typed term', async () => {
    await expectFound('status:404', ['entraGroupJane', 'groupBob', 'groupJane']);
    await expectFound('has:error client:entra', ['entraGroupJane']);
    await expectFound('method:POST', ['janeByName', 'jose', 'entraCreate']);
    await expectFound('note:capitalisedOp', ['deactivate']);
    await expectFound('note:normalised:capitalisedOp', ['deactivate']);
    await expectFound('workspace:demo', ['demo']);
    await expectFound(`session:${fixtures.demoSession}`, ['demo']);
  });

  it('says which terms it did not understand, and searches with the rest', async () => {
    await expectFound('status:abc client:foo deactivated', ['deactivate']);
    expect(await page.getByRole('alert').textContent()).toBe('Not understood: status:abc client:foo');
    await expectFound('NEAR( * ^ - "', []);
  });

  it('hides connection tests on the server, the total following', async () => {
    await expectFound('okta listed', ['probe']);
    await page.getByLabel('Hide connection tests').check();
    await expect.poll(total).toBe('0 exchanges');
    expect(await rows().count()).toBe(0);
    await page.getByLabel('Hide connection tests').uncheck();
    await expect.poll(total).toBe('1 exchange');
  });

  it('shows a live row that arrives after the filter is set only when it matches', async () => {
    await expectFound('user:jane status:4xx', ['entraGroupJane', 'groupJane']);
    const { recordings } = fixture.scim.app.workbench;
    recordings.insertExchange({
      ...searchExchange({
        client: 'okta',
        method: 'GET',
        url: '/scim/v2/Users/u-7',
        status: 404,
        operation: 'Okta read user bob.live@acme.com',
        response: notFound('u-7'),
      }),
      sessionId: fixtures.liveSession,
    });
    recordings.insertExchange({
      ...searchExchange({
        client: 'okta',
        method: 'GET',
        url: '/scim/v2/Users/u-8',
        status: 404,
        operation: 'Okta read user jane.live@acme.com',
        response: notFound('u-8'),
      }),
      sessionId: fixtures.liveSession,
    });
    await expect
      .poll(() => rows().locator('.operation').allTextContents(), { timeout: 10_000 })
      .toEqual(['Okta read user jane.live@acme.com', fixtures.operations.entraGroupJane, fixtures.operations.groupJane]);
    expect(await total()).toBe('3 exchanges');
    // A reload agrees with what arrived live.
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(total).toBe('3 exchanges');
    expect(await rows().locator('.operation').allTextContents()).toEqual([
      'Okta read user jane.live@acme.com',
      fixtures.operations.entraGroupJane,
      fixtures.operations.groupJane,
    ]);
  });

  it('makes the list as long as the total and loads rows by offset as they scroll into view', async () => {
    const { recordings } = fixture.scim.app.workbench;
    recordings.transaction(() => {
      for (let n = 0; n < 1500; n++) {
        recordings.insertExchange({
          ...searchExchange({ client: 'okta', method: 'GET', url: `/scim/v2/Users/bulk-${n}`, status: 200, operation: `Okta read user bulk${n}@acme.com` }),
          sessionId: fixtures.liveSession,
        });
      }
    });
    await page.getByLabel('Filter').fill('bulk');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(total).toMatch(/^1\D?500 exchanges$/);
    // aria-rowcount counts the header row too.
    expect(await page.getByRole('grid').getAttribute('aria-rowcount')).toBe('1501');
    expect(await rows().count()).toBeLessThan(120);
    // Far below the first page: the rows there load by offset, the oldest at the very bottom.
    await page.locator('.traffic-body').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect.poll(() => rows().last().locator('.operation').textContent()).toBe('Okta read user bulk0@acme.com');
    await page.locator('.traffic-body').evaluate((element) => element.scrollTo(0, element.scrollHeight / 2));
    await expect.poll(async () => (await rows().locator('.operation').allTextContents()).some((text) => /bulk7\d\d@/.test(text))).toBe(true);
    expect(await rows().count()).toBeLessThan(120);
  });
});

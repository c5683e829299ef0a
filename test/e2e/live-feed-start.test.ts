import type { Page, Route } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * The traffic list's live feed starts where the list's first read ended, not where the feed's own
 * connection arrives: an exchange recorded between the two (on a busy machine, or a slow link to a
 * remote engine) must still reach the list. The test holds the page's feed requests in Playwright
 * until an IdP request has been recorded, then lets them through.
 */
if (chromiumMissing) console.log(`Live feed start e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`the live feed's start, in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await page?.unrouteAll({ behavior: 'ignoreErrors' });
    await fixture?.close();
  });

  it('shows an exchange recorded while the feed of an empty list was still connecting', async () => {
    const held: Route[] = [];
    let feedAsked!: () => void;
    const feedRequested = new Promise<void>((resolve) => (feedAsked = resolve));
    await page.route(
      (url) => url.pathname === '/api/feed',
      (route) => {
        held.push(route);
        feedAsked();
      },
    );
    await page.goto(fixture.inspectorUrl);
    // The list has been read (empty: nothing recorded yet) and its feed asked for, not yet connected.
    await feedRequested;
    await expect.poll(() => page.getByLabel('Matching exchanges').textContent()).toMatch(/^0\b/);

    expect((await fixture.scim.request('GET', '/Users?filter=userName%20eq%20%22while.connecting%40example.com%22')).status).toBe(200);
    await page.unroute((url) => url.pathname === '/api/feed');
    for (const route of held) await route.continue();

    await expect.poll(() => page.getByTestId('traffic-row').allTextContents()).toEqual([expect.stringContaining('while.connecting')]);
  });

  it('opens a feed the browser gave up on again from the last exchange it received, as the browser does by itself', async () => {
    // Stand-in answers: events that reached exchange 1000, then an end of stream (the browser
    // reconnects by itself to the same URL, with a Last-Event-ID that Playwright's interception does not
    // show: admin-api.test.ts covers the engine's side), then a 503 (the browser gives up, and the page
    // opens the feed again itself).
    const asked: (string | null)[] = [];
    await page.route(
      (url) => url.pathname === '/api/feed',
      async (route) => {
        const request = route.request();
        asked.push(new URL(request.url()).searchParams.get('since'));
        if (asked.length === 1) {
          const events = ['retry: 50', 'event: ready\nid: 999\ndata: {"since":999}', 'event: exchanges\nid: 1000\ndata: {"items":[],"skipped":0}'];
          await route.fulfill({ status: 200, contentType: 'text/event-stream', body: events.map((event) => `${event}\n\n`).join('') });
        } else if (asked.length === 2) {
          await route.fulfill({ status: 503, body: 'starting' });
        } else {
          await route.continue();
        }
      },
    );
    await page.goto(fixture.inspectorUrl);
    await expect.poll(() => asked.length).toBeGreaterThanOrEqual(3);
    expect(asked[0]).toMatch(/^\d+$/);
    expect(asked.slice(0, 3)).toEqual([asked[0], asked[0], '1000']);
    await page.unroute((url) => url.pathname === '/api/feed');
  });
});

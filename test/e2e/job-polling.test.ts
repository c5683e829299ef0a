import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * A job the inspector follows (here Okta's import) when polling it fails: the browser's network
 * drops the first polls (Playwright's routing, in front of the real engine), and the view says so,
 * keeps trying and shows the result; an engine that no longer knows the job ends it on screen.
 */
if (chromiumMissing) console.log(`Job polling e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`following a job when polls fail, in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    for (let index = 0; index < 2; index++) await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: `polling-${index}@example.com` });
    page = await fixture.browser.newPage();
    page.setDefaultTimeout(5_000);
    // The page's timers on a clock the test can move on (it runs in real time until then).
    await page.clock.install();
    await page.goto(fixture.inspectorUrl);
    await page.getByRole('button', { name: 'Simulate' }).click();
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const panel = () => page.getByRole('main', { name: 'Simulate' }).getByRole('region', { name: 'Okta import' });

  it('says it lost touch with the engine, keeps polling, and shows the result once a poll gets through', async () => {
    let dropped = 0;
    await page.route('**/api/imports/*', async (route) => {
      if (route.request().method() === 'GET' && dropped < 3) {
        dropped += 1;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await panel().getByLabel('Import from', { exact: true }).selectOption('default');
    await panel().getByRole('button', { name: 'Run Okta import' }).click();
    await expect.poll(() => panel().getByRole('status').textContent(), { timeout: 10_000 }).toContain('Lost touch with the engine, trying again');
    // The waits between tries grow (a quarter of a second, doubled each time): they pass on the
    // page's clock, moved on at each look, instead of being waited out.
    await expect
      .poll(
        async () => {
          await page.clock.fastForward(1_000);
          return (await panel().getByTestId('import-result').allTextContents()).join('');
        },
        { timeout: 20_000 },
      )
      .toContain('Users: 2 read in 1 page.');
    expect(dropped).toBe(3);
    expect(await panel().getByRole('status').count()).toBe(0);
    await page.unroute('**/api/imports/*');
  });

  it('ends the job on screen when the engine no longer knows it, instead of showing it running forever', async () => {
    await page.route('**/api/imports/*', (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: 'No import 99.' }) })
        : route.continue(),
    );
    await panel().getByRole('button', { name: 'Run Okta import' }).click();
    await expect.poll(() => panel().getByRole('status').textContent(), { timeout: 10_000 }).toContain('The engine no longer knows this job');
    expect(await panel().getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await page.unroute('**/api/imports/*');
  });
});

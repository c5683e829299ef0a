import type { Page, Request } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * A burst of live traffic (an IdP's import, a request every few hundred milliseconds): each request
 * reaches the page in a live-feed batch of its own, and the session picker's counts and the verdict
 * summary are read again from the engine at a measured pace, not once per batch; once the traffic
 * stops, both show the burst in full. A summary that counts exchanges not judged yet is read again
 * until they are, as no count changes when the indexer judges them. A row arriving draws its own
 * cells, not those of every row it pushes down.
 */
if (chromiumMissing) console.log(`Live burst e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const BURST = 30;

describe.skipIf(chromiumMissing)(`a burst of live traffic, in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    // Recorded before the page opens, so the feed never sends it (the feed judges what it sends), and
    // not judged: the fixture runs no indexer timer, the tests call its catch-up where `serve`'s would run.
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'before.burst@example.com' });
    // A page of its own: its clock is faked, which would outlive this file in the worker's shared tab.
    page = await fixture.browser.newPage();
    page.setDefaultTimeout(5_000);
    // The page's timers on a clock the test can stop (it runs in real time until then).
    await page.clock.install();
    await page.goto(fixture.inspectorUrl);
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
    await fixture?.close();
  });

  const indexerCatchUp = () => fixture.scim.app.workbench.searchIndexer.catchUp();
  const picker = () => page.getByRole('combobox', { name: 'Session', exact: true });
  const liveOption = () => picker().locator('option[value="live"]').textContent();
  const total = () => page.getByLabel('Matching exchanges').textContent();
  const summary = () => page.getByTestId('verdict-summary').textContent();

  it('reads the verdict summary again while it counts exchanges still to judge, until the indexer has judged them', async () => {
    await expect.poll(liveOption).toBe('Live: Session 1 (1 exchange)');
    await expect.poll(summary).toBe('0 answers judged: nothing to report (1 still to judge)');
    await indexerCatchUp();
    await expect.poll(summary, { timeout: 10_000 }).toBe('1 answer judged: nothing to report');
  });

  it('reads the session list and the verdicts a few times during the burst, not once per batch, and shows all of it afterwards', async () => {
    // With the page's timers stopped, what the page asks for comes from the feed's batches alone.
    await page.clock.pauseAt(Date.now() + 60_000);
    const reads = { sessions: 0, verdicts: 0 };
    const count = (request: Request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/api/sessions') reads.sessions += 1;
      if (/^\/api\/sessions\/\d+\/verdicts$/.test(path)) reads.verdicts += 1;
    };
    page.on('request', count);
    for (let index = 1; index <= BURST; index++) {
      await fixture.scim.request('GET', `/Users?filter=userName%20eq%20%22burst.${index}%40example.com%22`);
      // Shown before the next one is sent: each request is a batch of its own.
      await expect.poll(total, { timeout: 10_000 }).toBe(`${index + 1} exchanges`);
    }
    page.off('request', count);
    // A read left over from before the pause, and the first batch's: not one per batch.
    expect(reads.sessions).toBeLessThanOrEqual(3);
    expect(reads.verdicts).toBeLessThanOrEqual(3);

    // The traffic stopped: the reads the burst put off still come, so nothing stays behind. (A row
    // the feed could not judge as it sent it, the database being busy, is judged by the indexer.)
    await indexerCatchUp();
    await page.clock.resume();
    await expect.poll(liveOption, { timeout: 10_000 }).toBe(`Live: Session 1 (${BURST + 1} exchanges)`);
    await expect.poll(summary, { timeout: 10_000 }).toBe(`${BURST + 1} answers judged: nothing to report`);
  });

  it("draws a new exchange's row without drawing the rows already shown again", async () => {
    const rows = page.getByTestId('traffic-row');
    await expect.poll(() => rows.count()).toBe(BURST + 1);
    // Each row's time cell formats its exchange's start when its cells are drawn: counting the calls counts the rows drawn.
    await page.evaluate(() => {
      const format = Date.prototype.toLocaleTimeString;
      const counted = globalThis as unknown as { timeCellsDrawn: number };
      counted.timeCellsDrawn = 0;
      Date.prototype.toLocaleTimeString = function (...args: Parameters<typeof format>) {
        counted.timeCellsDrawn += 1;
        return format.apply(this, args);
      };
    });
    await fixture.scim.request('GET', '/Users?filter=userName%20eq%20%22after.burst%40example.com%22');
    await expect.poll(total, { timeout: 10_000 }).toBe(`${BURST + 2} exchanges`);
    await expect.poll(() => rows.count()).toBe(BURST + 2);
    // Every row moved down one place (the newest comes first); the new row's cells alone were drawn.
    const drawn = await page.evaluate(() => (globalThis as unknown as { timeCellsDrawn: number }).timeCellsDrawn);
    expect(drawn).toBeGreaterThanOrEqual(1);
    expect(drawn).toBeLessThanOrEqual(2);
  });
});

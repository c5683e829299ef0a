import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace, fixtureAdminApi } from '../support/inspector-workspace';
import { followJobsOf } from '../support/page-jobs';

/**
 * The Replay view in Chromium against a real engine: a session replay still running when the user
 * switches to another view is still followed when they come back, and finishes with its report.
 */
if (chromiumMissing) console.log(`Replay view e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const PAGE_LOAD_MS = 10_000;
const USERS = 5;

describe.skipIf(chromiumMissing)(`the Replay view in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  let resetTab: () => Promise<void>;
  let jobs: ReturnType<typeof followJobsOf>;
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page, reset: resetTab } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
    jobs = followJobsOf(
      page,
      fixtureAdminApi(() => fixture),
    );
  }, 120_000);
  afterEach(async () => {
    await jobs?.stopAll();
    // The tab leaves the inspector: left on it, it would follow the next test's replay in the live feed.
    await resetTab();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  const view = () => page.getByRole('main', { name: 'Replay' });
  const progress = async () => {
    const text = (await view().getByTestId('replay-progress').textContent()) ?? '';
    const [done, total] = (/^(\d+)\/(\d+)/.exec(text) ?? ['', '0', '0']).slice(1).map(Number);
    return { text, done: done!, total: total! };
  };

  it('keeps a running session replay, and its report, across a change of view and back', async () => {
    const workspace = await createTestWorkspace(fixture, 'replay-view');
    for (let index = 0; index < USERS; index++)
      expect((await workspace.request('POST', '/Users', { schemas: [URN.user], userName: `replayed-${index}@example.com` })).status).toBe(201);
    await page.goto(workspace.inspectorUrl);
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue(), { timeout: PAGE_LOAD_MS }).toBe(workspace.slug);

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await view().getByLabel('Pace').selectOption('1');
    await view().getByRole('button', { name: 'Start replay' }).click();
    // Running, one request a second: at least one step done, not all.
    await expect.poll(async () => (await progress()).done, { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await progress();
    expect(before.total).toBeGreaterThanOrEqual(USERS);
    expect(before.done).toBeLessThan(before.total);
    expect(before.text).not.toMatch(/· done$/);

    await page.getByRole('button', { name: 'Traffic', exact: true }).click();
    await expect.poll(() => view().count()).toBe(0);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();

    // The same job, still shown and followed (a view that kept it itself would show nothing here).
    expect((await progress()).total).toBe(before.total);
    expect((await progress()).done).toBeGreaterThanOrEqual(before.done);
    await expect.poll(async () => (await progress()).text, { timeout: 30_000 }).toMatch(/· done$/);
    expect((await progress()).done).toBe(before.total);
    expect(await view().getByTestId('replay-summary').textContent()).toMatch(new RegExp(`^\\d+ matched, \\d+ differed of ${before.total} steps`));
    expect(await view().textContent()).toContain('Into workspace “replay-');
    // The replay recorded into a session of its own, now offered for replaying too.
    await expect.poll(() => view().getByLabel('Session').textContent()).toContain('— replay');
  }, 60_000);

  it('replays several independent requests at a time when asked, only as fast as possible, with every step matched', async () => {
    const workspace = await createTestWorkspace(fixture, 'replay-in-flight');
    for (let index = 0; index < USERS; index++) {
      const created = await workspace.request('POST', '/Users', { schemas: [URN.user], userName: `in-flight-${index}@example.com` });
      expect(created.status).toBe(201);
      expect((await workspace.request('GET', `/Users/${(created.body as { id: string }).id}`)).status).toBe(200);
    }
    await page.goto(workspace.inspectorUrl);
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue(), { timeout: PAGE_LOAD_MS }).toBe(workspace.slug);

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await view().getByLabel('Pace').selectOption('1');
    expect(await view().getByLabel('In flight').isDisabled()).toBe(true);
    await view().getByLabel('Pace').selectOption('fast');
    await view().getByLabel('In flight').selectOption('4');
    const posted = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/replays'));
    await view().getByRole('button', { name: 'Start replay' }).click();
    expect((await posted).postDataJSON()).toMatchObject({ pacing: { kind: 'fast' }, concurrency: 4 });
    await expect.poll(async () => (await progress()).text, { timeout: 30_000 }).toMatch(/· done$/);
    const { total } = await progress();
    expect(total).toBeGreaterThanOrEqual(USERS * 2);
    expect(await view().getByTestId('replay-summary').textContent()).toMatch(new RegExp(`^${total} matched, 0 differed of ${total} steps`));
  }, 60_000);
});

import type { Locator, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace } from '../support/inspector-workspace';

/**
 * The inspector's layout in Chromium at the smallest size it is designed for (1024×700): empty
 * states that offer the next step, a filter bar on one row, readable columns, every detail tab
 * in sight, a splitter and columns that can be moved by mouse and keyboard and stay so after a reload,
 * and a theme toggle that native controls follow.
 */
if (chromiumMissing) console.log(`Layout e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** An element's laid-out widths, measured in the page (its DOM types are not in the tests' Node type library). */
const widths = (locator: Locator) => locator.evaluate((element: any) => ({ client: element.clientWidth as number, scroll: element.scrollWidth as number }));
const widthOf = async (locator: Locator) => (await locator.boundingBox())!.width;

describe.skipIf(chromiumMissing)('inspector layout at 1024×700', () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page } = await reusableTab(fixture, { viewport: { width: 1024, height: 700 } }));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const rows = () => page.getByTestId('traffic-row');
  const showView = (name: string) => page.locator('header nav').getByText(name, { exact: true }).click();
  const splitter = () => page.getByRole('separator', { name: 'Resize the traffic list' });
  const valueOf = async (separator: Locator) => Number(await separator.getAttribute('aria-valuenow'));

  it('offers the demo and the connection while there is no traffic, and Play demo fills the views', async () => {
    const empty = page.locator('.traffic .empty-state');
    await expect.poll(() => empty.textContent()).toContain('No exchanges yet');
    await empty.getByRole('button', { name: 'Connect Okta' }).click();
    await page.getByRole('region', { name: 'Connection' }).waitFor();

    await showView('Resources');
    const emptyResources = page.locator('.resources .empty-state');
    await expect.poll(() => emptyResources.textContent()).toContain('No users here yet');
    await emptyResources.getByRole('button', { name: 'Play demo' }).click();
    // The demo provisions into its own workspace, which the header then shows.
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue(), { timeout: 10_000 }).toBe('demo');

    await showView('Traffic');
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(8);
    expect(await empty.count()).toBe(0);
    // The demo started here is the Simulate view's demo job: its progress shows there.
    await showView('Simulate');
    const demo = page.getByRole('region', { name: 'Demo' });
    await expect.poll(() => demo.getByTestId('demo-progress').textContent()).toContain('/w/demo/scim/v2');
    // The tests below start from the traffic list this one filled.
    await showView('Traffic');
  });

  it('a search that matches nothing offers to clear it', async () => {
    await page.getByLabel('Filter').fill('no-such-word-anywhere');
    await page.getByRole('button', { name: 'Apply' }).click();
    const empty = page.locator('.traffic .empty-state');
    await expect.poll(() => empty.textContent()).toContain('No exchange matches this search');
    await empty.getByRole('button', { name: 'Clear the search' }).click();
    await expect.poll(() => rows().count()).toBeGreaterThanOrEqual(8);
    expect(await page.getByLabel('Filter').inputValue()).toBe('');
  });

  it('keeps the filter bar on one row and the Time and Operation columns readable', async () => {
    const tops: number[] = [];
    for (const child of await page.locator('form.filter-bar > *').all()) {
      const box = await child.boundingBox();
      if (box) tops.push(box.y);
    }
    expect(tops.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);

    const operation = rows().first().locator('.operation');
    expect((await widths(operation)).client).toBeGreaterThanOrEqual(150);
    // The time is shown whole, not cut (the list shows one session: its first cell is the time).
    const time = await widths(rows().first().locator('span').first());
    expect(time.client).toBeGreaterThan(0);
    expect(time.scroll).toBeLessThanOrEqual(time.client);
  });

  it('shows every detail tab in the narrow detail pane, wrapping them onto a second row', async () => {
    await rows().first().click();
    const tabs = page.getByRole('tab');
    await expect.poll(() => tabs.count()).toBeGreaterThanOrEqual(7);
    const tablist = page.getByRole('tablist');
    const list = (await tablist.boundingBox())!;
    const inList = async (tab: Locator) => {
      const box = (await tab.boundingBox())!;
      return box.x >= list.x - 1 && box.x + box.width <= Math.min(list.x + list.width, 1024) + 1 && box.y >= list.y - 1;
    };
    // Tabs that do not fit on one row wrap onto the next: every one is in sight, none behind a scroll.
    for (const tab of await tabs.all()) expect(await inList(tab), (await tab.textContent()) ?? '').toBe(true);
    expect(await widths(tablist)).toMatchObject({ scroll: (await widths(tablist)).client });
    await tabs.last().click();
    await expect.poll(() => tabs.last().getAttribute('aria-selected')).toBe('true');
    await tabs.first().click();
  });

  it('moves the splitter by mouse and keyboard, within both panes’ minimum widths, and keeps it after a reload', async () => {
    const pane = page.locator('#traffic-first-pane');
    const handle = (await splitter().boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 200);
    await page.mouse.down();
    await page.mouse.move(560, handle.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => widthOf(pane)).toBeCloseTo(560, -1);
    expect(await valueOf(splitter())).toBe(Math.round((560 / 1024) * 100));

    await splitter().focus();
    const before = await valueOf(splitter());
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => valueOf(splitter())).toBe(before - 4);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => valueOf(splitter())).toBe(before + 6);
    const kept = await widthOf(pane);
    expect(kept).toBeGreaterThan(560);

    await page.reload();
    await rows().first().waitFor();
    expect(await valueOf(splitter())).toBe(before + 6);
    expect(await widthOf(pane)).toBeCloseTo(kept, 0);

    // Neither pane can be pushed below its minimum, so the detail tabs and the list stay usable.
    await splitter().focus();
    await page.keyboard.press('End');
    await expect.poll(async () => widthOf(page.locator('.split-second').first())).toBeGreaterThanOrEqual(339);
    await page.keyboard.press('Home');
    await expect.poll(() => widthOf(pane)).toBeGreaterThanOrEqual(419);
    expect(await widthOf(pane)).toBeLessThan(430);
  });

  it('resizes and hides columns, and keeps them after a reload', async () => {
    const header = (name: string) => page.getByRole('columnheader', { name, exact: true });
    const timeWidth = await widthOf(header('Time'));
    const grip = page.getByRole('separator', { name: 'Resize the Time column' });
    await grip.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => widthOf(header('Time'))).toBeCloseTo(timeWidth + 16, 0);

    await page.getByTitle('Show, hide and reset columns').click();
    await page.getByRole('checkbox', { name: 'Duration (ms)' }).uncheck();
    await expect.poll(() => header('Duration (ms)').count()).toBe(0);
    // The rows hide the same cell: time, client, method, path, status, then the operation.
    const cells = rows().first().locator('span');
    await expect.poll(() => cells.nth(5).isVisible()).toBe(false);
    expect(await cells.nth(6).isVisible()).toBe(true);

    await page.reload();
    await rows().first().waitFor();
    expect(await header('Duration (ms)').count()).toBe(0);
    expect(await rows().first().locator('span').nth(5).isVisible()).toBe(false);
    expect(await widthOf(header('Time'))).toBeCloseTo(timeWidth + 16, 0);

    await page.getByTitle('Show, hide and reset columns').click();
    await page.getByRole('button', { name: 'Reset widths and columns' }).click();
    await expect.poll(() => header('Duration (ms)').count()).toBe(1);
    expect(await widthOf(header('Time'))).toBeCloseTo(timeWidth, 0);
    // Any column can go, the Operation one too: the last one shown then fills the row.
    await page.getByRole('checkbox', { name: 'Operation' }).uncheck();
    await expect.poll(() => header('Operation').count()).toBe(0);
    expect(await rows().first().locator('.operation').isVisible()).toBe(false);
    await page.getByRole('checkbox', { name: 'Operation' }).check();
    await expect.poll(() => header('Operation').count()).toBe(1);
    // Escape closes the menu, as a menu would.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('button', { name: 'Reset widths and columns' }).isVisible()).toBe(false);
  });

  it('scrolls columns sized wider than the pane sideways, headers and cells together', async () => {
    const header = page.getByRole('columnheader', { name: 'Status', exact: true });
    const cell = rows().first().locator('.status');
    await page.getByRole('separator', { name: 'Resize the Path column' }).focus();
    for (let step = 0; step < 12; step++) await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await widths(page.locator('.traffic-body'))).scroll).toBeGreaterThan(900);
    await page.locator('.traffic-body').evaluate((body: any) => (body.scrollLeft = 300));
    await expect.poll(async () => (await header.boundingBox())!.x).toBeCloseTo((await cell.boundingBox())!.x, 0);
    await page.getByTitle('Show, hide and reset columns').click();
    await page.getByRole('button', { name: 'Reset widths and columns' }).click();
    await page.keyboard.press('Escape');
  });

  it('gives the mapping rules room: long SCIM paths read in full', async () => {
    await showView('Mappings');
    const editor = page.getByRole('region', { name: 'Mapping editor' });
    await editor.getByRole('button', { name: 'Okta preset' }).click();
    const paths = editor.getByLabel(/^SCIM path \d+$/);
    await expect.poll(() => paths.count()).toBeGreaterThanOrEqual(5);
    const values = await paths.evaluateAll((inputs: any[]) => inputs.map((input) => String(input.value)));
    expect(values.some((value) => value.startsWith('urn:ietf:params:scim:schemas:extension:enterprise'))).toBe(true);
    for (const path of await paths.all()) {
      const { client, scroll } = await widths(path);
      expect(scroll).toBeLessThanOrEqual(client);
    }
    await showView('Traffic');
    // The preset is an unsaved edit: leaving asks first.
    await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
  });

  it('switches the theme, which native controls follow, and keeps it after a reload', async () => {
    const html = page.locator('html');
    const colorScheme = () => html.evaluate((element: any) => (globalThis as any).getComputedStyle(element).colorScheme as string);
    const background = () => html.evaluate((element: any) => (globalThis as any).getComputedStyle(element).backgroundColor as string);
    const theme = page.getByLabel('Theme');

    await theme.selectOption('dark');
    await expect.poll(() => html.getAttribute('data-theme')).toBe('dark');
    expect(await colorScheme()).toBe('dark');
    const dark = await background();

    await theme.selectOption('light');
    await expect.poll(() => html.getAttribute('data-theme')).toBe('light');
    expect(await colorScheme()).toBe('light');
    expect(await background()).not.toBe(dark);

    await theme.selectOption('dark');
    await page.reload();
    await rows().first().waitFor();
    expect(await html.getAttribute('data-theme')).toBe('dark');
    expect(await theme.inputValue()).toBe('dark');
    expect(await background()).toBe(dark);

    // "System" follows the system's preference (in the desktop app, View → Theme).
    await theme.selectOption('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => background()).toBe(dark);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => background()).not.toBe(dark);
  });

  it('opens with the default layout and theme when what was stored is not understood', async () => {
    await page.evaluate(() => {
      const storage = (globalThis as any).localStorage;
      storage.setItem('scim-workbench.layout', JSON.stringify({ state: { panes: { traffic: 'wide' }, columns: { traffic: { widths: 5 } } }, version: 0 }));
      storage.setItem('scim-workbench.theme', JSON.stringify({ state: { theme: 'purple' }, version: 0 }));
    });
    await page.reload();
    await rows().first().waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('system');
    expect(await valueOf(splitter())).toBe(64);
    expect(await page.getByRole('columnheader').count()).toBe(8);
    await page.evaluate(() => (globalThis as any).localStorage.setItem('scim-workbench.layout', '{not json'));
    await page.reload();
    await rows().first().waitFor();
    expect(await valueOf(splitter())).toBe(64);
  });

  it('keeps the Active and Groups columns readable beside a very long userName, whose title wraps in the detail', async () => {
    const workspace = await createTestWorkspace(fixture, 'long-names');
    const long = { schemas: [URN.user], userName: `${'x'.repeat(300)}@example.com`, displayName: 'Ω'.repeat(200) };
    expect((await workspace.request('POST', '/Users', long)).status).toBe(201);
    expect((await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'short@example.com' })).status).toBe(201);
    await page.goto(workspace.inspectorUrl);
    await showView('Resources');
    const resourceRows = page.getByTestId('resource-row');
    await expect.poll(() => resourceRows.count()).toBe(2);
    // "inactive" fits its column on one line: the column is not squeezed to a letter a line.
    const active = page.locator('.resource-list th', { hasText: 'Active' });
    expect(await widthOf(active)).toBeGreaterThanOrEqual(60);
    expect(await widthOf(page.locator('.resource-list th', { hasText: 'Groups' }))).toBeGreaterThanOrEqual(60);
    const list = await widths(page.locator('.resource-list'));
    expect(list.scroll).toBeLessThanOrEqual(list.client);
    await resourceRows.filter({ hasText: 'xxxx' }).click();
    const title = page.locator('.resources .detail h2');
    await title.waitFor();
    const detail = await widths(page.locator('.resources .detail'));
    expect(detail.scroll).toBeLessThanOrEqual(detail.client);
  });
});

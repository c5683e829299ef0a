import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * Saved filters in Chromium: kept in the browser's localStorage across a reload, and a stored
 * value that is not the list the inspector wrote (not JSON, or JSON of another shape) read as no
 * saved filters or only its texts, never a page that fails to start.
 */
if (chromiumMissing) console.log(`Saved filters e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const SAVED_KEY = 'scim-workbench.saved-filters';
/** How long a fresh page may take to load and connect, on a machine running other tests too. */
const PAGE_LOAD_MS = 10_000;
/** The page's localStorage as code run in it sees it (the tests are typed for Node, without the DOM's types). */
type InPage = { localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void } };

describe.skipIf(chromiumMissing)(`saved filters in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let resetTab: () => Promise<void>;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page, reset: resetTab } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  afterEach(async () => {
    // Each test starts with nothing saved (what it needs stored, it stores itself).
    await resetTab();
  });

  const saved = () => page.getByLabel('Saved filters').locator('option').allTextContents();
  /** The inspector opened with `stored` already in localStorage, as a page of another version (or a person) left it. */
  const openWithStored = async (stored: string) => {
    // Any page of the origin shares its localStorage; this one runs no inspector that could read it first.
    await page.goto(`${fixture.origin}/api/info`);
    await page.evaluate(([key, value]) => (globalThis as unknown as InPage).localStorage.setItem(key!, value!), [SAVED_KEY, stored]);
    await page.goto(fixture.inspectorUrl);
    await expect.poll(() => page.locator('.live').textContent(), { timeout: PAGE_LOAD_MS }).toBe('live');
  };

  it('keeps a saved filter across a reload, and applies it when picked', async () => {
    await page.goto(fixture.inspectorUrl);
    await page.getByLabel('Filter', { exact: true }).fill('status:4xx');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(saved).toEqual(['Saved filters…', 'status:4xx']);
    await page.reload();
    await expect.poll(saved, { timeout: PAGE_LOAD_MS }).toEqual(['Saved filters…', 'status:4xx']);
    expect(await page.getByLabel('Filter', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Saved filters').selectOption('status:4xx');
    await expect.poll(() => page.getByLabel('Filter', { exact: true }).inputValue()).toBe('status:4xx');
  });

  it('starts with no saved filters when the stored value is not JSON', async () => {
    await openWithStored('{ not json');
    expect(await page.getByLabel('Saved filters').count()).toBe(0);
    // The bar works: a filter saved now replaces the broken value.
    await page.getByLabel('Filter', { exact: true }).fill('method:PATCH');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(saved).toEqual(['Saved filters…', 'method:PATCH']);
    expect(await page.evaluate((key) => (globalThis as unknown as InPage).localStorage.getItem(key), SAVED_KEY)).toBe('["method:PATCH"]');
  });

  it('keeps only the texts of a stored list, and nothing of a stored object', async () => {
    await openWithStored(JSON.stringify(['client:okta', 3, null, { text: 'x' }, 'user:jane']));
    await expect.poll(saved).toEqual(['Saved filters…', 'client:okta', 'user:jane']);
    await openWithStored(JSON.stringify({ saved: ['client:okta'] }));
    expect(await page.getByLabel('Saved filters').count()).toBe(0);
  });
});

import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { playOktaSession } from '../support/okta-session';

/**
 * Screenshots of every view at the two sizes the inspector is designed for, in both themes, saved
 * into test-results/screenshots/ for people to look at (CI keeps test-results/ as artefacts). No
 * pixel comparisons: the test checks that each view rendered and its picture was written.
 */
const OUT = resolve(import.meta.dirname, '../../test-results/screenshots');
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;
const VIEWS = ['Traffic', 'Resources', 'Mappings', 'Replay', 'Simulate', 'Faults', 'Connection'] as const;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

if (chromiumMissing) console.log(`Screenshots e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)('screenshots of every view', () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    fixture = await startInspector();
    await playOktaSession(fixture.scim, 4);
    ({ page } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
    await page.getByTestId('traffic-row').nth(5).waitFor({ timeout: 10_000 });
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const showView = (name: (typeof VIEWS)[number]) => page.locator('header nav').getByText(name, { exact: true }).click();

  /** Puts each view in a state worth looking at: a row or resource open, mappings with long paths. */
  const prepare = async (view: (typeof VIEWS)[number]) => {
    if (view === 'Traffic') {
      await page.getByTestId('traffic-row').filter({ hasText: 'PATCH' }).first().click();
      await page.getByTestId('operation').waitFor();
    }
    if (view === 'Resources') {
      await page.getByTestId('resource-row').first().click();
      await page.getByRole('complementary', { name: 'Resource history' }).waitFor();
    }
    if (view === 'Connection') await page.getByRole('button', { name: 'Save settings' }).waitFor();
    if (view === 'Mappings') {
      const editor = page.getByRole('region', { name: 'Mapping editor' });
      await editor.getByRole('button', { name: 'Okta preset' }).click();
      await editor.getByLabel('SCIM path 10', { exact: true }).waitFor();
    }
  };

  for (const theme of THEMES)
    for (const size of SIZES)
      it(`${theme} theme at ${size.width}×${size.height}`, async () => {
        await page.setViewportSize(size);
        await page.getByLabel('Theme').selectOption(theme);
        await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
        for (const view of VIEWS) {
          await showView(view);
          await prepare(view);
          const file = join(OUT, `${view.toLowerCase()}-${size.width}x${size.height}-${theme}.png`);
          await page.screenshot({ path: file });
          const png = readFileSync(file);
          expect(png.length).toBeGreaterThan(1000);
          expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
          // The preset loaded for the picture is an unsaved edit: leaving asks first.
          if (view === 'Mappings') {
            await showView('Traffic');
            await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
          }
        }
      }, 60_000);
});

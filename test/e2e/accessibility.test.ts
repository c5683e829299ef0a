import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { seriousViolations } from '../support/axe';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * axe-core (@axe-core/playwright) on every view of the inspector in Chromium, with data in it, in
 * the light and the dark colour scheme: no serious or critical violation anywhere. A failure lists
 * each violation's rule id and the elements it found.
 */
if (chromiumMissing) console.log(`Accessibility e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

// Each axe run takes a few seconds on two shared cores, and a test makes two or more.
describe.skipIf(chromiumMissing)(`accessibility of the inspector${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, { timeout: 120_000 }, () => {
  let fixture: InspectorFixture;
  let page: Page;
  const okta = { 'user-agent': 'Okta SCIM Client' };
  beforeAll(async () => {
    fixture = await startInspector();
    // Traffic of every kind: creations, a change, a group with a member, a lookup with a query, a conflict.
    const jane = await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'jane@example.com', name: { givenName: 'Jane' } }, okta);
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'sam@example.com', active: false }, okta);
    await fixture.scim.request(
      'PATCH',
      `/Users/${jane.body.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Janet' }] },
      okta,
    );
    await fixture.scim.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Engineering', members: [{ value: jane.body.id }] }, okta);
    await fixture.scim.request('GET', '/Users?filter=userName%20eq%20%22jane%40example.com%22', undefined, okta);
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'JANE@example.com' }, okta);
    ({ page } = await reusableTab(fixture, { viewport: { width: 1440, height: 900 } }));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
    // The sixth row: every seeded exchange is listed.
    await page.getByTestId('traffic-row').nth(5).waitFor();
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  /** axe on the page in both colour schemes; the failure message names the view, the scheme and each violation. */
  async function expectAccessible(what: string, only?: string) {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      found.push(...(await seriousViolations(page, only)).map((line) => `[${what}, ${colorScheme}] ${line}`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Soft: every view is checked and reported even when an earlier one fails.
    expect.soft(found, found.join('\n')).toEqual([]);
  }
  const view = (name: string) => page.getByRole('navigation').getByRole('button', { name, exact: true }).click();

  it('Traffic, empty of a selection', async () => {
    await expectAccessible('Traffic');
  });

  it('Traffic with no exchange matching the filter', async () => {
    await page.getByLabel('Filter').fill('no-exchange-says-this');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(() => page.getByTestId('traffic-row').count()).toBe(0);
    await expectAccessible('Traffic, nothing matching');
    await page.getByLabel('Filter').fill('');
    await page.getByLabel('Filter').press('Enter');
    await page.getByTestId('traffic-row').nth(5).waitFor();
  });

  it('Traffic with an exchange open, on each detail tab', async () => {
    await page.getByTestId('traffic-row').filter({ hasText: 'PATCH' }).click();
    await expect.poll(() => page.getByTestId('operation').textContent()).toContain('jane@example.com');
    const tabs = await page.getByRole('tab').allTextContents();
    expect(tabs.length).toBeGreaterThanOrEqual(7);
    for (const name of tabs) {
      await page.getByRole('tab', { name }).click();
      await expect.poll(() => page.getByRole('tab', { name }).getAttribute('aria-selected')).toBe('true');
      if (name === 'Replay') {
        await page.getByRole('tabpanel').getByRole('button', { name: 'Replay', exact: true }).click();
        await expect.poll(() => page.getByTestId('replay-result').count()).toBe(1);
      }
      // The rest of the page is the one checked above; only the detail changes from tab to tab.
      await expectAccessible(`Traffic, ${name} tab`, name === tabs[0] ? undefined : 'aside.detail');
    }
  });

  it('Resources with a user open', async () => {
    await view('Resources');
    await page.getByTestId('resource-row').filter({ hasText: 'jane@example.com' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Versions' }).getByRole('listitem').count()).toBe(2);
    await expectAccessible('Resources');
  });

  it('Mappings', async () => {
    await view('Mappings');
    await expect.poll(() => page.getByRole('region', { name: 'App view' }).getByTestId('app-user').count()).toBeGreaterThan(0);
    await expectAccessible('Mappings');
  });

  it('Replay, after a replay ran', async () => {
    await view('Replay');
    const replay = page.getByRole('main', { name: 'Replay' });
    await replay.getByRole('button', { name: 'Start replay' }).click();
    await expect.poll(() => replay.getByTestId('replay-progress').textContent(), { timeout: 20_000 }).toMatch(/· done$/);
    await expectAccessible('Replay');
  });

  it('Simulate, after a simulated scenario ran', async () => {
    await view('Simulate');
    const simulator = page.getByRole('region', { name: 'IdP simulator' });
    await simulator.getByLabel('People').fill('2');
    await simulator.getByRole('button', { name: 'Run scenario' }).click();
    await expect.poll(() => simulator.getByTestId('simulation-result').count(), { timeout: 20_000 }).toBe(1);
    await expectAccessible('Simulate');
  });

  it('Connection', async () => {
    await view('Connection');
    await expect.poll(() => page.getByTestId('scim-base-url').count()).toBe(1);
    await expectAccessible('Connection');
  });

  it('the keyboard shortcuts overlay', async () => {
    await view('Traffic');
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true);
    await expectAccessible('Keyboard shortcuts');
    // It opens from the header, dark in both themes, yet follows the page's: light once Light is picked (no sideways scroll either).
    await page.getByLabel('Theme').selectOption('light');
    const look = await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).evaluate((dialog: any) => {
      const [red, green, blue] = ((globalThis as any).getComputedStyle(dialog).backgroundColor.match(/\d+/g) ?? []).map(Number);
      return { brightness: red! + green! + blue!, overflows: dialog.scrollWidth > dialog.clientWidth };
    });
    expect(look.brightness).toBeGreaterThan(600);
    expect(look.overflows).toBe(false);
    await page.getByLabel('Theme').selectOption('system');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
  });

  it('finds what it is there to find: a nameless button and unreadable text fail it', async () => {
    const control = await (await fixture.browser.newContext()).newPage();
    await control.setContent(
      '<html lang="en"><head><title>control</title></head><body><main>' +
        '<button><svg width="10" height="10"></svg></button>' +
        '<p style="color:#bbb;background:#fff">faint text</p></main></body></html>',
    );
    const found = await seriousViolations(control);
    expect(found.map((line) => line.split(' ')[0]).sort()).toEqual(['button-name', 'color-contrast']);
    await control.context().close();
  });
});

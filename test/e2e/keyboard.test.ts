import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * The inspector without the mouse, in Chromium against a real engine: `/` to the filter, ↓ into
 * the list, Enter into the detail, ←/→ through its tabs, the replay, Esc back; moving through the
 * list with ↑/↓/Home/End/PageDown; the Resources list the same way; `?` for the shortcuts overlay.
 * Every step is a key press; where the test looks, it asks which element has focus.
 */
if (chromiumMissing) console.log(`Keyboard e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`the inspector by keyboard${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  const okta = { 'user-agent': 'Okta SCIM Client' };
  const people = ['ada', 'bob', 'cyd', 'dee', 'eve'];
  beforeAll(async () => {
    fixture = await startInspector();
    for (const name of people) await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: `${name}@example.com` }, okta);
    const jane = await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'jane@example.com', name: { givenName: 'Jane' } }, okta);
    await fixture.scim.request(
      'PATCH',
      `/Users/${jane.body.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Janet' }] },
      okta,
    );
    ({ page } = await reusableTab(fixture, { viewport: { width: 1440, height: 900 } }));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
    // Every seeded exchange is listed: the five users, Jane and her change.
    await page
      .getByTestId('traffic-row')
      .nth(people.length + 1)
      .waitFor();
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const focused = () => page.locator(':focus');
  const rows = () => page.getByTestId('traffic-row');
  const selectedRowText = () => page.locator('[data-testid="traffic-row"][aria-selected="true"]').textContent();
  const operation = () => page.getByTestId('operation').textContent();

  it('walks filter → row → detail tabs → replay → back to the list without the mouse', async () => {
    await page.keyboard.press('/');
    await expect.poll(() => focused().getAttribute('aria-label')).toBe('Filter');
    await page.keyboard.type('method:PATCH');
    // ↓ applies the filter and goes to the list: its first row, the only PATCH.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows().allTextContents()).toEqual([expect.stringContaining('PATCH')]);
    await expect.poll(() => focused().getAttribute('data-testid')).toBe('traffic-row');
    expect(await focused().textContent()).toContain('PATCH');

    // Enter opens the exchange and puts focus on its selected tab.
    await page.keyboard.press('Enter');
    await expect.poll(operation).toContain('jane@example.com');
    await expect.poll(() => focused().getAttribute('role')).toBe('tab');
    expect(await focused().textContent()).toBe('Summary');

    // → through every tab: each one shown as it gets focus, the panel labelled by it.
    const tabs = ['Request', 'Response', 'Headers', /^Changes/, /^Verdicts/, 'App effect', 'Replay'];
    for (const name of tabs) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => focused().textContent()).toMatch(name);
      expect(await focused().getAttribute('aria-selected')).toBe('true');
      const tabId = await focused().getAttribute('id');
      expect(await page.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabId);
    }
    // ← goes back a tab; → wraps from the last tab to the first, and ← from the first to the last.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focused().textContent()).toBe('App effect');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused().textContent()).toBe('Summary');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focused().textContent()).toBe('Replay');

    // Tab goes into the panel, then to its first button: Replay.
    await page.keyboard.press('Tab');
    expect(await focused().getAttribute('role')).toBe('tabpanel');
    await page.keyboard.press('Tab');
    expect(await focused().textContent()).toBe('Replay');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('replay-result').textContent()).toContain('Same answer as recorded.');

    // The replay's own PATCH arrives above the row; Esc still goes back to the row of the open exchange.
    await expect.poll(() => rows().count()).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused().getAttribute('aria-selected')).toBe('true');
    expect(await focused().textContent()).toContain('PATCH');
    expect(await focused().getAttribute('aria-rowindex')).toBe('3');

    // "Open the new exchange" from the replay's result: its button goes away as the new exchange opens,
    // and Esc, with nothing focused, finds the list again, on the new exchange's row.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused().textContent()).toBe('Replay');
    for (let n = 0; n < 4; n++) await page.keyboard.press('Tab');
    expect(await focused().textContent()).toMatch(/^Open the new exchange #\d+$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'Summary' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate('document.activeElement === document.body')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused().getAttribute('aria-rowindex')).toBe('2');
    expect(await focused().getAttribute('aria-selected')).toBe('true');

    // Esc in the list closes the detail; Esc again (nothing open) clears the filter.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByText('Select an exchange to see what it did.').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => rows().count()).toBe(people.length + 3);
    expect(await page.getByLabel('Filter').inputValue()).toBe('');
  });

  it('moves through the list with ↑/↓/Home/End/PageDown, the detail following', async () => {
    // Newest first: the replay's PATCH, Jane's PATCH, Jane's creation, then the five users, newest first.
    const userRow = (name: string) => `Okta created user ${name}@example.com`;
    // ↓ from the filter box goes back to the row the keyboard was on: the replay's PATCH, on top.
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused().getAttribute('aria-rowindex')).toBe('2');
    expect(await focused().textContent()).toContain('PATCH');
    await page.keyboard.press('End');
    await expect.poll(selectedRowText).toContain(userRow(people[0]!));
    expect(await focused().textContent()).toContain(userRow(people[0]!));
    // Enter goes to the detail's selected tab, Summary; End and Home go to its last and first tabs.
    await page.keyboard.press('Enter');
    await expect.poll(() => focused().textContent()).toBe('Summary');
    await page.keyboard.press('End');
    await expect.poll(() => focused().textContent()).toBe('Replay');
    expect(await page.getByRole('tab', { name: 'Replay' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    await expect.poll(operation).toContain(userRow(people[0]!));
    expect(await focused().textContent()).toBe('Summary');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused().getAttribute('aria-rowindex')).toBe(String(people.length + 4));
    await page.keyboard.press('ArrowUp');
    await expect.poll(operation).toContain(userRow(people[1]!));
    await expect.poll(selectedRowText).toContain(userRow(people[1]!));
    await page.keyboard.press('Home');
    await expect.poll(() => focused().getAttribute('aria-rowindex')).toBe('2');
    // The replay's PATCH, sent by the workbench.
    await expect.poll(operation).toMatch(/^Workbench updated user/);
    // A screenful holds every row here: PageDown goes to the last one.
    await page.keyboard.press('PageDown');
    await expect.poll(operation).toContain(userRow(people[0]!));
    // Only the focused row is a tab stop.
    expect(await page.locator('[data-testid="traffic-row"][tabindex="0"]').count()).toBe(1);
  });

  it('opens a resource from the Resources list by keyboard and comes back with Esc', async () => {
    await page.getByRole('button', { name: 'Resources', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('resource-row').nth(people.length).waitFor();
    await page.keyboard.press('/');
    await expect.poll(() => focused().getAttribute('aria-label')).toBe('Search resources');
    await page.keyboard.type('e@example');
    await page.keyboard.press('ArrowDown');
    // Matches dee@, eve@ and jane@ (in the order the engine lists them).
    await expect.poll(() => page.getByTestId('resource-row').count()).toBe(3);
    await expect.poll(() => focused().getAttribute('data-testid')).toBe('resource-row');
    const [first, second] = await page.getByTestId('resource-row').allTextContents();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused().getAttribute('aria-label')).toBe('Resource history');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused().textContent()).toBe(first);
    expect(await focused().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[data-testid="resource-row"][aria-selected="true"]').textContent()).toBe(second);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByText('Select a resource to see its history.').count()).toBe(1);
    await page.getByRole('button', { name: 'Traffic', exact: true }).focus();
    await page.keyboard.press('Enter');
  });

  it('keeps focus in the filter box when ↓ finds nothing, also once Esc brings the rows back', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('no-exchange-says-this');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows().count()).toBe(0);
    expect(await focused().getAttribute('aria-label')).toBe('Filter');
    await page.keyboard.press('Escape');
    await expect.poll(() => rows().count()).toBe(people.length + 3);
    expect(await focused().getAttribute('aria-label')).toBe('Filter');
    expect(await page.getByLabel('Filter').inputValue()).toBe('');
  });

  it('opens the shortcuts overlay with ?, closes it with Esc, and leaves ? to the filter box while typing', async () => {
    // From the list (the filter box above has focus; ? there is text).
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused().getAttribute('data-testid')).toBe('traffic-row');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.textContent()).toContain('Previous / next tab');
    // Focus is in the overlay (a modal dialog).
    expect(await focused().textContent()).toBe('Close');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);
    // Focus is back where it was.
    expect(await focused().getAttribute('data-testid')).toBe('traffic-row');

    await page.keyboard.press('/');
    await page.keyboard.type('what?');
    expect(await page.getByLabel('Filter').inputValue()).toBe('what?');
    expect(await help.isVisible()).toBe(false);
    await page.keyboard.press('Escape');
    expect(await page.getByLabel('Filter').inputValue()).toBe('');
  });
});

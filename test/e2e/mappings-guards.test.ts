import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * The Mappings view keeps unsaved edits unless the user discards them: leaving the view or the
 * workspace asks in the inspector's own dialog (cancel stays, with the edit), an "Unsaved changes"
 * marker sits beside Save, the preview lists only values that change, and every setting of the
 * view (the workspace's "returning user" one included) is saved by Save, not on change.
 */
if (chromiumMissing) console.log(`Mappings guards e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`unsaved mapping changes${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'ada@example.com' }, { 'user-agent': 'Okta SCIM Client' });
    ({ page } = await reusableTab(fixture, { viewport: { width: 1440, height: 900 } }));
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const adminApi = async (path: string) =>
    (await fetch(`${fixture.origin}/api${path}`, { headers: { authorization: `Bearer ${fixture.adminToken}` } })).json() as Promise<any>;
  const editor = () => page.getByRole('region', { name: 'Mapping editor' });
  const marker = () => editor().getByTestId('unsaved-marker');
  const dialog = () => page.getByRole('dialog');
  const openMappings = async () => {
    await page.goto(fixture.inspectorUrl);
    await page.getByRole('button', { name: 'Mappings' }).click();
    await editor().getByLabel('App field 1').waitFor();
  };

  it('asks before a view change drops an edit: cancel keeps it, discard drops it', async () => {
    await openMappings();
    await expect.poll(() => marker().count()).toBe(0);
    const saved = await editor().getByLabel('App field 1').inputValue();
    await editor().getByLabel('App field 1').fill('handle');
    await expect.poll(() => marker().textContent()).toBe('Unsaved changes');

    await page.getByRole('button', { name: 'Traffic' }).click();
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('Discard unsaved mapping changes?');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Mappings' }).getAttribute('aria-pressed')).toBe('true');
    expect(await editor().getByLabel('App field 1').inputValue()).toBe('handle');
    expect(await marker().textContent()).toBe('Unsaved changes');

    // Editing it back to the saved value is no change: no marker, and leaving does not ask.
    await editor().getByLabel('App field 1').fill(saved);
    await expect.poll(() => marker().count()).toBe(0);
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Resources' }).getAttribute('aria-pressed')).toBe('true');
    expect(await dialog().isVisible()).toBe(false);

    await page.getByRole('button', { name: 'Mappings' }).click();
    await editor().getByLabel('App field 1').fill('handle');
    await page.getByRole('button', { name: 'Traffic' }).click();
    await dialog().getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Traffic' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Mappings' }).click();
    await expect.poll(() => editor().getByLabel('App field 1').inputValue()).toBe(saved);
    expect(await marker().count()).toBe(0);
    expect((await adminApi('/workspaces/default/mappings')).attributes[0].appField).toBe(saved);
  });

  it('asks before a workspace change drops an edit, and stays on the workspace on cancel', async () => {
    const created = await fetch(`${fixture.origin}/api/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'other' }),
    });
    expect(created.status).toBe(201);
    await openMappings();
    await editor().getByLabel('App field 1').fill('handle');
    await page.getByLabel('Workspace', { exact: true }).selectOption('other');
    await expect.poll(() => dialog().getByRole('heading').textContent()).toBe('Discard unsaved mapping changes?');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue()).toBe('default');
    expect(await editor().getByLabel('App field 1').inputValue()).toBe('handle');

    await page.getByLabel('Workspace', { exact: true }).selectOption('other');
    await dialog().getByRole('button', { name: 'Discard changes' }).click();
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue()).toBe('other');
    await expect.poll(() => marker().count()).toBe(0);
  });

  it('holds the tab or window closing with unsaved edits (beforeunload), and only then', async () => {
    await openMappings();
    // A cancellable beforeunload as the browser sends it on close: prevented means the browser asks.
    const closingIsHeld = () =>
      page.evaluate<boolean>(
        "(() => { const event = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(event); return event.defaultPrevented; })()",
      );
    expect(await closingIsHeld()).toBe(false);
    await editor().getByLabel('App field 1').fill('handle');
    await expect.poll(() => marker().count()).toBe(1);
    expect(await closingIsHeld()).toBe(true);
    await page.getByRole('button', { name: 'Traffic' }).click();
    await dialog().getByRole('button', { name: 'Discard changes' }).click();
    expect(await closingIsHeld()).toBe(false);
  });

  it('previews only values that change: a rule that fills nothing is no change', async () => {
    await openMappings();
    // ada has no title: the new field is empty before and after, so no app record changes.
    await editor().getByRole('button', { name: 'Add attribute rule' }).click();
    const row = (
      await editor()
        .getByLabel(/^SCIM path \d+$/)
        .count()
    ).toString();
    await editor().getByLabel(`SCIM path ${row}`).fill('title');
    await editor().getByLabel(`App field ${row}`).fill('jobTitle');
    await expect.poll(() => editor().getByRole('button', { name: 'Preview' }).isDisabled()).toBe(false);
    await editor().getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => editor().getByTestId('preview').textContent()).toMatch(/^No app record would change/);
    expect(await editor().getByTestId('preview').textContent()).not.toContain('null → null');

    // With a default the field gets a value: that one change is listed, and only it.
    await editor().getByLabel(`Default ${row}`).fill('Staff');
    await expect.poll(() => editor().getByTestId('preview').count()).toBe(0);
    await editor().getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => editor().getByTestId('preview').textContent()).toContain('ada@example.com: jobTitle null → "Staff"');
    expect(await editor().getByTestId('preview').textContent()).not.toContain('null → null');
    await page.getByRole('button', { name: 'Traffic' }).click();
    await dialog().getByRole('button', { name: 'Discard changes' }).click();
  });

  it('saves the returning-user setting with Save, like the mappings, and not on change', async () => {
    await openMappings();
    const before = (await adminApi('/workspaces/default/settings')).reprovision;
    const choice = before === 'conflict' ? 'off' : 'conflict';
    await editor().getByLabel('Returning user').selectOption(choice);
    await expect.poll(() => marker().textContent()).toBe('Unsaved changes');
    expect((await adminApi('/workspaces/default/settings')).reprovision).toBe(before);

    await editor().getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor().getByRole('status').textContent()).toContain('Saved.');
    await expect.poll(() => marker().count()).toBe(0);
    expect((await adminApi('/workspaces/default/settings')).reprovision).toBe(choice);
    // No question on leaving: everything is saved.
    await page.getByRole('button', { name: 'Traffic' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Traffic' }).getAttribute('aria-pressed')).toBe('true');
    expect(await dialog().isVisible()).toBe(false);
  });
});

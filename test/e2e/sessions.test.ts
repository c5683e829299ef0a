import { readFileSync } from 'node:fs';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { exportSession } from '../../src/engine/recorder/session-export';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * Sessions in the inspector (Chromium, Playwright, a real engine): the traffic list shows the live
 * session by default; Clear starts a new one and empties the list; any past, imported or replayed
 * session can be picked, or all of them (with a Session column); imports (file picker and
 * drag-and-drop) and replays never take live recording away from the live session.
 */
if (chromiumMissing) console.log(`Sessions e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`sessions in the inspector${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'first.session@example.com' }, { 'user-agent': 'Okta SCIM Client' });
    ({ page } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const recordings = () => fixture.scim.app.workbench.recordings;
  const rows = () => page.getByTestId('traffic-row');
  const picker = () => page.getByRole('combobox', { name: 'Session', exact: true });
  const rowTexts = () => rows().allTextContents();
  /** Picks the picker's option whose text starts with `label`. */
  const pick = async (label: string) => {
    const option = picker().locator('option').filter({ hasText: label }).first();
    await picker().selectOption((await option.getAttribute('value'))!);
  };
  const optionTexts = () => picker().locator('option').allTextContents();
  const get = (path: string) => fixture.scim.request('GET', path);

  it('opens on the live session; Clear empties the list at once and the next request appears in it', async () => {
    await expect.poll(() => rowTexts()).toEqual([expect.stringContaining('first.session@example.com')]);
    expect(await picker().inputValue()).toBe('live');
    await expect.poll(() => optionTexts()).toContain('Live: Session 1 (1 exchange)');
    expect(await page.locator('header .session').textContent()).toBe('Recording into: Session 1');

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows().count()).toBe(0);
    await expect.poll(() => page.locator('header .session').textContent()).toBe('Recording into: Session 2');
    await get('/Users?filter=userName%20eq%20%22after.clear%40example.com%22');
    await expect.poll(() => rowTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('after.clear')]);
    await expect.poll(() => optionTexts()).toContain('Live: Session 2 (1 exchange)');
  });

  it('shows exactly the rows of an older session when it is picked, and every session with a Session column', async () => {
    await get('/Groups?count=2');
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(2);
    // An exchange open in the detail belongs to the session shown: another session closes it.
    await rows().first().click();
    const detail = page.getByRole('complementary', { name: 'Exchange detail' });
    await detail.waitFor();
    await pick('Session 1 (');
    await expect.poll(() => detail.count()).toBe(0);
    expect(await page.locator('aside.detail.empty').textContent()).toBe('Select an exchange to see what it did.');
    await expect.poll(() => rowTexts()).toEqual([expect.stringContaining('first.session@example.com')]);
    expect(await page.locator('.traffic-head').textContent()).not.toContain('Session');

    await pick('All sessions');
    await expect.poll(() => rows().count()).toBe(3);
    expect(await page.locator('.traffic-head').textContent()).toMatch(/^Session/);
    const sessionCells = await page.locator('[data-testid="traffic-row"] .session-name').allTextContents();
    expect(sessionCells).toEqual(['Session 2', 'Session 2', 'Session 1']);

    await pick('Live:');
    await expect.poll(() => rows().count()).toBe(2);
    expect(await page.locator('.traffic-head').textContent()).not.toContain('Session');
  });

  it('imports a session file from the file picker as an imported session; live traffic afterwards stays in the live session', async () => {
    const file = await exportedSessionFile(
      recordings()
        .sessions()
        .find((session) => session.name === 'Session 1')!.id,
    );
    await page
      .getByLabel('Import a session file or HAR')
      .setInputFiles({ name: 'first.scim-session.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect.poll(() => optionTexts()).toContain('Session 1 — imported (1 exchange)');
    // The list shows what was imported.
    await expect.poll(async () => (await picker().locator('option:checked').textContent()) ?? '').toBe('Session 1 — imported (1 exchange)');
    await expect.poll(() => rowTexts()).toEqual([expect.stringContaining('first.session@example.com')]);
    // An imported session takes no traffic: nothing to pause or follow, and it does not say "live".
    expect(await page.locator('.live').textContent()).toBe('imported');
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);

    await get('/Users?filter=userName%20eq%20%22after.import%40example.com%22');
    const live = recordings().currentSessionId();
    await expect.poll(() => optionTexts(), { timeout: 10_000 }).toContain('Live: Session 2 (3 exchanges)');
    expect(recordings().sessionExchanges(live).at(-1)!.request.url).toContain('after.import');
    expect(await rowTexts()).toEqual([expect.stringContaining('first.session@example.com')]);
    await pick('Live:');
    await expect
      .poll(() => rowTexts())
      .toEqual([expect.stringContaining('after.import'), expect.stringContaining('/Groups'), expect.stringContaining('after.clear')]);
    expect(await page.locator('header .session').textContent()).toBe('Recording into: Session 2');
  });

  it('imports a HAR dropped onto the traffic list, and says clearly when a dropped file is not one', async () => {
    const harText = await exportedText(recordings().currentSessionId(), 'har');
    await drop('live.har', harText);
    await expect.poll(() => optionTexts(), { timeout: 10_000 }).toContain('Session 2 — imported (3 exchanges)');
    await expect.poll(() => rows().count()).toBe(3);

    // An empty one says so, without inviting anyone to point an IdP at a file.
    await drop('empty.har', JSON.stringify({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] } }));
    await expect.poll(() => page.locator('.traffic .empty-state').textContent(), { timeout: 10_000 }).toBe('This imported session has no exchanges.');

    await drop('picture.png', '\u0089PNG not a session');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('picture.png: Cannot import: the file is not JSON');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await pick('Live:');
  });

  it('renames, exports and deletes a session from the picker, asking before the delete', async () => {
    await pick('Session 1 — imported');
    await page.getByRole('button', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: 'New name of the session' });
    await rename.getByRole('textbox').fill('Okta run from Monday');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => optionTexts()).toContain('Okta run from Monday — imported (1 exchange)');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('Okta-run-from-Monday.scim-session.json');
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(saved).toMatchObject({ format: 'scim-workbench-session', session: { name: 'Okta run from Monday' } });
    expect(saved.exchanges).toHaveLength(1);
    expect(download.url()).not.toContain('token');

    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('dialog', { name: 'Delete the session "Okta run from Monday"?' }).getByRole('button', { name: 'Cancel' }).click();
    expect(
      recordings()
        .sessions()
        .some((session) => session.name === 'Okta run from Monday'),
    ).toBe(true);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('dialog', { name: 'Delete the session "Okta run from Monday"?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => optionTexts()).not.toContain('Okta run from Monday — imported (1 exchange)');
    // The list goes back to the live session.
    expect(await picker().inputValue()).toBe('live');
    await expect.poll(() => rows().count()).toBe(3);
  });

  it('lists a replay as its own session; a request sent after it shows in the live session, not the replay', async () => {
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const view = page.getByRole('main', { name: 'Replay' });
    const replayed = view.getByLabel('Session');
    await replayed.selectOption(
      (await replayed
        .locator('option')
        .filter({ hasText: /^Session 2 \(/ })
        .getAttribute('value'))!,
    );
    await view.getByRole('button', { name: 'Start replay' }).click();
    await expect.poll(() => view.getByTestId('replay-progress').textContent(), { timeout: 20_000 }).toMatch(/· done$/);
    await page.getByRole('button', { name: 'Traffic' }).click();
    await expect.poll(() => optionTexts(), { timeout: 10_000 }).toContain('Replay of Session 2 — replay (3 exchanges)');
    expect(await page.locator('header .session').textContent()).toBe('Recording into: Session 2');

    await get('/Users?filter=userName%20eq%20%22after.replay%40example.com%22');
    await expect.poll(() => rows().first().textContent(), { timeout: 10_000 }).toContain('after.replay');
    await expect.poll(() => rows().count()).toBe(4);
    await pick('Replay of Session 2');
    await expect.poll(() => rows().count()).toBe(3);
    expect((await rowTexts()).join('\n')).not.toContain('after.replay');
    await pick('Live:');
  });

  it('deleting the live session starts a new one: the list empties and the next request lands there', async () => {
    const before = recordings().currentSessionId();
    const name = recordings().session(before)!.name;
    await page.getByRole('button', { name: 'Delete…' }).click();
    const ask = page.getByRole('dialog', { name: `Delete the session "${name}"?` });
    expect(await ask.textContent()).toContain('The next requests are recorded into a new session.');
    await ask.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows().count()).toBe(0);
    await expect.poll(() => recordings().currentSessionId()).not.toBe(before);
    const next = recordings().session(recordings().currentSessionId())!.name;
    await expect.poll(() => page.locator('header .session').textContent()).toBe(`Recording into: ${next}`);
    await get('/Users?filter=userName%20eq%20%22after.delete%40example.com%22');
    await expect.poll(() => rowTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('after.delete')]);
  });

  /** A session as the admin API exports it. */
  async function exportedText(sessionId: number, format: 'json' | 'har'): Promise<string> {
    let text = '';
    for await (const chunk of exportSession(recordings(), sessionId, format, { creatorVersion: 'e2e' }).chunks) text += chunk;
    return text;
  }
  function exportedSessionFile(sessionId: number): Promise<string> {
    return exportedText(sessionId, 'json');
  }

  /** Drops a file onto the traffic list as a user dragging it from the desktop would. */
  async function drop(name: string, text: string): Promise<void> {
    const zone = page.getByTestId('import-drop-zone');
    const dataTransfer = await page.evaluateHandle(
      ([fileName, content]) => {
        // Runs in the page: its DOM types are not in the tests' (Node) type library.
        const { DataTransfer: Transfer, File: PageFile } = globalThis as any;
        const transfer = new Transfer();
        transfer.items.add(new PageFile([content!], fileName!, { type: 'application/json' }));
        return transfer;
      },
      [name, text],
    );
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
  }
});

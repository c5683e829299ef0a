import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/engine';
import { URN } from '../../src/engine/scim/urns';
import { tempDir } from '../support/cli';
import { CHROMIUM, chromiumMissing, inspectorBrowser, sharedInspectorBuild } from '../support/inspector';
import { startScimServer } from '../support/scim-server';

/**
 * An inspector tab left open across `serve` restarts: the engine stops (the header says so and the
 * tab keeps trying), starts again on the same database — hence the same admin port and token —
 * and the tab is live again by itself, with what was recorded meanwhile; a restart with a new admin
 * token is said plainly instead of retried for ever.
 */
if (chromiumMissing) console.log(`Reconnect e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)('inspector tab across engine restarts, in Chromium', () => {
  let dir: ReturnType<typeof tempDir>;
  let inspector: { dir: string };
  let browser: Browser;
  let page: Page;
  let engine: RunningEngine | undefined;

  // As `serve` starts it: admin port and token remembered in the database.
  const start = (adminToken: 'remembered' | 'new-remembered' = 'remembered') =>
    startEngine({ dbPath: join(dir.path, 'w.db'), port: 0, adminPort: 'remembered', adminToken, inspectorDir: inspector.dir, logDir: false });

  async function provision(userName: string, baseUrl = engine!.scimBaseUrl, token = engine!.token) {
    const response = await fetch(`${baseUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client' },
      body: JSON.stringify({ schemas: [URN.user], userName }),
    });
    expect(response.status).toBe(201);
  }

  const row = (text: string) => page.getByTestId('traffic-row').filter({ hasText: text });

  beforeAll(async () => {
    dir = tempDir();
    inspector = await sharedInspectorBuild();
    browser = await inspectorBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    // The page's timers on a clock the test can move on (it runs in real time until then).
    await page.clock.install();
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
    await engine?.close();
    dir?.remove();
  });

  it('says the engine stopped, reconnects when it is back, reloads what it missed, and is live again', async () => {
    engine = await start();
    const inspectorUrl = engine.inspectorUrl;
    await page.goto(inspectorUrl);
    await provision('before.stop@example.com');
    await row('before.stop@example.com').waitFor();
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');

    await engine.close();
    engine = undefined;
    await page.getByRole('status').filter({ hasText: 'Engine stopped — reconnecting…' }).waitFor();
    await expect.poll(() => page.locator('.live').textContent()).toBe('reconnecting…');
    // A view that asks the engine meanwhile says why it got nothing, not fetch's "Failed to fetch".
    await page.getByRole('button', { name: 'Resources', exact: true }).click();
    await expect.poll(() => page.locator('.resources').getByRole('alert').textContent()).toContain('The engine cannot be reached');
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();

    // Recorded while the tab was cut off (another process on the same database): no feed carries it.
    const meanwhile = await startScimServer({ dbPath: join(dir.path, 'w.db') });
    await meanwhile.request('POST', '/Users', { schemas: [URN.user], userName: 'while.away@example.com' }, { 'user-agent': 'Okta SCIM Client' });
    await meanwhile.close();

    engine = await start();
    expect(engine.inspectorUrl).toBe(inspectorUrl);
    await page.getByRole('status').filter({ hasText: 'Reconnected' }).waitFor();
    await row('while.away@example.com').waitFor();
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');

    await provision('after.restart@example.com');
    await row('after.restart@example.com').waitFor();
    // The restarted engine serves SCIM on another port (port 0 here): a copied command goes there, not to the old one.
    await row('after.restart@example.com').click();
    await page.getByRole('tab', { name: 'Request' }).click();
    await page.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect.poll(() => page.getByTestId('copied-request').getAttribute('data-copied')).toContain(new URL(engine.scimBaseUrl).origin);
    // "Reconnected" is shown for a moment, then only the live indicator remains: the moment
    // (seconds) passed on the page's clock rather than waited out.
    await page.clock.fastForward('00:05');
    await page.getByRole('status').filter({ hasText: 'Reconnected' }).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
  });

  it('after a restart with a new admin token, says to open the new Inspector URL instead of retrying', async () => {
    const oldUrl = engine!.inspectorUrl;
    await engine!.close();
    engine = undefined;
    await page.getByRole('status').filter({ hasText: 'Engine stopped — reconnecting…' }).waitFor();

    engine = await start('new-remembered');
    expect(engine.inspectorUrl).not.toBe(oldUrl);
    await expect
      .poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 })
      .toBe('The engine restarted with a new admin token: open the Inspector URL it printed.');
    expect(await page.getByText('Reconnected').count()).toBe(0);

    // The URL it printed works in the same tab.
    await page.goto(engine.inspectorUrl);
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
    await provision('new.token@example.com');
    await row('new.token@example.com').waitFor();
  });
});

import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace, fixtureAdminApi, startLiveSession } from '../support/inspector-workspace';

/**
 * Faulted traffic after a round trip through a session file, in Chromium against a real engine: the
 * imported session's list marks the exchange a rule answered, its detail says what was injected and
 * shows the body the IdP sent, and `has:fault` in the filter box lists only it.
 */
if (chromiumMissing) console.log(`Imported faults e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`faulted exchanges of an imported session${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  const api = fixtureAdminApi(() => fixture);
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fixture = await startInspector();
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  afterEach(async () => {
    await page?.context().close();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('marks the exchange a rule answered, says what was injected, and finds it with has:fault', async () => {
    const workspace = await createTestWorkspace(fixture, 'faults-imported');
    await startLiveSession(fixture);
    const rule = await api('POST', `/workspaces/${workspace.slug}/faults`, {
      name: 'Throttle creates',
      match: { methods: ['POST'], resourceTypes: ['Users'] },
      action: { kind: 'status', status: 429, retryAfterSeconds: 3 },
    });
    expect(rule.status, rule.text).toBe(201);
    const okta = { 'user-agent': 'Okta SCIM Client' };
    expect((await workspace.request('GET', '/Users?filter=userName%20eq%20%22imported.jane%40example.com%22', undefined, okta)).status).toBe(200);
    expect((await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'imported.jane@example.com' }, okta)).status).toBe(429);
    // The rules go, so that nothing on screen comes from them but the imported marks.
    expect((await api('PUT', `/workspaces/${workspace.slug}/faults`, { scimWorkbenchFaults: 1, rules: [] })).status).toBe(200);
    const live = fixture.scim.app.workbench.recordings.currentSessionId();
    await expect.poll(() => fixture.scim.app.workbench.recordings.sessionExchanges(live).length).toBe(2);
    const exported = await api('GET', `/sessions/${live}/export?format=json`);
    expect(exported.status).toBe(200);

    page = await (await fixture.browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${error.stack ?? ''}`));
    await page.goto(workspace.inspectorUrl);
    await page
      .getByLabel('Import a session file or HAR')
      .setInputFiles({ name: 'faulted.scim-session.json', mimeType: 'application/json', buffer: Buffer.from(exported.text) });
    const picker = page.getByRole('combobox', { name: 'Session', exact: true });
    await expect.poll(async () => (await picker.locator('option:checked').textContent()) ?? '').toMatch(/— imported \(2 exchanges\)$/);
    const rows = page.getByTestId('traffic-row');
    await expect.poll(() => rows.count()).toBe(2);

    const mark = page.getByRole('img', { name: 'fault injected: 429' });
    expect(await mark.count()).toBe(1);
    await rows.filter({ has: mark }).click();
    await expect.poll(() => page.getByTestId('injected-fault').textContent()).toContain('rule “Throttle creates”');
    expect(await page.getByTestId('injected-fault').textContent()).toMatch(/^error status.*429.*Retry-After: 3/);
    await page.getByRole('tab', { name: 'Request' }).click();
    await expect.poll(() => page.locator('.detail').innerText()).toContain('imported.jane@example.com');

    await page.getByLabel('Filter').fill('has:fault');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByRole('img', { name: 'fault injected: 429' }).count()).toBe(1);
    await page.getByLabel('Filter').fill('fault:latency');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(() => rows.count()).toBe(0);
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultPreset } from '../../src/shared/faults';
import { URN } from '../../src/engine/scim/urns';
import { seriousViolations } from '../support/axe';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace, fixtureAdminApi, startLiveSession } from '../support/inspector-workspace';

/**
 * The chaos lab in the inspector, in Chromium against a real engine over real HTTP: a rule added
 * from a preset in the Faults view faults the next SCIM request, the banner says faults are on in
 * every view, and Traffic marks the exchange and says what was injected; a request held by a
 * breakpoint appears live, its body is edited in the browser and released, and the client's
 * answer and the stored user carry the edit.
 */
if (chromiumMissing) console.log(`Faults e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`fault rules and breakpoints in the inspector${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  let resetTab: () => Promise<void>;
  const api = fixtureAdminApi(() => fixture);
  const okta = { 'user-agent': 'Okta SCIM Client' };
  // A render error unmounts the inspector: each test ends with none.
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fixture = await startInspector();
    // A tab made by newContext, not browser.newPage: axe-core asks for one.
    ({ page, reset: resetTab } = await reusableTab(fixture, { viewport: { width: 1440, height: 900 } }));
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${error.stack ?? ''}`));
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  afterEach(async () => {
    await resetTab();
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const openInspector = async (url: string) => {
    await page.goto(url);
    await page.getByRole('button', { name: 'Faults', exact: true }).click();
    await page.getByRole('heading', { name: /^Fault rules of workspace/ }).waitFor();
  };
  const banner = () => page.getByRole('region', { name: 'Faults on' });
  const ruleRows = () => page.getByTestId('fault-rule');

  it('adds a rule from a preset, which faults the next SCIM request: banner in every view, the exchange marked, the detail saying what was injected', async () => {
    const workspace = await createTestWorkspace(fixture, 'faults-preset');
    await startLiveSession(fixture);
    const presets = (await api<FaultPreset[]>('GET', '/faults/presets')).body;
    // The preset for a create refused as a duplicate: every POST /Users answered 409 uniqueness.
    const preset = presets.find((each) => each.id === 'conflict-cascade');
    expect(preset, JSON.stringify(presets.map((each) => each.id))).toBeDefined();
    await openInspector(workspace.inspectorUrl);
    expect(await banner().count()).toBe(0);

    await page.getByLabel('Preset', { exact: true }).selectOption({ label: preset!.name });
    await expect.poll(() => page.locator('#preset-description').textContent()).toBe(preset!.description);
    await page.getByRole('button', { name: 'Add from preset' }).click();
    const form = page.getByRole('form', { name: 'New fault rule' });
    expect(await form.getByLabel('Name').inputValue()).toBe(preset!.rule.name);
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => ruleRows().allTextContents()).toEqual([expect.stringContaining(preset!.rule.name)]);
    expect(await ruleRows().first().textContent()).toContain('Answer 409 Conflict (scimType uniqueness)');
    await expect.poll(() => banner().textContent()).toContain('Faults are on: 1 rule');

    // The request the preset is for, as Okta sends it.
    const jane = { schemas: [URN.user], userName: 'fault.jane@example.com' };
    const faulted = await workspace.request('POST', '/Users', jane, okta);
    expect(faulted.status).toBe(409);
    expect(faulted.body).toMatchObject({ schemas: [URN.error], scimType: 'uniqueness' });
    // The open Faults view follows the rule's counters as traffic arrives (fired of matched).
    await expect.poll(() => ruleRows().first().textContent()).toContain('1 of 1');

    // Every view says the faults are on.
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();
    await expect.poll(() => banner().textContent()).toContain('Faults are on: 1 rule');
    const mark = page.getByRole('img', { name: 'fault injected: 409' });
    await mark.waitFor();
    await page.getByTestId('traffic-row').filter({ has: mark }).click();
    await expect.poll(() => page.getByTestId('injected-fault').textContent()).toContain(`rule “${preset!.rule.name}”`);
    expect(await page.getByTestId('injected-fault').textContent()).toMatch(/^error status/);

    // Turned off from the banner: gone from every view, and the next request is answered by the engine.
    await banner().getByRole('button', { name: 'Turn all off' }).click();
    await expect.poll(() => banner().count()).toBe(0);
    expect((await workspace.request('POST', '/Users', jane, okta)).status).toBe(201);
  });

  it('switches a rule by keyboard and deletes it after asking', async () => {
    const workspace = await createTestWorkspace(fixture, 'faults-keys');
    const created = await api('POST', `/workspaces/${workspace.slug}/faults`, {
      name: 'Slow lookups',
      match: { methods: ['GET'] },
      action: { kind: 'latency', ms: 10 },
    });
    expect(created.status, created.text).toBe(201);
    await openInspector(workspace.inspectorUrl);
    await expect.poll(() => banner().textContent()).toContain('Faults are on: 1 rule');
    // `?` lists the view's keys.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(await help.getByRole('region', { name: 'Faults view' }).textContent()).toContain('Switch the rule on or off');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);

    await ruleRows().first().focus();
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByLabel('Enabled: Slow lookups').isChecked()).toBe(false);
    await expect.poll(() => banner().count()).toBe(0);
    expect((await api('GET', `/workspaces/${workspace.slug}/faults`)).body.rules[0].enabled).toBe(false);

    // The list and the rule form, in both colour schemes, have no serious accessibility problem.
    await page.getByRole('button', { name: 'Edit Slow lookups' }).click();
    await page.getByRole('form', { name: 'Edit rule Slow lookups' }).waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page, '.faults-view'), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    // Esc closes the form without saving, and focus goes back to the rule.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('form').count()).toBe(0);
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('fault-rule');

    await ruleRows().first().focus();
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete rule “Slow lookups”?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => ruleRows().count()).toBe(0);
    expect((await api('GET', `/workspaces/${workspace.slug}/faults`)).body.rules).toEqual([]);
  });

  it('holds a request at a breakpoint, whose body is edited in the browser and released: the client’s answer and the stored user carry the edit', async () => {
    const workspace = await createTestWorkspace(fixture, 'faults-held');
    await openInspector(workspace.inspectorUrl);

    // A breakpoint written in the form: POST to Users, held at the request, released by itself after a minute.
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New fault rule' });
    await form.getByLabel('Name').fill('Hold creates');
    await form
      .getByRole('group', { name: /^Method/ })
      .getByLabel('POST')
      .check();
    await form
      .getByRole('group', { name: /^Resource type/ })
      .getByLabel('Users')
      .check();
    await form.getByLabel('Does').selectOption('breakpoint');
    await form.getByLabel('Stop at').selectOption('request');
    await form.getByLabel('Release by itself after (s)').fill('60');
    await expect
      .poll(() => form.getByTestId('rule-preview').textContent())
      .toBe('POST to Users → Hold the request at a breakpoint (released as-is after 1 min)');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(() => ruleRows().allTextContents()).toEqual([expect.stringContaining('Hold creates')]);

    const answer = workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'held.jane@example.com', displayName: 'Jane Held' }, okta);
    const held = page.getByTestId('held-exchange');
    await held.waitFor();
    await expect.poll(() => page.getByTestId('held-notice').textContent()).toContain('1 request held');
    expect(await held.getByRole('heading').textContent()).toContain('POST');
    await expect.poll(() => held.getByTestId('held-countdown').textContent()).toMatch(/^Released as-is in \d+ s\.$/);

    // The page with the banner, the panel and its editor has no serious accessibility problem, in either scheme.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    const body = held.getByLabel('Request body (JSON)');
    const edited = (await body.inputValue()).replace('held.jane@example.com', 'edited.jane@example.com');
    await body.fill(edited);
    await held.getByRole('button', { name: 'Release edited' }).click();

    const created = await answer;
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe('edited.jane@example.com');
    await expect.poll(() => held.count()).toBe(0);
    await expect.poll(() => page.getByTestId('held-notice').count()).toBe(0);
    const stored = await workspace.request('GET', `/Users?filter=${encodeURIComponent('userName eq "edited.jane@example.com"')}`);
    expect(stored.body.totalResults).toBe(1);
    expect(stored.body.Resources[0].displayName).toBe('Jane Held');

    // The next one is failed from the browser with a chosen SCIM error: the client gets it, nothing is stored.
    const refused = workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'failed.joe@example.com' }, okta);
    await held.waitFor();
    await held.getByLabel('Fail with').selectOption('409');
    await held.getByLabel('scimType').selectOption('uniqueness');
    await held.getByRole('button', { name: 'Fail it' }).click();
    const answer2 = await refused;
    expect(answer2.status).toBe(409);
    expect(answer2.body).toMatchObject({ schemas: [URN.error], scimType: 'uniqueness' });
    await expect.poll(() => held.count()).toBe(0);
    expect((await workspace.request('GET', `/Users?filter=${encodeURIComponent('userName eq "failed.joe@example.com"')}`)).body.totalResults).toBe(0);
  });

  it('exports the rules as a file and imports a file in their place, after asking; a file that is not one changes nothing', async () => {
    const workspace = await createTestWorkspace(fixture, 'faults-file');
    const created = await api('POST', `/workspaces/${workspace.slug}/faults`, { name: 'Lying total', action: { kind: 'lie', lie: 'totalResults', value: 0 } });
    expect(created.status, created.text).toBe(201);
    await openInspector(workspace.inspectorUrl);
    await expect.poll(() => ruleRows().allTextContents()).toEqual([expect.stringContaining('Lying total')]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('faults-faults-file.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ scimWorkbenchFaults: 1, rules: [{ name: 'Lying total', action: { kind: 'lie', lie: 'totalResults', value: 0 } }] });

    const input = page.getByLabel('Import fault rules file');
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"rules": ') });
    await expect.poll(() => page.getByTestId('faults-message').textContent()).toMatch(/^broken\.json is not JSON: /);
    expect(await ruleRows().allTextContents()).toEqual([expect.stringContaining('Lying total')]);
    // A file the engine refuses: its problems are said, nothing changes.
    await input.setInputFiles({
      name: 'wrong.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ scimWorkbenchFaults: 1, rules: [{ name: 'Bad', action: { kind: 'status', status: 200 } }] })),
    });
    await page.getByRole('dialog', { name: 'Replace the rules?' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => page.getByTestId('faults-message').textContent()).toMatch(/^wrong\.json was not imported, nothing changed\..*rules\.0\.action/);
    expect(await ruleRows().allTextContents()).toEqual([expect.stringContaining('Lying total')]);

    const file = {
      scimWorkbenchFaults: 1,
      rules: [
        { name: 'Outage', action: { kind: 'status', status: 503, retryAfterSeconds: 30 } },
        { name: 'Slow groups', enabled: false, match: { resourceTypes: ['Groups'] }, action: { kind: 'latency', ms: 200 } },
      ],
    };
    await input.setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.getByRole('dialog', { name: 'Replace the rules?' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => page.getByTestId('faults-message').textContent()).toBe('Imported 2 rules from rules.json.');
    await expect
      .poll(() => ruleRows().allTextContents())
      .toEqual([expect.stringContaining('Answer 503 Service Unavailable with Retry-After: 30 s'), expect.stringContaining('Requests to Groups')]);
    await expect.poll(() => banner().textContent()).toContain('Faults are on: 1 rule');
    expect((await api('GET', `/workspaces/${workspace.slug}/faults`)).body.rules.map((rule: { name: string }) => rule.name)).toEqual(['Outage', 'Slow groups']);
  });

  it('holds the engine’s answer at a response breakpoint: its status and body edited in the browser are what the client gets', async () => {
    const workspace = await createTestWorkspace(fixture, 'faults-answer');
    const jane = await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'answer.jane@example.com', displayName: 'Jane Answer' });
    expect(jane.status).toBe(201);
    const created = await api('POST', `/workspaces/${workspace.slug}/faults`, {
      name: 'Hold user reads',
      match: { methods: ['GET'], path: '/Users/*', clients: ['okta'] },
      action: { kind: 'breakpoint', stage: 'response', timeoutMs: 60_000 },
    });
    expect(created.status, created.text).toBe(201);
    await openInspector(workspace.inspectorUrl);

    const read = workspace.request('GET', `/Users/${jane.body.id}`, undefined, okta);
    const held = page.getByTestId('held-exchange');
    await expect.poll(() => held.getByRole('heading').textContent()).toBe(`Answer 200 to GET ${new URL(workspace.scimBaseUrl).pathname}/Users/${jane.body.id}`);
    const body = held.getByLabel('Answer body (JSON)');
    expect(JSON.parse(await body.inputValue())).toMatchObject({ id: jane.body.id, displayName: 'Jane Answer' });
    // Not JSON: said, and nothing is released.
    await body.fill('{"displayName": ');
    await held.getByRole('button', { name: 'Release edited' }).click();
    await expect.poll(() => held.getByRole('alert').textContent()).toMatch(/^The body is not JSON: /);
    await body.fill(JSON.stringify({ ...jane.body, displayName: 'Jane Rewritten' }));
    await held.getByLabel('Status', { exact: true }).fill('202');
    // Ctrl+Enter in the editor releases it edited.
    await body.press('Control+Enter');
    const answer = await read;
    expect(answer.status).toBe(202);
    expect(answer.body.displayName).toBe('Jane Rewritten');
    await expect.poll(() => held.count()).toBe(0);
    // The stored user is untouched: only the answer was edited (read by another client, which the rule leaves alone).
    const stored = await workspace.request('GET', `/Users/${jane.body.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.displayName).toBe('Jane Answer');
  });
});

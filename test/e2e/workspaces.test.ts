import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * Workspaces in the inspector, in Chromium against a real engine: the header's picker (create,
 * switch, delete), every view following it, the pick kept in the URL across a reload, the
 * connection card of the picked workspace with its settings saved, and the demo switching to its
 * own workspace so that its users appear in Resources.
 */
if (chromiumMissing) console.log(`Workspaces e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`workspaces in the inspector${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  let demoToken: string;
  beforeAll(async () => {
    fixture = await startInspector();
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'default.dan@example.com' });
    // The demo workspace, provisioned over its own SCIM URL with its own token, as an IdP would.
    demoToken = fixture.scim.app.workbench.workspaces.create('demo', 'Demo').token;
    const created = await fixture.scim.request(
      'POST',
      `${fixture.scim.origin}/w/demo/scim/v2/Users`,
      { schemas: [URN.user], userName: 'demo.jane@example.com', name: { givenName: 'Jane', familyName: 'Demo' } },
      { authorization: `Bearer ${demoToken}` },
    );
    expect(created.status).toBe(201);
    ({ page } = await reusableTab(fixture));
    // A missing element fails the check in seconds, not after the test's whole timeout.
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const picker = () => page.getByLabel('Workspace', { exact: true });
  const resourceRows = () => page.getByTestId('resource-row');
  const workspaceParam = () => new URL(page.url()).searchParams.get('workspace');
  const adminApi = async (path: string) =>
    (await fetch(`${fixture.origin}/api${path}`, { headers: { authorization: 'Bearer e2e-admin-token' } })).json() as Promise<any>;

  it('opens on the default workspace, whose users Resources lists', async () => {
    await page.goto(fixture.inspectorUrl);
    await expect.poll(() => picker().inputValue()).toBe('default');
    expect(workspaceParam()).toBeNull();
    // No delete for the default workspace.
    expect(await page.getByRole('button', { name: 'Delete workspace' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => resourceRows().allTextContents()).toEqual([expect.stringContaining('default.dan@example.com')]);
  });

  it('picks the demo workspace: Resources, Mappings and the app view show its users, and the URL says so', async () => {
    await picker().selectOption('demo');
    await expect.poll(() => resourceRows().allTextContents()).toEqual([expect.stringContaining('demo.jane@example.com')]);
    expect(workspaceParam()).toBe('demo');
    // The token went into the session on first load and stays out of the address bar.
    expect(page.url()).not.toContain('token');

    await page.getByRole('button', { name: 'Mappings' }).click();
    const appView = page.getByRole('region', { name: 'App view' });
    await expect.poll(() => appView.getByTestId('app-user').allTextContents()).toEqual([expect.stringContaining('demo.jane@example.com')]);

    await page.getByRole('button', { name: 'Simulate' }).click();
    expect(await page.getByRole('region', { name: 'IdP simulator' }).getByLabel('Send to').inputValue()).toBe('demo');
    await page.getByRole('button', { name: 'Replay' }).click();
    expect(await page.getByLabel('Target').locator('option').allTextContents()).toContain('this workbench, into workspace “Demo” (picked above)');
  });

  it('keeps the picked workspace across a reload, and falls back to the default one, saying so, for an unknown one', async () => {
    await page.reload();
    await expect.poll(() => picker().inputValue()).toBe('demo');
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => resourceRows().allTextContents()).toEqual([expect.stringContaining('demo.jane@example.com')]);

    await page.goto(`${fixture.origin}/?workspace=no-such-place`);
    await expect
      .poll(() => page.getByTestId('workspace-note').textContent())
      .toBe('There is no workspace named “no-such-place”: showing the default workspace.');
    expect(await picker().inputValue()).toBe('default');
    expect(workspaceParam()).toBeNull();
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => resourceRows().allTextContents()).toEqual([expect.stringContaining('default.dan@example.com')]);
  });

  it("lists every workspace's traffic until only the picked one is asked for, and a typed workspace: says where to look", async () => {
    await picker().selectOption('demo');
    await page.getByRole('button', { name: 'Traffic' }).click();
    await page.getByRole('combobox', { name: 'Session', exact: true }).selectOption('all');
    const paths = () => page.getByTestId('traffic-row').locator('.path').allTextContents();
    await expect.poll(paths).toEqual(['/w/demo/scim/v2/Users', '/scim/v2/Users']);
    await page.getByLabel('Only workspace “demo”').check();
    await expect.poll(paths).toEqual(['/w/demo/scim/v2/Users']);
    // The box asks for the default workspace: it replaces the picked one rather than finding nothing.
    await page.getByLabel('Filter').fill('workspace:default');
    await page.getByLabel('Filter').press('Enter');
    await expect.poll(paths).toEqual(['/scim/v2/Users']);
    await page.getByLabel('Filter').fill('');
    await page.getByLabel('Filter').press('Enter');
    await page.getByLabel('Only workspace “demo”').uncheck();
    await expect.poll(paths).toEqual(['/w/demo/scim/v2/Users', '/scim/v2/Users']);
  });

  it("shows the picked workspace's URL and token on the connection card, and saves its settings", async () => {
    await picker().selectOption('demo');
    await page.getByRole('button', { name: 'Connection' }).click();
    await expect.poll(() => page.getByTestId('scim-base-url').textContent()).toBe(`${fixture.scim.origin}/w/demo/scim/v2`);
    // The secret is masked until revealed.
    expect(await page.getByRole('region', { name: 'Connection' }).textContent()).not.toContain(demoToken);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    expect(await page.getByTestId('scim-token').textContent()).toBe(demoToken);
    expect(await page.getByRole('region', { name: 'Connection' }).textContent()).not.toContain(fixture.scim.token);

    const form = page.getByRole('region', { name: 'Workspace settings' });
    await expect.poll(() => form.getByLabel('Compatibility mode').inputValue()).toBe('auto');
    await form.getByLabel('Compatibility mode').selectOption('strict');
    await form.getByLabel('Reprovision').selectOption('conflict');
    await form.getByLabel('Lenient schema').uncheck();
    // Not JSON: said at once, and Save waits for it.
    await form.getByLabel('Extensions').fill('[{"id": ');
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('Extensions are not valid JSON');
    expect(await form.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    // JSON, but not a declaration the engine accepts: its 400 message is shown and nothing is stored.
    await form.getByLabel('Extensions').fill('[{"id": "urn:acme:hr", "resourceType": "Printer", "attributes": []}]');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => form.getByTestId('settings-refused').textContent()).toBe('extensions[0].resourceType must be "User" or "Group".');
    expect((await adminApi('/workspaces/demo/settings')).compatibility).toBe('auto');

    const extension = {
      id: 'urn:acme:params:scim:schemas:extension:hr:2.0:User',
      resourceType: 'User',
      attributes: [{ name: 'badgeNumber', type: 'integer' }],
    };
    await form.getByLabel('Extensions').fill(JSON.stringify([extension]));
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => form.getByTestId('settings-saved').textContent()).toContain('Saved');
    const stored = await adminApi('/workspaces/demo/settings');
    expect(stored).toMatchObject({ compatibility: 'strict', reprovision: 'conflict', lenientSchema: false, extensions: [expect.objectContaining(extension)] });
    // The default workspace keeps its own settings.
    expect(await adminApi('/workspaces/default/settings')).toMatchObject({ compatibility: 'auto', lenientSchema: true, extensions: [] });
    // And the SCIM server behaves so: strict mode refuses Entra's capitalised op in demo.
    const patched = await fetch(`${fixture.scim.origin}/w/demo/scim/v2/Users?filter=userName%20eq%20%22demo.jane%40example.com%22`, {
      headers: { authorization: `Bearer ${demoToken}` },
    });
    const jane = ((await patched.json()) as { Resources: { id: string }[] }).Resources[0]!;
    const refused = await fetch(`${fixture.scim.origin}/w/demo/scim/v2/Users/${jane.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${demoToken}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'displayName', value: 'Jane' }] }),
    });
    expect(refused.status).toBe(400);
  });

  it('leaves a New workspace dialog asked again alone when a create from a cancelled one answers late', async () => {
    let answerCreate!: () => void;
    const createHeld = new Promise<void>((resolve) => (answerCreate = resolve));
    let createAsked!: () => void;
    const createRequested = new Promise<void>((resolve) => (createAsked = resolve));
    await page.route('**/api/workspaces', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      createAsked();
      await createHeld;
      await route.continue();
    });
    try {
      const ask = page.getByRole('dialog', { name: /New workspace/ });
      await page.getByRole('button', { name: 'New workspace' }).click();
      await ask.getByRole('textbox').fill('late-one');
      await ask.getByRole('button', { name: 'Create' }).click();
      await createRequested;
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => ask.count()).toBe(0);
      // Asked again while the first create is still on its way.
      await page.getByRole('button', { name: 'New workspace' }).click();
      await ask.getByRole('textbox').fill('second-try');
      answerCreate();
      await expect.poll(() => fixture.scim.app.workbench.workspaces.find('late-one')).toBeDefined();
      // The late answer neither closed the new dialog nor left its Create blocked.
      expect(await ask.getByRole('textbox').inputValue()).toBe('second-try');
      expect(await ask.getByRole('button', { name: 'Create' }).getAttribute('aria-disabled')).toBeNull();
      await ask.getByRole('button', { name: 'Cancel' }).click();
    } finally {
      await page.unroute('**/api/workspaces');
      // The test after this one counts the workspaces.
      if (fixture.scim.app.workbench.workspaces.find('late-one')) fixture.scim.app.workbench.workspaces.delete('late-one');
    }
    await page.getByLabel('Workspace', { exact: true }).selectOption('demo');
    await expect.poll(() => picker().inputValue()).toBe('demo');
  });

  it('creates a workspace from the picker, refuses a bad name with the reason, and deletes one after asking', async () => {
    await page.getByRole('button', { name: 'New workspace' }).click();
    const ask = page.getByRole('dialog', { name: /New workspace/ });
    await ask.getByRole('textbox').fill('Bad Name');
    await ask.getByRole('button', { name: 'Create' }).click();
    // Refused in the dialog, which stays open with what was typed, to be corrected.
    await expect.poll(() => ask.getByRole('alert').textContent()).toContain('"Bad Name" is not a valid workspace name');
    expect(await ask.getByRole('textbox').inputValue()).toBe('Bad Name');
    expect(await picker().inputValue()).toBe('demo');

    await ask.getByRole('textbox').fill('qa-team');
    await ask.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => ask.count()).toBe(0);
    await expect.poll(() => picker().inputValue()).toBe('qa-team');
    expect(workspaceParam()).toBe('qa-team');
    const qaToken = fixture.scim.app.workbench.workspaces.find('qa-team')!.token;
    // The connection card follows to the new workspace.
    await expect.poll(() => page.getByTestId('scim-base-url').textContent()).toBe(`${fixture.scim.origin}/w/qa-team/scim/v2`);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    expect(await page.getByTestId('scim-token').textContent()).toBe(qaToken);

    // Cancelled: nothing is deleted.
    await page.getByRole('button', { name: 'Delete workspace' }).click();
    await page.getByRole('dialog', { name: 'Delete workspace “qa-team”?' }).getByRole('button', { name: 'Cancel' }).click();
    expect(fixture.scim.app.workbench.workspaces.find('qa-team')).toBeDefined();
    await page.getByRole('button', { name: 'Delete workspace' }).click();
    await page.getByRole('dialog', { name: 'Delete workspace “qa-team”?' }).getByRole('button', { name: 'Delete workspace' }).click();
    await expect.poll(() => picker().inputValue()).toBe('default');
    expect(fixture.scim.app.workbench.workspaces.find('qa-team')).toBeUndefined();
    await expect.poll(() => picker().locator('option').allTextContents()).toEqual(['Default workspace (default)', 'Demo (demo)']);
    expect(await page.getByTestId('workspace-note').textContent()).toBe('Workspace “qa-team” deleted.');
    expect(workspaceParam()).toBeNull();
  });

  it('replays into the picked workspace, and shows the fresh workspace of a replay on request', async () => {
    const recorded = fixture.scim.app.workbench.db
      .prepare("SELECT id, session_id AS sessionId FROM exchanges WHERE method = 'POST' AND workspace = 'default' ORDER BY id LIMIT 1")
      .get() as { id: number; sessionId: number };
    await page.getByRole('button', { name: 'New workspace' }).click();
    await page
      .getByRole('dialog', { name: /New workspace/ })
      .getByRole('textbox')
      .fill('replay-here');
    await page
      .getByRole('dialog', { name: /New workspace/ })
      .getByRole('button', { name: 'Create' })
      .click();
    await expect.poll(() => picker().inputValue()).toBe('replay-here');

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const view = page.getByRole('main', { name: 'Replay' });
    const replayDan = async (target: string) => {
      await view.getByLabel('Session').selectOption(String(recorded.sessionId));
      await view.getByLabel('Target').selectOption(target);
      await view.getByLabel('From exchange').fill(String(recorded.id));
      await view.getByLabel('To exchange').fill(String(recorded.id));
      await view.getByRole('button', { name: 'Start replay' }).click();
      await expect.poll(() => view.getByTestId('replay-progress').textContent(), { timeout: 20_000 }).toBe('1/1 · 0 differed · done');
    };
    await replayDan('picked');
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => resourceRows().allTextContents()).toEqual([expect.stringContaining('default.dan@example.com')]);

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await replayDan('fresh');
    await view.getByRole('button', { name: 'Show this workspace' }).click();
    await expect.poll(() => picker().inputValue()).toMatch(/^replay-\d{14}-\d+$/);
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => resourceRows().allTextContents()).toEqual([expect.stringContaining('default.dan@example.com')]);
    await picker().selectOption('default');
  });

  it('switches to the demo workspace when the demo starts, so its users appear in Resources', async () => {
    expect(await picker().inputValue()).toBe('default');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const view = page.getByRole('main', { name: 'Simulate' });
    await view.getByRole('button', { name: 'Play demo' }).click();
    await expect.poll(() => picker().inputValue()).toBe('demo');
    expect(workspaceParam()).toBe('demo');
    // Once the demo has created a user besides the one provisioned at the start, it is stopped
    // (the Simulate view holds the job) and Resources is looked at.
    await expect.poll(async () => (await adminApi('/workspaces/demo/resources?type=User')).totalResults, { timeout: 20_000 }).toBeGreaterThan(1);
    await view.getByRole('button', { name: 'Cancel demo' }).click();
    await expect.poll(() => view.getByTestId('demo-progress').textContent(), { timeout: 10_000 }).toContain('cancelled');
    const users = (await adminApi('/workspaces/demo/resources?type=User')).totalResults as number;
    await page.getByRole('button', { name: 'Resources' }).click();
    await expect.poll(() => resourceRows().count()).toBe(users);
    expect(await resourceRows().allTextContents()).toContainEqual(expect.stringContaining('demo.jane@example.com'));
    expect(await resourceRows().allTextContents()).not.toContainEqual(expect.stringContaining('default.dan@example.com'));
  });
});

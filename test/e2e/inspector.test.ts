import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace, fixtureAdminApi, startLiveSession, type TestWorkspace } from '../support/inspector-workspace';
import { followJobsOf } from '../support/page-jobs';
import { searchExchange } from '../support/search-fixtures';
import { tempDir } from '../support/cli';
import { startTestLocaltunnelServer } from '../support/localtunnel-server';
import { sshdMissing, startSshd } from '../support/sshd';

/**
 * The inspector in Chromium (Playwright) against a real engine: the page authorised from the URL
 * fragment, traffic streaming in live, an exchange's summary and changes, typed filters, pause,
 * the connection card, and a virtualised list of thousands of rows.
 *
 * Each test stands on its own (`-t '<name>'` runs it alone): it loads the inspector into an empty
 * tab (storage cleared) and gets a new live session (an empty traffic list), and sends the traffic and makes the users it needs in
 * a workspace of its own. One engine and one Chromium serve the file: launching is the slow part.
 */
if (chromiumMissing) console.log(`Inspector e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const OKTA = { 'user-agent': 'Okta SCIM Client' };
/** How long a fresh page may take to load and connect, on a machine running other tests too. */
const PAGE_LOAD_MS = 10_000;

describe.skipIf(chromiumMissing)(`inspector in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  let resetTab: () => Promise<void>;
  let jobs: ReturnType<typeof followJobsOf>;
  let workspaces = 0;
  const api = fixtureAdminApi(() => fixture);
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page, reset: resetTab } = await reusableTab(fixture));
    jobs = followJobsOf(page, api);
    // A missing element fails the check in seconds, not after the test's whole timeout.
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  beforeEach(async () => {
    await startLiveSession(fixture);
  });
  afterEach(async () => {
    // A test that failed midway must not hand a running job or an online tunnel to the next one.
    await jobs?.stopAll();
    await resetTab();
    expect((await api('POST', '/tunnel/stop')).status).toBe(200);
  });

  const rows = () => page.getByTestId('traffic-row');
  /** A workspace of the test's own (users, groups, mappings, token). */
  const ownWorkspace = () => createTestWorkspace(fixture, `test-${++workspaces}`);
  /**
   * Opens the inspector on a workspace (the printed URL: the default one) and waits until it is
   * live, showing that workspace: a fresh page's first load is slow on a busy machine.
   */
  const open = async (workspace?: TestWorkspace) => {
    await page.goto(workspace?.inspectorUrl ?? fixture.inspectorUrl);
    await expect.poll(() => page.locator('.live').textContent(), { timeout: PAGE_LOAD_MS }).toBe('live');
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue(), { timeout: PAGE_LOAD_MS }).toBe(workspace?.slug ?? 'default');
  };
  /** Jane created and renamed to Janet by Okta: a user with two versions and a PATCH with changes. */
  const createAndRenameJane = async (workspace: TestWorkspace) => {
    const created = await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'live.jane@example.com', name: { givenName: 'Jane' } }, OKTA);
    expect(created.status).toBe(201);
    const patched = await workspace.request(
      'PATCH',
      `/Users/${created.body.id}`,
      { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'name.givenName', value: 'Janet' }] },
      OKTA,
    );
    expect(patched.status).toBeLessThan(300);
    return created.body as { id: string };
  };

  it('without the token, says how to open it', async () => {
    await page.goto(`${fixture.origin}/`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: PAGE_LOAD_MS }).toContain('Inspector:');
  });

  it('opens authorised from the printed URL, drops the token from the address bar, and lists recorded traffic', async () => {
    // The printed URL opens the default workspace.
    await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: 'before.open@example.com' }, OKTA);
    await page.goto(fixture.inspectorUrl);
    await expect.poll(() => rows().count(), { timeout: PAGE_LOAD_MS }).toBeGreaterThanOrEqual(1);
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
    expect(await rows().first().textContent()).toContain('Okta created user before.open@example.com');
  });

  it('streams a new exchange in live and shows its summary and changes', async () => {
    const workspace = await ownWorkspace();
    await open(workspace);
    const jane = await createAndRenameJane(workspace);
    await expect.poll(() => rows().first().textContent(), { timeout: 10_000 }).toContain('PATCH');
    await rows().first().click();
    await expect.poll(() => page.getByTestId('operation').textContent()).toContain('live.jane@example.com');
    await page.getByRole('tab', { name: /Changes/ }).click();
    const diff = page.getByRole('table', { name: `Changes to ${jane.id}` });
    await expect.poll(() => diff.textContent()).toContain('name.givenName');
    expect(await diff.textContent()).toContain('"Janet"');
    await page.getByRole('button', { name: 'Inline' }).click();
    const inline = await page.getByLabel(`Changes to ${jane.id}`).textContent();
    expect(inline).toContain('- name.givenName: "Jane"');
    expect(inline).toContain('+ name.givenName: "Janet"');
    await page.getByRole('tab', { name: 'Headers' }).click();
    expect(await page.locator('table.headers').first().textContent()).toContain('Bearer [redacted]');
  });

  it('explains an error and filters by typed terms', async () => {
    const workspace = await ownWorkspace();
    await createAndRenameJane(workspace);
    await open(workspace);
    // userName is unique regardless of case: a second Jane in capitals is a conflict.
    await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'LIVE.JANE@example.com' });
    await expect.poll(() => rows().first().textContent(), { timeout: 10_000 }).toContain('409');
    await rows().first().click();
    await page.getByRole('tab', { name: 'Summary' }).click();
    await expect.poll(() => page.getByRole('note').textContent()).toContain('uniqueness');
    await page.getByLabel('Filter').fill('status:4xx');
    await page.getByRole('button', { name: 'Apply' }).click();
    // Not `every` alone: it holds for an empty list too.
    await expect
      .poll(async () => {
        const texts = await rows().allTextContents();
        return texts.length > 0 && texts.every((text) => text.includes('409'));
      })
      .toBe(true);
    await page.getByLabel('Filter').fill('method:SOMETHING status:999');
    expect(await page.getByRole('alert').textContent()).toContain('status:999');
  });

  it('pauses: new exchanges are counted, and shown on follow', async () => {
    const workspace = await ownWorkspace();
    await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'before.pause@example.com' }, OKTA);
    await open(workspace);
    await expect.poll(() => rows().count(), { timeout: PAGE_LOAD_MS }).toBe(1);
    await page.getByRole('button', { name: 'Pause' }).click();
    const before = await rows().first().textContent();
    await workspace.request('GET', '/Groups?count=3');
    await expect.poll(() => page.getByRole('button', { name: /Follow \(1 new\)/ }).count(), { timeout: 10_000 }).toBe(1);
    expect(await rows().first().textContent()).toBe(before);
    await page.getByRole('button', { name: /Follow/ }).click();
    await expect.poll(() => rows().first().textContent()).toContain('/Groups?count=3');
  });

  it('shows the values to type into each IdP on the connection card', async () => {
    const workspace = await ownWorkspace();
    await open(workspace);
    await page.getByRole('button', { name: 'Connection' }).click();
    expect(await page.getByTestId('scim-base-url').textContent()).toBe(workspace.scimBaseUrl);
    const card = await page.getByRole('region', { name: 'Connection' }).textContent();
    for (const field of ['SCIM connector base URL', 'Unique identifier field for users', 'HTTP Header', 'Tenant URL', 'Secret Token', 'SCIM Bearer Token'])
      expect(card).toContain(field);
    expect(card).not.toContain(workspace.token);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    expect(await page.getByRole('region', { name: 'Connection' }).textContent()).toContain(workspace.token);
  });

  it('starts a tunnel from the connection card, tests it like Okta, and announces a new public URL', async () => {
    const localtunnelServer = await startTestLocaltunnelServer();
    try {
      // The default workspace: its public URL is the tunnel's origin + /scim/v2.
      await open();
      await page.getByRole('button', { name: 'Connection' }).click();
      const panel = page.getByRole('region', { name: 'Tunnel' });
      // A secret typed for ngrok is stored, and never shown again.
      await panel.getByLabel('Provider').selectOption('ngrok');
      await panel.getByLabel('Authtoken').fill('typed-ngrok-secret');
      await panel.getByLabel('Provider').selectOption('localtunnel');
      await panel.getByLabel('Server (optional)').fill(localtunnelServer.url);
      await panel.getByRole('button', { name: 'Save and start' }).click();
      await expect
        .poll(() => panel.getByTestId('tunnel-status').textContent(), { timeout: 10_000 })
        .toMatch(/^localtunnel online: http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      const firstUrl = (await panel.getByTestId('tunnel-status').textContent())!.replace('localtunnel online: ', '');
      expect(await page.getByTestId('tunnel').textContent()).toContain(firstUrl);
      await panel.getByLabel('Provider').selectOption('ngrok');
      expect(await panel.getByLabel('Authtoken').inputValue()).toBe('');
      expect(await panel.getByLabel('Authtoken').getAttribute('placeholder')).toBe('stored — type to replace');
      expect(await page.content()).not.toContain('typed-ngrok-secret');
      await panel.getByLabel('Provider').selectOption('localtunnel');

      await panel.getByRole('button', { name: 'Test like Okta' }).click();
      await expect.poll(() => panel.getByTestId('test-result').textContent(), { timeout: 10_000 }).toContain('Okta would accept this connection.');
      expect(await panel.getByTestId('test-result').textContent()).toContain(`${firstUrl}/Users?startIndex=1&count=2 (through the tunnel) → 200`);

      // Restarting gets another address from the server: the banner says what to paste where.
      await panel.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => panel.getByTestId('tunnel-status').textContent()).toBe('localtunnel stopped.');
      await panel.getByRole('button', { name: 'Save and start' }).click();
      const banner = page.getByRole('alert', { name: 'Public URL changed' });
      await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(1);
      const text = await banner.textContent();
      expect(text).toContain(`it was ${firstUrl}`);
      expect(text).toContain('Okta — SCIM connector base URL');
      expect(text).toContain('Tenant URL');
      await page.getByRole('button', { name: 'Done, the IdP has it' }).click();
      expect(await banner.count()).toBe(0);
      await panel.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => panel.getByTestId('tunnel-status').textContent()).toBe('localtunnel stopped.');
    } finally {
      await localtunnelServer.close();
    }
  });

  it.skipIf(sshdMissing)('shows the SSH host key pinned on first use, the changed-key failure, and forgets the pin', async () => {
    const sshd = await startSshd();
    // The default ~/.ssh/known_hosts is read when the tunnel starts: an empty home, never the real one.
    const home = process.env.HOME;
    const emptyHome = tempDir();
    process.env.HOME = emptyHome.path;
    try {
      await open();
      await page.getByRole('button', { name: 'Connection' }).click();
      const panel = page.getByRole('region', { name: 'Tunnel' });
      const status = panel.getByTestId('tunnel-status');
      const hostKey = panel.getByTestId('tunnel-host-key');
      await panel.getByLabel('Provider').selectOption('ssh');
      await panel.getByLabel('Address').fill(`ssh://${sshd.username}@127.0.0.1:${sshd.port}`);
      await panel.getByLabel('Private key file').fill(sshd.keyPath);
      await panel.getByLabel('Remote port').fill('0');
      await panel.getByRole('button', { name: 'Save and start' }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^ssh online: /);
      await expect.poll(() => hostKey.textContent()).toMatch(/Host key of \[127\.0\.0\.1\]:\d+: ssh-ed25519 SHA256:\S+ \(first connection: pinned now/);
      const fingerprint = /SHA256:\S+/.exec((await hostKey.textContent())!)![0];
      await panel.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => status.textContent()).toBe('ssh stopped.');
      expect(await hostKey.textContent()).toContain(`Pinned host key of [127.0.0.1]:${sshd.port}: ssh-ed25519 ${fingerprint}`);

      await sshd.restartWithNewHostKey();
      await panel.getByRole('button', { name: 'Save and start' }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^ssh failed: The SSH server .* offered the host key ssh-ed25519 SHA256:/);
      expect(await status.textContent()).toContain(`but the key pinned on first use`);
      expect(await status.textContent()).toContain(fingerprint);

      await panel.getByRole('button', { name: 'Forget host key' }).click();
      await expect.poll(() => hostKey.count()).toBe(0);
      await panel.getByRole('button', { name: 'Save and start' }).click();
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^ssh online: /);
      await expect.poll(() => hostKey.textContent()).toContain('first connection: pinned now');
      expect(await hostKey.textContent()).not.toContain(fingerprint);
      await panel.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => status.textContent()).toBe('ssh stopped.');
    } finally {
      process.env.HOME = home;
      emptyHome.remove();
      await sshd.stop();
    }
  });

  it("edits mappings with validation as you type, previews, saves, and shows the app view and an exchange's app effect", async () => {
    const workspace = await ownWorkspace();
    await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'before.open@example.com' }, OKTA);
    const jane = await createAndRenameJane(workspace);
    await workspace.request('POST', '/Groups', { schemas: [URN.group], displayName: 'SCIM Admins', members: [{ value: jane.id }] }, OKTA);
    await open(workspace);
    await page.getByRole('button', { name: 'Mappings' }).click();
    const appView = page.getByRole('region', { name: 'App view' });
    await expect.poll(() => appView.getByTestId('app-user').count()).toBeGreaterThanOrEqual(2);
    // Unmapped group: a role under its own name.
    expect(await appView.getByRole('list', { name: 'App roles' }).textContent()).toContain(
      'SCIM Admins — from IdP group "SCIM Admins" (no rule: created as is)',
    );

    const editor = page.getByRole('region', { name: 'Mapping editor' });
    await editor.getByLabel('SCIM path 1').fill('emails[type eq "work"');
    await expect.poll(() => editor.getByRole('alert').first().textContent()).toContain('emails[type eq "work"');
    expect(await editor.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await editor.getByTestId('problem-count').textContent()).toContain('1 problem(s)');
    await editor.getByLabel('SCIM path 1').fill('userName');
    await expect.poll(() => editor.getByRole('button', { name: 'Save' }).isDisabled()).toBe(false);

    await editor.getByRole('button', { name: 'Add attribute rule' }).click();
    const row = (await editor.getByLabel(/^SCIM path \d+$/).count()).toString();
    await editor.getByLabel(`SCIM path ${row}`).fill('title');
    await editor.getByLabel(`App field ${row}`).fill('jobTitle');
    await editor.getByLabel(`Default ${row}`).fill('Staff');
    await editor.getByRole('button', { name: 'Add group rule' }).click();
    await editor.getByLabel('IdP group 1').fill('SCIM Admins');
    await editor.getByLabel('App role 1').fill('Local Admins');
    await expect.poll(() => editor.getByRole('button', { name: 'Preview' }).isDisabled()).toBe(false);
    await editor.getByRole('button', { name: 'Preview' }).click();
    const preview = editor.getByTestId('preview');
    await expect.poll(() => preview.textContent()).toContain('live.jane@example.com: roles ["SCIM Admins"] → ["Local Admins"]; jobTitle null → "Staff"');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.getByRole('status').textContent()).toContain('Saved.');
    await expect.poll(() => appView.getByTestId('app-user').filter({ hasText: 'live.jane@example.com' }).textContent()).toContain('Local Admins');
    expect(await appView.getByTestId('app-user').filter({ hasText: 'live.jane@example.com' }).textContent()).toContain('Staff');

    // A mappings file: a non-JSON one is refused with a message; a good one loads into the editor (not saved yet).
    const fileInput = editor.getByLabel('Import mappings file');
    await fileInput.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ nope') });
    await expect.poll(() => editor.getByRole('status').textContent()).toContain('broken.json is not JSON');
    await fileInput.setInputFiles({
      name: 'team.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ attributes: [{ scimPath: 'userName', appField: 'handle' }], groups: [] })),
    });
    await expect.poll(() => editor.getByLabel('App field 1').inputValue()).toBe('handle');
    expect(await editor.getByLabel(/^SCIM path \d+$/).count()).toBe(1);
    await expect.poll(() => editor.getByRole('button', { name: 'Save' }).isDisabled()).toBe(false);
    expect(await appView.getByTestId('app-user').filter({ hasText: 'live.jane@example.com' }).textContent()).toContain('Staff');

    // The PATCH that renamed Jane to Janet, as the app saw it (the loaded file is not saved: discarded on leaving).
    await page.getByRole('button', { name: 'Traffic' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Discard changes' }).click();
    await page.getByTestId('traffic-row').filter({ hasText: 'PATCH' }).filter({ hasText: 'live.jane@example.com' }).first().click();
    await page.getByRole('tab', { name: 'App effect' }).click();
    const effect = page.getByLabel('App effect');
    await expect.poll(() => effect.locator('tr.changed').first().textContent()).toBe('firstNameJaneJanet');
  });

  it('shows resources with their derived state, version timeline, version diff and the exchanges that touched them', async () => {
    const workspace = await ownWorkspace();
    await createAndRenameJane(workspace);
    await open(workspace);
    await page.getByRole('button', { name: 'Resources' }).click();
    await page.getByLabel('Search resources').fill('live.jane');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.getByTestId('resource-row').count()).toBe(1);
    expect(await page.getByTestId('resource-row').textContent()).toContain('active');
    await page.getByTestId('resource-row').click();
    await expect.poll(() => page.getByRole('list', { name: 'Versions' }).getByRole('listitem').count()).toBe(2);
    await expect.poll(() => page.getByRole('table', { name: 'Version diff' }).textContent()).toContain('name.givenName');
    const touched = page.getByRole('list', { name: 'Exchanges that touched it' });
    expect(await touched.textContent()).toContain('created user live.jane@example.com');
    await touched.getByRole('button').first().click();
    await expect.poll(() => page.getByRole('tab', { name: /Changes/ }).count()).toBe(1);
  });

  it('replays an exchange as recorded and edited, and a whole session into a fresh workspace with progress', async () => {
    const workspace = await ownWorkspace();
    await createAndRenameJane(workspace);
    await open(workspace);
    await page.getByTestId('traffic-row').filter({ hasText: 'PATCH' }).filter({ hasText: 'live.jane@example.com' }).first().click();
    await page.getByRole('tab', { name: 'Replay' }).click();
    await page.getByRole('button', { name: 'Edit and replay…' }).click();
    const body = page.getByLabel('Body');
    await body.fill((await body.inputValue()).replace('Janet', 'Edited'));
    await page.getByRole('button', { name: 'Send edited request' }).click();
    const result = page.getByTestId('replay-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toContain('difference(s) from the recording');
    expect(await result.textContent()).toContain('name.givenName differs');
    expect(await result.textContent()).toContain('Replayed · 200');
    await result.getByRole('button', { name: /Open the new exchange/ }).click();
    await expect.poll(() => page.getByTestId('operation').textContent()).toContain('live.jane@example.com');

    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const view = page.getByRole('main', { name: 'Replay' });
    await view.getByRole('button', { name: 'Start replay' }).click();
    await expect.poll(() => view.getByTestId('replay-progress').textContent(), { timeout: 20_000 }).toMatch(/· done$/);
    const progress = (await view.getByTestId('replay-progress').textContent())!;
    const [done, total] = /^(\d+)\/(\d+)/.exec(progress)!.slice(1).map(Number);
    expect(done).toBe(total);
    expect(await view.getByTestId('replay-summary').textContent()).toMatch(new RegExp(`\\d+ matched, \\d+ differed of ${total} steps`));
    expect(await view.textContent()).toContain('Into workspace “replay-');
  });

  it('runs the conformance check, a simulated Entra ID scenario and the demo from the Simulate view', async () => {
    await open(await ownWorkspace());
    await page.getByRole('button', { name: 'Simulate' }).click();
    const view = page.getByRole('main', { name: 'Simulate' });
    const checks = view.getByRole('region', { name: 'Conformance check' });
    await checks.getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(() => checks.getByTestId('check-summary').count(), { timeout: 60_000 }).toBe(1);
    expect(await checks.getByTestId('check-summary').textContent()).toMatch(/^\d+ passed, 0 failed, 0 skipped/);
    expect(await checks.getByRole('list', { name: 'Check results' }).textContent()).toContain('✓ Entra ID deactivates with "active": "False" (a string)');

    const simulator = view.getByRole('region', { name: 'IdP simulator' });
    await simulator.getByLabel('IdP').selectOption('entra');
    await expect.poll(() => simulator.getByLabel('Scenario').locator('option').count()).toBeGreaterThan(1);
    await simulator.getByLabel('Scenario').selectOption('assign-users');
    await simulator.getByLabel('People').fill('3');
    await simulator.getByLabel('Seed').fill('77');
    await simulator.getByRole('button', { name: 'Run scenario' }).click();
    await expect.poll(() => simulator.getByTestId('simulation-result').textContent(), { timeout: 20_000 }).toContain('Users: 3 created');

    // The demo's progress shows beside its button (test/e2e/simulate-view.test.ts has more).
    const demo = view.getByRole('region', { name: 'Demo' });
    await demo.getByRole('button', { name: 'Play demo' }).click();
    await expect
      .poll(async () => Number(/^(\d+) requests/.exec((await demo.getByTestId('demo-progress').textContent()) ?? '')?.[1] ?? 0), { timeout: 10_000 })
      .toBeGreaterThan(1);
    expect(await demo.getByTestId('demo-progress').textContent()).toContain('/w/demo/scim/v2');
    await demo.getByRole('button', { name: 'Cancel demo' }).click();
    await expect.poll(() => demo.getByTestId('demo-progress').textContent(), { timeout: 10_000 }).toContain('cancelled');
    await view.getByRole('button', { name: 'Watch the traffic' }).click();
    await expect.poll(() => rows().first().textContent(), { timeout: 10_000 }).toContain('Okta');
    // The demo picked its own workspace.
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue()).toBe('demo');
  });

  it('keeps the DOM small with 3,000 exchanges (virtualised), as long as the total, and reaches the oldest by scrolling', async () => {
    const workspace = await ownWorkspace();
    await workspace.request('POST', '/Users', { schemas: [URN.user], userName: 'before.open@example.com' }, OKTA);
    // The list is under test here, not the recorder: the 3,000 lookups go straight into the store (3,000 requests
    // over HTTP took most of the test's time), after the one real exchange that must stay the oldest.
    const { recordings } = fixture.scim.app.workbench;
    const sessionId = recordings.currentSessionId();
    recordings.transaction(() => {
      for (let n = 0; n < 3000; n++) {
        recordings.insertExchange({
          ...searchExchange({
            client: 'okta',
            method: 'GET',
            url: `${new URL(workspace.scimBaseUrl).pathname}/Users?count=0&n=${n}`,
            status: 200,
            operation: 'Okta listed users',
          }),
          workspace: workspace.slug,
          startedAt: new Date().toISOString(),
          sessionId,
        });
      }
    });
    await open(workspace);
    // aria-rowcount counts the header row too.
    await expect
      .poll(async () => Number(await page.getByRole('grid').getAttribute('aria-rowcount')), { timeout: PAGE_LOAD_MS })
      .toBe((await totalExchanges()) + 1);
    expect(await rows().count()).toBeLessThan(120);
    await page.locator('.traffic-body').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect.poll(() => rows().last().textContent()).toContain('before.open@example.com');
    expect(await rows().count()).toBeLessThan(120);
  });

  /** The list shows the live session (a replay's traffic has a session of its own). */
  async function totalExchanges(): Promise<number> {
    const { recordings } = fixture.scim.app.workbench;
    return recordings.session(recordings.currentSessionId())!.exchangeCount;
  }
  it('asks in its own dialog (Electron has no prompt): a new name for the session, and the token regenerated only when confirmed', async () => {
    const workspace = await ownWorkspace();
    await open(workspace);
    const current = () => fixture.scim.app.workbench.recordings.session(fixture.scim.app.workbench.recordings.currentSessionId())!.name;
    await page.getByRole('button', { name: 'Rename…' }).click();
    const named = page.getByRole('dialog', { name: 'New name of the session' });
    await named.getByRole('textbox').fill('Okta import, take 2');
    await named.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => page.locator('header .session').textContent()).toBe('Recording into: Okta import, take 2');
    expect(current()).toBe('Okta import, take 2');
    // Escape cancels: the name stays.
    await page.getByRole('button', { name: 'Rename…' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Not this');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(current()).toBe('Okta import, take 2');

    await page.getByRole('button', { name: 'Connection' }).click();
    const tokenNow = () => fixture.scim.app.workbench.workspaces.find(workspace.slug)!.token;
    const token = tokenNow();
    expect(token).toBe(workspace.token);
    await page.getByRole('button', { name: /Regenerate/ }).click();
    const ask = page.getByRole('dialog', { name: 'Regenerate the token?' });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(tokenNow()).toBe(token);
    await page.getByRole('button', { name: /Regenerate/ }).click();
    await page.getByRole('dialog', { name: 'Regenerate the token?' }).getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(tokenNow).not.toBe(token);
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/shared/conformance';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace, fixtureAdminApi, type TestWorkspace } from '../support/inspector-workspace';
import { followJobsOf } from '../support/page-jobs';
import { refusedPort, type RefusedPort } from '../support/ports';
import { seriousViolations } from '../support/axe';

/**
 * The Simulate view in Chromium against a real engine: each job's progress under the button that
 * started it, jobs and their results kept across a change of view, a check's row opening to the
 * request it sent and the answer it got, the check report downloaded, and a target nothing listens
 * on said once (not once per request).
 */
if (chromiumMissing) console.log(`Simulate view e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const PAGE_LOAD_MS = 10_000;

describe.skipIf(chromiumMissing)(`the Simulate view in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let resetTab: () => Promise<void>;
  let page: Page;
  let jobs: ReturnType<typeof followJobsOf>;
  let workspaces = 0;
  const api = fixtureAdminApi(() => fixture);
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page, reset: resetTab } = await reusableTab(fixture, { acceptDownloads: true }));
    jobs = followJobsOf(page, api);
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  afterEach(async () => {
    await jobs?.stopAll();
    await resetTab();
  });

  const view = () => page.getByRole('main', { name: 'Simulate' });
  const region = (name: string) => view().getByRole('region', { name, exact: true });
  /** Opens the inspector on a workspace of the test's own, in the Simulate view. */
  const openSimulate = async (): Promise<TestWorkspace> => {
    const workspace = await createTestWorkspace(fixture, `simulate-${++workspaces}`);
    await page.goto(workspace.inspectorUrl);
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue(), { timeout: PAGE_LOAD_MS }).toBe(workspace.slug);
    await page.getByRole('button', { name: 'Simulate' }).click();
    return workspace;
  };
  const switchViewAndBack = async () => {
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();
    await expect.poll(() => view().count()).toBe(0);
    await page.getByRole('button', { name: 'Simulate' }).click();
  };

  it("shows the demo's progress beside the demo button, not under the simulator", async () => {
    await openSimulate();
    await region('Demo').getByRole('button', { name: 'Play demo' }).click();
    await expect
      .poll(async () => Number(/^(\d+) requests/.exec((await region('Demo').getByTestId('demo-progress').textContent()) ?? '')?.[1] ?? 0), {
        timeout: 10_000,
      })
      .toBeGreaterThan(1);
    expect(await region('Demo').getByTestId('demo-progress').textContent()).toContain('/w/demo/scim/v2');
    expect(await region('IdP simulator').getByTestId('simulation-progress').count()).toBe(0);
    await region('Demo').getByRole('button', { name: 'Cancel demo' }).click();
    await expect.poll(() => region('Demo').getByTestId('demo-progress').textContent(), { timeout: 10_000 }).toMatch(/· cancelled$/);
  });

  it('keeps a running simulation, and its result, across a change of view and back', async () => {
    const workspace = await openSimulate();
    const simulator = () => region('IdP simulator');
    await expect.poll(() => simulator().getByLabel('Scenario').locator('option').count()).toBeGreaterThan(1);
    await simulator().getByLabel('Scenario').selectOption('assign-users');
    await simulator().getByLabel('People').fill('4');
    await simulator().getByLabel('Pause').fill('150');
    await simulator().getByRole('button', { name: 'Run scenario' }).click();
    await expect.poll(() => simulator().getByTestId('simulation-progress').textContent()).toMatch(/^\d+ requests to .* · (GET|POST) \/Users$/);

    await switchViewAndBack();
    // Still the same job, still followed: it finishes on screen.
    expect(await simulator().getByTestId('simulation-progress').textContent()).toContain(workspace.scimBaseUrl);
    await expect.poll(() => simulator().getByTestId('simulation-result').textContent(), { timeout: 20_000 }).toContain('Users: 4 created');

    await switchViewAndBack();
    expect(await simulator().getByTestId('simulation-result').textContent()).toContain('Users: 4 created');
    expect(await simulator().getByTestId('simulation-progress').textContent()).toMatch(/· done$/);
  });

  it("opens a check's row to the request it sent and the answer it got, keeps the results across views, and downloads the report", async () => {
    await openSimulate();
    const checks = () => region('Conformance check');
    await checks().getByLabel('Microsoft Entra ID').uncheck();
    await checks().getByLabel('OneLogin').uncheck();
    await checks().getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(() => checks().getByTestId('check-summary').count(), { timeout: 60_000 }).toBe(1);
    await switchViewAndBack();
    expect(await checks().getByTestId('check-summary').textContent()).toMatch(/^\d+ passed, 0 failed, 0 skipped/);

    const row = checks().getByRole('listitem').filter({ hasText: 'POST /Users creates a user: 201, with its id' });
    const evidence = row.getByRole('region', { name: 'Evidence of POST /Users creates a user: 201, with its id' });
    expect(await evidence.count()).toBe(0);
    await row.locator('summary').click();
    await expect.poll(() => evidence.getByTestId('check-request-line').textContent()).toBe('POST /Users');
    expect(await evidence.locator('.json-view').first().textContent()).toContain('"userName"');
    expect(await evidence.getByTestId('check-answer-line').textContent()).toMatch(/^201 application\/scim\+json/);
    expect(await evidence.locator('.json-view').nth(1).textContent()).toContain('"id"');
    expect(await seriousViolations(page, '.simulate-view .check-evidence')).toEqual([]);

    const download = async (name: string) => {
      const [file] = await Promise.all([page.waitForEvent('download'), checks().getByRole('button', { name }).click()]);
      return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };
    const markdown = await download('Download report (Markdown)');
    expect(markdown.name).toMatch(/^check-\d+\.md$/);
    expect(markdown.text).toContain('# SCIM conformance check');
    expect(markdown.text).toContain('## ✓ POST /Users creates a user: 201, with its id');
    const json = await download('Download report (JSON)');
    expect(json.name).toMatch(/^check-\d+\.json$/);
    const report = JSON.parse(json.text) as CheckReport;
    expect(report.idps).toEqual(['okta']);
    expect(report.results.length).toBe(await checks().getByRole('list', { name: 'Check results' }).locator(':scope > li').count());
    expect(report.results.find((result) => result.id === 'users.create')?.request).toMatchObject({ method: 'POST', path: '/Users' });
  });

  describe('a target nothing listens on', () => {
    let refused: RefusedPort;
    beforeAll(async () => {
      refused = await refusedPort();
    });
    afterAll(async () => {
      await refused?.close();
    });
    const target = () => `http://127.0.0.1:${refused.port}/scim/v2`;
    const message = () =>
      `Cannot reach ${target()}: connection refused. Check that the SCIM server is running and listening on that host and port, and that the URL is the right one.`;

    it('is said once for the conformance check, not once per check', async () => {
      await openSimulate();
      const checks = region('Conformance check');
      await checks.getByLabel('Check', { exact: true }).selectOption('(url)');
      await checks.getByLabel('Check URL').fill(target());
      await checks.getByRole('button', { name: 'Run checks' }).click();
      await expect.poll(() => checks.getByTestId('check-error').textContent(), { timeout: 10_000 }).toBe(message());
      expect(await checks.getByRole('list', { name: 'Check results' }).locator(':scope > li').count()).toBe(0);
      expect(await checks.textContent()).not.toContain('ECONNREFUSED');
      expect(await checks.getByRole('button', { name: 'Run checks' }).isEnabled()).toBe(true);
    });

    it('is said once for a simulation', async () => {
      await openSimulate();
      const simulator = region('IdP simulator');
      await simulator.getByLabel('Send to', { exact: true }).selectOption('(url)');
      await simulator.getByLabel('Send to URL').fill(target());
      await simulator.getByRole('button', { name: 'Run scenario' }).click();
      await expect.poll(() => simulator.getByTestId('simulation-error').textContent(), { timeout: 10_000 }).toBe(message());
      expect(await simulator.getByTestId('simulation-progress').textContent()).toMatch(/^1 request to .* · failed$/);
      expect(await simulator.textContent()).not.toContain('ECONNREFUSED');
    });
  });
});

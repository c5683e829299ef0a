import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * The Simulate view in Chromium: the conformance check opens with a verdict per IdP (all working
 * against a default workspace, Okta failing at named checks against a strict one), and Okta's
 * import reports what it read.
 */
if (chromiumMissing) console.log(`Check verdicts e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`check verdicts and Okta's import in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    fixture.scim.app.workbench.workspaces.create('strict-e2e');
    fixture.scim.app.workbench.workspaces.configure('strict-e2e', { compatibility: 'strict' });
    for (let index = 0; index < 3; index++) await fixture.scim.request('POST', '/Users', { schemas: [URN.user], userName: `e2e-import-${index}@example.com` });
    await fixture.scim.request('POST', '/Groups', { schemas: [URN.group], displayName: 'E2E Group' });
    ({ page } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
    await page.getByRole('button', { name: 'Simulate' }).click();
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const view = () => page.getByRole('main', { name: 'Simulate' });
  const checks = () => view().getByRole('region', { name: 'Conformance check' });
  const verdicts = () => checks().getByRole('list', { name: 'Verdicts' }).getByRole('listitem');

  it('shows every IdP working with the default workspace, above the results', async () => {
    await checks().getByLabel('Check', { exact: true }).selectOption('default');
    await checks().getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(() => checks().getByTestId('check-summary').count(), { timeout: 30_000 }).toBe(1);
    expect(await verdicts().allTextContents()).toEqual([
      '✓ Okta would work with this server',
      '✓ Entra ID would work with this server',
      '✓ OneLogin would work with this server',
    ]);
  });

  it('names the checks Okta would fail at against a strict workspace', async () => {
    await checks().getByLabel('Check', { exact: true }).selectOption('strict-e2e');
    await checks().getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(async () => (await verdicts().allTextContents()).join('\n'), { timeout: 30_000 }).toContain('✗ Okta would fail at:');
    const lines = await verdicts().allTextContents();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Okta renames a group with a path-less replace that echoes the id');
    expect(lines[1]).toMatch(/^✗ Entra ID would fail at: .*Entra ID sends capitalised PATCH ops/);
  });

  it("runs Okta's import and says how much it read in how many pages", async () => {
    const panel = view().getByRole('region', { name: 'Okta import' });
    await panel.getByLabel('Import from', { exact: true }).selectOption('default');
    await panel.getByRole('button', { name: 'Run Okta import' }).click();
    await expect
      .poll(() => panel.getByTestId('import-result').textContent(), { timeout: 20_000 })
      .toContain('Users: 3 read in 1 page. Groups: 1 read in 1 page.');
    expect(await panel.getByTestId('import-result').textContent()).toContain('Okta would import everything.');
  });
});

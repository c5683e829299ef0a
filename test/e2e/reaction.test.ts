import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/engine/simulator/simulator';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace, startLiveSession, type TestWorkspace } from '../support/inspector-workspace';
import { failFirst, isCreateUser, startFaultingUpstream } from '../support/faulting-upstream';
import { seriousViolations } from '../support/axe';

/**
 * The IdP's reaction in Chromium: after a simulated Okta run whose creates were answered 429 twice,
 * the Resources view's Reaction panel and the Simulate view's IdP reaction panel tell the story in a
 * sentence, marked MODELLED, with the attempts as marks that open their exchange.
 */
if (chromiumMissing) console.log(`Reaction e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const PAGE_LOAD_MS = 10_000;
const STORY = /Okta retried creating user (\S+) 2× at 1(\.\d)? s, 1(\.\d)? s after 429 ×2, .*honouring Retry-After, then created the user\./;

describe.skipIf(chromiumMissing)(`the IdP reaction in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let resetTab: () => Promise<void>;
  let page: Page;
  let workspaces = 0;
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page, reset: resetTab } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  afterEach(async () => {
    await resetTab();
  });

  /** A workspace of the test's own, provisioned by a simulated Okta through an upstream that answers the first two creates 429 (Retry-After: 1). */
  async function provisionThroughFaults(): Promise<TestWorkspace> {
    const workspace = await createTestWorkspace(fixture, `reaction-${++workspaces}`);
    await startLiveSession(fixture);
    const upstream = await startFaultingUpstream(fixture.scim.origin, fixture.scim.app.workbench.recordings, failFirst(2, isCreateUser, 429, 1));
    try {
      const path = new URL(workspace.scimBaseUrl).pathname;
      const result = await simulate({
        idp: 'okta',
        scenario: 'assign-users',
        users: 1,
        seed: 5,
        baseUrl: `${upstream.origin}${path}`,
        auth: { kind: 'bearer', token: workspace.token },
      });
      expect(result.users.created).toBe(1);
    } finally {
      await upstream.close();
    }
    return workspace;
  }

  async function open(workspace: TestWorkspace, view: 'Resources' | 'Simulate') {
    await page.goto(workspace.inspectorUrl);
    await expect.poll(() => page.getByLabel('Workspace', { exact: true }).inputValue(), { timeout: PAGE_LOAD_MS }).toBe(workspace.slug);
    await page.getByRole('button', { name: view, exact: true }).click();
  }

  it("shows the resource's reaction as a sentence, marked MODELLED, with its attempts a keypress from their exchanges", async () => {
    const workspace = await provisionThroughFaults();
    await open(workspace, 'Resources');
    await expect.poll(() => page.getByTestId('resource-row').count()).toBe(1);
    const userName = ((await page.getByTestId('resource-row').locator('td').first().textContent()) ?? '').trim();
    await page.getByTestId('resource-row').click();
    const reaction = page.getByRole('region', { name: 'Reaction', exact: true });
    const operation = reaction.getByTestId('reaction-operation');
    await expect.poll(() => operation.count()).toBe(1);
    const sentence = (await operation.locator('.reaction-sentence').textContent()) ?? '';
    expect(sentence).toMatch(STORY);
    expect(STORY.exec(sentence)![1]).toBe(userName);
    expect(await operation.getByText('MODELLED', { exact: true }).count()).toBe(1);
    const marks = operation.getByRole('list', { name: `Attempts: creating user ${userName}` }).getByRole('button');
    expect(await marks.allTextContents()).toEqual(['1. 429', '2. 429', '3. 201']);
    // The panel's colours (the MODELLED badge, failed and passed marks) read in both schemes.
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page, '[aria-label="Reaction"]'), colorScheme).toEqual([]);
    }
    // By keyboard: the last attempt's mark opens the create in Traffic.
    await marks.last().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Traffic', exact: true }).getAttribute('aria-pressed')).toBe('true');
  });

  it('shows the session-level IdP reaction in the Simulate view', async () => {
    const workspace = await provisionThroughFaults();
    await open(workspace, 'Simulate');
    const panel = page.getByRole('region', { name: 'IdP reaction', exact: true });
    await expect.poll(() => panel.getByTestId('reaction-operation').count(), { timeout: PAGE_LOAD_MS }).toBe(1);
    expect(await panel.getByTestId('reaction-operation').locator('.reaction-sentence').textContent()).toMatch(STORY);
  });
});

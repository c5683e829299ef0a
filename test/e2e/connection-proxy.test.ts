import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { createTestWorkspace } from '../support/inspector-workspace';
import { startScimServer, type ScimTestServer } from '../support/scim-server';

/**
 * Making a workspace a proxy in Connection, in Chromium against a real engine: the kind, the
 * upstream and its token are saved (and the SCIM listener forwards from then on), the token is never
 * shown back, and accepting a self-signed certificate is warned about before and after saving.
 */
if (chromiumMissing) console.log(`Connection proxy e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`proxy mode in Connection${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let upstream: ScimTestServer;
  let page: Page;
  let resetTab: () => Promise<void>;
  beforeAll(async () => {
    fixture = await startInspector();
    upstream = await startScimServer();
    ({ page, reset: resetTab } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
  }, 120_000);
  afterEach(async () => {
    // A route a test held must not hold the next test's requests.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await resetTab();
  });
  afterAll(async () => {
    await upstream?.close();
    await fixture?.close();
  });

  const openConnection = async (url: string): Promise<void> => {
    await page.goto(url);
    await page.getByRole('button', { name: 'Connection' }).click();
  };

  it('makes the workspace a proxy of the upstream with its token, which is never shown back', async () => {
    const workspace = await createTestWorkspace(fixture, 'e2e-proxy');
    await upstream.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'upstream-only@example.com' });
    await openConnection(workspace.inspectorUrl);
    const form = page.getByRole('form', { name: 'Workspace kind' });

    await form.getByLabel('Workspace kind').selectOption('proxy');
    await form.getByLabel('Upstream SCIM base URL').fill(upstream.baseUrl);
    await form.getByLabel('Upstream authentication').selectOption('bearer');
    await form.getByLabel('Upstream token').fill(upstream.token);
    await form.getByRole('button', { name: 'Save workspace kind' }).click();
    await expect.poll(() => page.getByTestId('proxy-message').textContent()).toContain(`forwards every SCIM request to ${upstream.baseUrl}`);

    expect(await form.getByLabel('Upstream token').inputValue()).toBe('');
    expect(await form.getByLabel('Upstream token').getAttribute('placeholder')).toContain('stored');
    expect(await page.content()).not.toContain(upstream.token);
    const found = await workspace.request('GET', '/Users?filter=userName%20eq%20%22upstream-only%40example.com%22');
    expect(found.status).toBe(200);
    expect(found.body.totalResults).toBe(1);
  });

  it('shows the form only once the stored kind is known, so a choice made while it loads is not undone', async () => {
    const workspace = await createTestWorkspace(fixture, 'e2e-slow-kind');
    let answerKind!: () => void;
    const kindHeld = new Promise<void>((resolve) => (answerKind = resolve));
    let kindAsked!: () => void;
    const kindRequested = new Promise<void>((resolve) => (kindAsked = resolve));
    await page.route('**/api/workspaces/*/proxy', async (route) => {
      kindAsked();
      await kindHeld;
      await route.continue();
    });
    await page.goto(workspace.inspectorUrl);
    await page.getByRole('button', { name: 'Connection' }).click();
    await kindRequested;
    await expect.poll(() => page.getByText('Loading the workspace kind…').isVisible()).toBe(true);
    expect(await page.getByRole('form', { name: 'Workspace kind' }).count()).toBe(0);

    answerKind();
    const form = page.getByRole('form', { name: 'Workspace kind' });
    await form.getByLabel('Workspace kind').selectOption('proxy');
    await form.getByLabel('Upstream SCIM base URL').fill('https://kept.example.test/scim/v2');
    expect(await form.getByLabel('Workspace kind').inputValue()).toBe('proxy');
    expect(await form.getByLabel('Upstream SCIM base URL').inputValue()).toBe('https://kept.example.test/scim/v2');
  });

  it('warns about an unverified TLS certificate before saving, and in the workspace picker after', async () => {
    const workspace = await createTestWorkspace(fixture, 'e2e-staging');
    await openConnection(workspace.inspectorUrl);
    const form = page.getByRole('form', { name: 'Workspace kind' });

    await form.getByLabel('Workspace kind').selectOption('proxy');
    await form.getByLabel('Upstream SCIM base URL').fill('https://staging.example.test/scim/v2');
    await form.getByLabel('Accept a self-signed TLS certificate (staging servers)').check();
    await expect.poll(() => page.getByTestId('proxy-tls-warning').textContent()).toContain("the upstream's TLS certificate is not verified");
    await form.getByRole('button', { name: 'Save workspace kind' }).click();
    await expect.poll(() => page.getByTestId('proxy-message').textContent()).toContain('forwards every SCIM request');
    await expect.poll(() => page.getByTestId('workspace-tls-warning').isVisible()).toBe(true);

    await form.getByLabel('Workspace kind').selectOption('local');
    await form.getByRole('button', { name: 'Save workspace kind' }).click();
    await expect.poll(() => page.getByTestId('proxy-message').textContent()).toContain("the workbench's own SCIM server again");
    await expect.poll(() => page.getByTestId('workspace-tls-warning').count()).toBe(0);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, startInspector, type InspectorFixture } from '../support/inspector';
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
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    fixture = await startInspector();
    upstream = await startScimServer();
  }, 120_000);
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await upstream?.close();
    await fixture?.close();
  });

  const openConnection = async (browser: Browser, url: string): Promise<Page> => {
    context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
    await page.goto(url);
    await page.getByRole('button', { name: 'Connection' }).click();
    return page;
  };

  it('makes the workspace a proxy of the upstream with its token, which is never shown back', async () => {
    const workspace = await createTestWorkspace(fixture, 'e2e-proxy');
    await upstream.request('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'upstream-only@example.com' });
    const page = await openConnection(fixture.browser, workspace.inspectorUrl);
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
    context = await fixture.browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(5_000);
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
    const page = await openConnection(fixture.browser, workspace.inspectorUrl);
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

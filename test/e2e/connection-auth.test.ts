import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * Picking a workspace's auth mode in Connection, in Chromium against a real engine: the mode is
 * saved (and enforced by the SCIM listener), and the card lists the fields each IdP asks for in
 * that mode, named as the IdP names them, with the secret masked until revealed.
 */
if (chromiumMissing) console.log(`Connection auth e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(chromiumMissing)(`auth modes in Connection${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    fixture = await startInspector();
    ({ page } = await reusableTab(fixture));
    page.setDefaultTimeout(5_000);
    await page.goto(fixture.inspectorUrl);
    await page.getByRole('button', { name: 'Connection' }).click();
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });

  const card = () => page.getByRole('region', { name: 'Connection' });
  const fields = () => page.getByTestId('idp-fields');
  const form = () => page.getByRole('form', { name: 'Authentication' });
  const mode = () => form().getByRole('combobox', { name: 'Authentication mode' });
  const saved = () => page.getByTestId('auth-message');
  const settings = () => fixture.scim.app.workbench.workspaces.find('default')!.settings.auth;

  it('shows bearer fields by default: Okta HTTP Header, Entra Secret Token, OneLogin SCIM Bearer Token', async () => {
    await expect.poll(() => mode().inputValue()).toBe('bearer');
    const text = await fields().textContent();
    for (const field of [
      'SCIM connector base URL',
      'Unique identifier field for users',
      'userName',
      'HTTP Header',
      'Tenant URL',
      'Secret Token',
      'SCIM Base URL',
      'SCIM Bearer Token',
    ])
      expect(text).toContain(field);
    expect(text).not.toContain(fixture.scim.token);
  });

  it('switches to OAuth 2: the token endpoint, client id and client secret for Okta and Entra, OneLogin told to use bearer', async () => {
    await mode().selectOption('oauth');
    await form().getByLabel('Client id').fill('entra-provisioning');
    await form().getByLabel('Access token lifetime (seconds)').fill('60');
    await form().getByRole('button', { name: 'Save authentication' }).click();
    await expect.poll(() => saved().textContent()).toContain('accepts oauth credentials only');
    expect(settings()).toMatchObject({ mode: 'oauth', clientId: 'entra-provisioning', tokenLifetimeSeconds: 60 });
    const text = await fields().textContent();
    for (const field of [
      'OAuth 2',
      'Access token endpoint URI',
      'Client ID',
      'Client Secret',
      'Token endpoint',
      'Client identifier',
      'Client secret',
      'entra-provisioning',
      `${fixture.scim.baseUrl}/oauth/token`,
    ])
      expect(text).toContain(field);
    expect(text).toContain('OneLogin sends a SCIM Bearer Token only');
    expect(text).not.toContain(fixture.scim.token);
    // The listener now wants an access token: the raw secret as a bearer token is refused.
    expect((await fixture.scim.request('GET', '/Users')).status).toBe(401);
  });

  it('reveals the secret on request, in the IdP fields too', async () => {
    await card().getByRole('button', { name: 'Reveal secret' }).click();
    expect(await fields().textContent()).toContain(fixture.scim.token);
    await card().getByRole('button', { name: 'Hide secret' }).click();
    expect(await fields().textContent()).not.toContain(fixture.scim.token);
  });

  it('switches to Basic Auth with a username, and to a custom header', async () => {
    await mode().selectOption('basic');
    await form().getByLabel('Basic username').fill('okta-basic');
    await form().getByRole('button', { name: 'Save authentication' }).click();
    await expect.poll(() => fields().textContent()).toContain('Basic Auth');
    expect(await fields().textContent()).toContain('okta-basic');
    expect(await fields().textContent()).toContain('Entra ID sends a bearer token');
    expect(settings()).toMatchObject({ mode: 'basic', username: 'okta-basic' });

    await mode().selectOption('header');
    await form().getByLabel('Header name').fill('X-Scim-Key');
    await form().getByRole('button', { name: 'Save authentication' }).click();
    await expect.poll(() => fields().textContent()).toContain('X-Scim-Key');
    expect(settings()).toMatchObject({ mode: 'header', headerName: 'X-Scim-Key' });
  });

  it('shows the reason when the engine refuses a value, and keeps what was saved', async () => {
    await form().getByLabel('Header name').fill('Authorization');
    await form().getByRole('button', { name: 'Save authentication' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'auth.headerName' }).count()).toBe(1);
    expect(settings().headerName).toBe('X-Scim-Key');
    // Back to bearer, so the fixture's own requests work again.
    await mode().selectOption('bearer');
    await form().getByRole('button', { name: 'Save authentication' }).click();
    await expect.poll(() => settings().mode).toBe('bearer');
  });

  it('checks another SCIM server with OAuth client credentials from the Simulate view', async () => {
    // The "other server" is a workspace of this workbench in oauth mode, reached by its URL.
    const target = fixture.scim.app.workbench.workspaces.create('remote');
    fixture.scim.app.workbench.workspaces.configure('remote', { auth: { mode: 'oauth', clientId: 'remote-app' } });
    await page.getByRole('button', { name: 'Simulate' }).click();
    const checks = page.getByRole('main', { name: 'Simulate' }).getByRole('region', { name: 'Conformance check' });
    await checks.getByLabel('Check', { exact: true }).selectOption('(url)');
    await checks.getByLabel('Check URL').fill(`${fixture.scim.origin}/w/remote/scim/v2`);
    await checks.getByLabel('Check authentication').selectOption('oauth');
    await checks.getByLabel('Check client id').fill('remote-app');
    await checks.getByLabel('Check client secret').fill(target.token);
    await checks.getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(() => checks.getByTestId('check-summary').count(), { timeout: 20_000 }).toBe(1);
    expect(await checks.getByTestId('check-summary').textContent()).toMatch(/^\d+ passed, 0 failed/);
    expect(await checks.getByRole('list', { name: 'Check results' }).textContent()).toContain('The token endpoint issues a bearer access token');
    // The results show the token request, never the secret or the issued token.
    expect(await checks.textContent()).not.toContain(target.token);
  });
});

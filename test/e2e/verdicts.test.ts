import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';
import { fixtureAdminApi } from '../support/inspector-workspace';
import { seriousViolations } from '../support/axe';

/**
 * The verdicts in the inspector, in Chromium against a real engine: an imported HAR of an upstream
 * whose create answers 200 without an id shows that row with its badge, the Verdicts tab names each
 * finding with its source and fix, a clean answer says there is nothing to report, the session's
 * summary line adds them up, and `verdict:` filters the list.
 */
describe.skipIf(chromiumMissing)(`verdicts in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  const pageErrors: string[] = [];

  const entry = (method: string, url: string, status: number, body: unknown, requestBody?: unknown) => ({
    startedDateTime: '2026-12-01T10:00:00.000Z',
    time: 3,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'User-Agent', value: 'Okta SCIM Client 1.0.0' }],
      queryString: [],
      headersSize: -1,
      bodySize: -1,
      ...(requestBody !== undefined && { postData: { mimeType: 'application/scim+json', text: JSON.stringify(requestBody) } }),
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Content-Type', value: 'application/scim+json' }],
      content: { size: -1, mimeType: 'application/scim+json', text: JSON.stringify(body) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 3, receive: 0 },
  });

  beforeAll(async () => {
    fixture = await startInspector();
    const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ann.verdict@example.com' };
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'upstream capture', version: '1' },
        entries: [
          // Okta's create answered 200 without an id: three findings (rfc.create-status, rfc.resource-id, okta.create-id).
          entry('POST', 'https://app.example.com/scim/v2/Users', 200, { ...user, active: true, meta: { resourceType: 'User' } }, user),
          // A correct page: nothing to report.
          entry('GET', 'https://app.example.com/scim/v2/Users?startIndex=1&count=1', 200, {
            schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
            totalResults: 0,
            startIndex: 1,
            itemsPerPage: 0,
            Resources: [],
          }),
        ],
      },
    };
    const imported = await fixtureAdminApi(() => fixture)('POST', '/sessions/import?name=Upstream%20capture', har);
    expect(imported.status, imported.text).toBe(201);
    // The search index is written in the background: the filter test needs the import in it.
    await fixture.scim.app.workbench.searchIndexer.catchUp();
    ({ page } = await reusableTab(fixture, { viewport: { width: 1440, height: 900 } }));
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${error.stack ?? ''}`));
    await page.goto(fixture.inspectorUrl);
    const picker = page.getByRole('combobox', { name: 'Session', exact: true });
    const option = picker.locator('option').filter({ hasText: 'Upstream capture' }).first();
    await option.waitFor({ state: 'attached', timeout: 15_000 });
    await picker.selectOption((await option.getAttribute('value'))!);
    await page.getByTestId('traffic-row').nth(1).waitFor({ timeout: 15_000 });
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  afterEach(() => expect(pageErrors).toEqual([]));

  const rows = () => page.getByTestId('traffic-row');
  const open = async (text: string) => {
    const row = rows().filter({ hasText: text }).first();
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('complementary', { name: 'Exchange detail' }).getByRole('tablist').waitFor();
  };

  it('marks the broken answer in the list with a badge named for screen readers, and the clean one without', async () => {
    const broken = rows().filter({ hasText: 'POST' });
    await expect.poll(() => broken.getByRole('img', { name: '3 verdict findings' }).count()).toBe(1);
    expect(await rows().filter({ hasText: 'GET' }).getByRole('img').count()).toBe(0);
  });

  it('lists each finding in the Verdicts tab with what was seen, the fix and the source', async () => {
    await open('POST');
    await page.getByRole('tab', { name: 'Verdicts (3)' }).click();
    const findings = page.getByRole('list', { name: 'Verdict findings' }).getByRole('listitem');
    await expect.poll(() => findings.count()).toBe(3);
    const okta = findings.filter({ hasText: 'okta.create-id' });
    const text = await okta.innerText();
    expect(text).toContain('Okta');
    expect(text).toContain('the answer has no id');
    expect(text).toMatch(/Fix\s+Answer the create with the stored user, "id" included\./);
    expect(text).toContain('Okta: SCIM 2.0 provisioning guide');
    expect(await findings.filter({ hasText: 'rfc.create-status' }).innerText()).toContain('RFC 7644 §3.3');
  });

  it('has no serious or critical axe-core finding with the badge, the summary and the Verdicts tab shown', async () => {
    await open('POST');
    await page.getByRole('tab', { name: /^Verdicts/ }).click();
    await page.getByRole('list', { name: 'Verdict findings' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('says there is nothing to report for a clean answer', async () => {
    await open('GET');
    await page.getByRole('tab', { name: 'Verdicts', exact: true }).click();
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('Nothing to report');
  });

  it("adds the session's answers up above the list, with the rules that fired", async () => {
    const summary = page.getByTestId('verdict-summary');
    await expect.poll(() => summary.locator('summary').innerText()).toBe('2 answers judged: 1 would fail Okta, 1 RFC error');
    await summary.locator('summary').click();
    await expect.poll(() => page.getByRole('list', { name: 'Rules that fired in this session' }).getByRole('listitem').count()).toBe(3);
  });

  it('filters the list with verdict: and has:verdict', async () => {
    const filter = page.getByLabel('Filter', { exact: true });
    await filter.fill('verdict:okta.create-id');
    await filter.press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().innerText()).toContain('POST');
    await filter.fill('has:verdict');
    await filter.press('Enter');
    await expect.poll(() => rows().count()).toBe(1);
    await filter.fill('');
    await filter.press('Enter');
    await expect.poll(() => rows().count()).toBe(2);
  });
});

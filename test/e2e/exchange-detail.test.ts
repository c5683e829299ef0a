import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/engine/scim/urns';
import { seriousViolations } from '../support/axe';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * What the exchange detail and Resources show, in Chromium against a real engine: decoded query
 * parameters, an invalidFilter's filter and reason, every recorded header, a JSON viewer that
 * copies valid JSON, folds and searches, a runnable Copy as cURL, names instead of ids, and an
 * error answer replayed compared as the SCIM error.
 */
describe.skipIf(chromiumMissing)(`exchange detail in Chromium${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let fixture: InspectorFixture;
  let page: Page;
  let janeId: string;
  const okta = { 'user-agent': 'Okta SCIM Client' };
  const INVALID_FILTER = 'userName eqq "jane"';

  beforeAll(async () => {
    fixture = await startInspector();
    const { scim } = fixture;
    janeId = (await scim.request('POST', '/Users', { schemas: [URN.user], userName: 'jane.detail@example.com', displayName: 'Jane Detail' }, okta)).body.id;
    await scim.request('POST', '/Groups', { schemas: [URN.group], displayName: 'Detail Admins', members: [{ value: janeId }] }, okta);
    await scim.request('PATCH', `/Users/${janeId}`, { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'active', value: false }] }, okta);
    await scim.request('GET', `/Users?filter=${encodeURIComponent(INVALID_FILTER)}`, undefined, okta);
    await scim.request(
      'GET',
      `/Users?filter=${encodeURIComponent('userName sw "jane"')}&startIndex=1&count=2&attributes=userName,displayName`,
      undefined,
      okta,
    );
    // A tab made by newContext, not browser.newPage (reusableTab's): axe-core asks for one.
    ({ page } = await reusableTab(fixture, { viewport: { width: 1440, height: 900 } }));
    page.setDefaultTimeout(5_000);
    page.on('pageerror', (error) => pageErrors.push(`${error.message} ${error.stack ?? ''}`));
    await page.goto(fixture.inspectorUrl);
    // Playwright's own waiting: expect.poll belongs to tests, not to beforeAll.
    await page.getByTestId('traffic-row').nth(4).waitFor({ timeout: 15_000 });
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  // A render error unmounts the inspector: each test ends with none.
  const pageErrors: string[] = [];
  afterEach(() => expect(pageErrors).toEqual([]));

  const open = async (text: string) => {
    const row = page.getByTestId('traffic-row').filter({ hasText: text }).first();
    await row.click();
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
    // Selecting shows "Loading…" until the exchange is read; its tabs come with it.
    await page.getByRole('complementary', { name: 'Exchange detail' }).getByRole('tablist').waitFor();
  };
  const tab = (name: string | RegExp) => page.getByRole('tab', { name }).click();
  const lookupText = 'attributes=userName';

  it('shows a GET request’s query parameters decoded instead of "No request body."', async () => {
    await open(lookupText);
    await tab('Request');
    const table = page.getByRole('table', { name: 'Query parameters' });
    await expect
      .poll(() => table.locator('tbody tr').allInnerTexts())
      .toEqual(['filter\tuserName sw "jane"', 'startIndex\t1', 'count\t2', 'attributes\tuserName,displayName']);
    expect(await page.locator('.detail').innerText()).not.toContain('No request body');
  });

  it('shows an invalidFilter’s filter decoded and the parser’s reason', async () => {
    await open('eqq');
    await tab('Summary');
    await expect.poll(() => page.getByTestId('decoded-filter').textContent()).toBe(INVALID_FILTER);
    const reason = await page.getByTestId('error-reason').textContent();
    expect(reason).toContain('invalidFilter');
    expect(reason).toMatch(/not valid SCIM filter syntax: .+/);
  });

  it('shows every recorded header, the ones sent after a write included, with secrets redacted', async () => {
    await open('PATCH');
    await tab('Headers');
    const [request, response] = [page.locator('table.headers').nth(0), page.locator('table.headers').nth(1)];
    await expect.poll(() => request.textContent()).toContain('Bearer [redacted]');
    const names = await response.locator('th').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['x-workbench-notes', 'content-length', 'date', 'etag']));
    expect(await response.textContent()).toContain('normalised:capitalisedOp');
  });

  it('copies valid JSON, selected or with Copy; folds and unfolds all', async () => {
    await open(lookupText);
    await tab('Response');
    const body = page.getByLabel('Response body', { exact: true });
    // What a selection of the whole view copies: the pretty print, which parses.
    const shown = JSON.parse(await body.innerText()) as { Resources: unknown[] };
    expect(shown.Resources).toHaveLength(1);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    const copied = await page.getByTestId('copied-body').getAttribute('data-copied');
    expect(JSON.parse(copied!)).toEqual(shown);
    expect(copied).toBe(JSON.stringify(shown, null, 2));

    await page.getByRole('button', { name: 'Collapse all' }).click();
    await expect.poll(() => body.locator('button[aria-expanded="false"]').count()).toBeGreaterThan(0);
    expect(await body.innerText()).not.toContain('jane.detail@example.com');
    await page.getByRole('button', { name: 'Expand all' }).click();
    await expect.poll(() => body.locator('button[aria-expanded="false"]').count()).toBe(0);
    expect(JSON.parse(await body.innerText())).toEqual(shown);

    // The viewer's own controls: fold buttons, search, copy (the rest of the page is checked by the accessibility e2e).
    expect(await seriousViolations(page, '.json-view')).toEqual([]);
  });

  it('searches within a body: highlights matches, next/previous, unfolding what hides the current one', async () => {
    await open('created user');
    await tab('Response');
    await page.getByRole('button', { name: 'Collapse all' }).click();
    const search = page.getByRole('searchbox', { name: 'Search in the response body' });
    // The first match is in `schemas`, folded by "Collapse all": unfolded to show it.
    await search.fill('user');
    const count = page.locator('.match-count');
    await expect.poll(() => count.textContent()).toMatch(/^1 of [4-9]/);
    await expect.poll(() => page.locator('mark.current').isVisible()).toBe(true);
    expect(await page.locator('mark.current').textContent()).toBe('User');
    const total = Number((await count.textContent())!.split(' of ')[1]);
    expect(await page.getByLabel('Response body', { exact: true }).locator('mark').count()).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => count.textContent()).toBe(`2 of ${total}`);
    await page.getByRole('button', { name: 'Previous match' }).click();
    await page.getByRole('button', { name: 'Previous match' }).click();
    await expect.poll(() => count.textContent()).toBe(`${total} of ${total}`);
    // The last one is in meta.location, folded too.
    await expect.poll(() => page.locator('mark.current').isVisible()).toBe(true);
    await search.fill('no-such-text');
    await expect.poll(() => count.textContent()).toBe('No match');
  });

  it('copies a runnable cURL command: bash runs it with $SCIM_TOKEN and gets the recorded answer', async () => {
    await open(lookupText);
    await tab('Request');
    await page.getByRole('button', { name: 'Copy as cURL' }).click();
    const status = page.getByTestId('copied-request');
    await expect.poll(() => status.textContent()).toContain('export SCIM_TOKEN=');
    const command = (await status.getAttribute('data-copied'))!;
    expect(command).not.toContain('[redacted]');
    // --norc: bash reads ~/.bashrc when its stdin is a socket, as execFile's is; the machine's .bashrc is not part of the command.
    const { stdout } = await promisify(execFile)('bash', ['--norc', '-c', `${command} --silent --write-out '\\n%{http_code}'`], {
      env: { PATH: process.env.PATH, SCIM_TOKEN: fixture.scim.token },
    });
    await tab('Response');
    const recordedBody = await page.getByLabel('Response body', { exact: true }).innerText();
    const cut = stdout.lastIndexOf('\n');
    expect(stdout.slice(cut + 1)).toBe('200');
    expect(JSON.parse(stdout.slice(0, cut))).toEqual(JSON.parse(recordedBody));
  });

  it('names resources and members instead of ids, the id one click away', async () => {
    await open('Groups');
    await tab(/Changes/);
    await expect.poll(() => page.locator('.resource-diff').first().textContent()).toContain('Members added: jane.detail@example.com');
    expect(await page.locator('.resource-diff h3').first().textContent()).toContain('Group Detail Admins');
    expect(await page.locator('.resource-diff').first().textContent()).not.toContain(janeId);
    expect(await page.getByRole('button', { name: 'Copy the id of jane.detail@example.com' }).count()).toBe(1);
    expect(await page.locator(`[data-id="${janeId}"]`).getAttribute('title')).toBe(`id ${janeId}`);

    await page.getByRole('button', { name: 'Resources' }).click();
    await page.getByTestId('resource-row').filter({ hasText: 'jane.detail@example.com' }).click();
    const history = page.getByRole('complementary', { name: 'Resource history' });
    await expect.poll(() => history.locator('h2').textContent()).toContain('Jane Detail · jane.detail@example.com');
    await expect.poll(() => history.locator('.version-summary').allTextContents()).toEqual(['created', 'set active to false']);
    await history.getByText('Current JSON').click();
    expect(JSON.parse(await history.getByLabel('Resource body', { exact: true }).innerText())).toMatchObject({ id: janeId, active: false });

    await page.getByRole('button', { name: 'Groups', exact: true }).click();
    await page.getByTestId('resource-row').filter({ hasText: 'Detail Admins' }).click();
    await expect.poll(() => history.locator('.version-summary').first().textContent()).toBe('created · members added: jane.detail@example.com');
  });

  it('compares a replayed error answer as the SCIM error, in panes that do not overflow', async () => {
    await page.getByRole('button', { name: 'Traffic', exact: true }).click();
    await open('created user');
    await tab('Replay');
    // The tab's button, not the header's Replay view.
    await page.locator('.replay-tab').getByRole('button', { name: 'Replay', exact: true }).click();
    const compared = page.getByRole('table', { name: 'SCIM error compared' });
    await expect.poll(() => compared.textContent(), { timeout: 10_000 }).toContain('uniqueness');
    expect(await compared.locator('tr', { hasText: 'Status' }).innerText()).toBe('Status\t201\t409');
    expect(await page.locator('.differences li').allTextContents()).toEqual([
      'status 409, recorded 201',
      expect.stringMatching(/^the answer is a SCIM error \(uniqueness: .+\), not the recorded body$/),
    ]);
    const sideBySide = page.locator('.side-by-side');
    const overflow = await sideBySide.evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

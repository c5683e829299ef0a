import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../src/shared/suites';
import { chromiumMissing, CHROMIUM, reusableTab, startInspector, type InspectorFixture } from '../support/inspector';

/**
 * External suites in the Simulate view (Chromium, Playwright, a real engine): a Runscope export
 * dropped onto the suite panel runs against the picked workspace, its steps listed as they finish,
 * and the report downloads as Markdown and JSON; a Postman collection picked with the file input
 * runs with folders left out; a file that is no suite gets the engine's clear message.
 */
if (chromiumMissing) console.log(`Simulate suites e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const fixtures = resolve(import.meta.dirname, '..', 'fixtures', 'suites');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe.skipIf(chromiumMissing)(`conformance suites in the Simulate view${chromiumMissing ? ` (skipped: no ${CHROMIUM})` : ''}`, () => {
  let inspector: InspectorFixture;
  let page: Page;
  beforeAll(async () => {
    inspector = await startInspector();
    ({ page } = await reusableTab(inspector, { acceptDownloads: true }));
    page.setDefaultTimeout(10_000);
    await page.goto(inspector.inspectorUrl);
    await page.getByRole('button', { name: 'Simulate' }).click();
  }, 120_000);
  afterAll(async () => {
    await inspector?.close();
  });

  const panel = () => page.getByRole('main', { name: 'Simulate' }).getByRole('region', { name: 'Conformance suite' });
  const resultTexts = () => panel().getByRole('list', { name: 'Suite results' }).locator(':scope > li summary').allTextContents();

  /** Drops a file onto the suite panel as a user dragging it from the desktop would. */
  async function drop(name: string, text: string): Promise<void> {
    const zone = page.getByTestId('suite-drop-zone');
    const dataTransfer = await page.evaluateHandle(
      ([fileName, content]) => {
        // Runs in the page: its DOM types are not in the tests' (Node) type library.
        const { DataTransfer: Transfer, File: PageFile } = globalThis as any;
        const transfer = new Transfer();
        transfer.items.add(new PageFile([content!], fileName!, { type: 'application/json' }));
        return transfer;
      },
      [name, text],
    );
    await zone.dispatchEvent('dragenter', { dataTransfer });
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
  }

  async function download(button: string): Promise<{ name: string; text: string; url: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), panel().getByRole('button', { name: button }).click()]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8'), url: file.url() };
  }

  it('runs a dropped Runscope export against the picked workspace, lists each step, and downloads the report', async () => {
    await drop('small-scim.runscope.json', fixture('small-scim.runscope.json'));
    await expect.poll(() => panel().getByTestId('suite-file').textContent()).toBe('small-scim.runscope.json');
    expect(await panel().getByLabel('Run against', { exact: true }).inputValue()).toBe('default');
    await panel().getByRole('button', { name: 'Run suite' }).click();

    await expect
      .poll(() => resultTexts(), { timeout: 20_000 })
      .toEqual([
        '✓ 1. List users (2/2 assertions)',
        '✓ 2. Create a user (2/2 assertions)',
        '✓ 3. Get the user (3/3 assertions)',
        '✓ 4. Get an unknown user (1/1 assertions)',
      ]);
    await expect
      .poll(() => panel().getByTestId('suite-summary').textContent())
      .toBe('0 of 4 steps failed; assertions 8 passed, 0 failed; timing 0 within, 0 over their limit');
    const progress = await panel().getByTestId('suite-progress').textContent();
    expect(progress).toContain(`4/4 · Runscope export small-scim.runscope.json against ${inspector.scim.baseUrl} · done`);
    // The steps really reached the workspace: the user the export created is there.
    expect((await inspector.scim.request('GET', '/Users?filter=userName%20sw%20%22okta.%22')).body.totalResults).toBe(1);

    const markdown = await download('Download report (Markdown)');
    expect(markdown.name).toMatch(/^suite-\d+\.md$/);
    expect(markdown.text).toContain('# Conformance suite');
    expect(markdown.text).toContain('## Runscope export small-scim.runscope.json');
    expect(markdown.text).toContain('- ✓ 3. Get the user: 3/3 assertions');
    const json = await download('Download report (JSON)');
    const report = JSON.parse(json.text) as SuiteReport;
    expect(report).toMatchObject({
      target: inspector.scim.baseUrl,
      runscope: { file: 'small-scim.runscope.json', summary: { steps: { passed: 4, failed: 0 } } },
    });
    // The workspace token is neither in the report nor in the download's address.
    expect(markdown.text + json.text + json.url).not.toContain(inspector.scim.token);
  });

  it('runs a picked Postman collection with folders left out, and shows a failing assertion', async () => {
    await panel()
      .getByLabel('Suite file')
      .setInputFiles({
        name: 'small-scim.postman_collection.json',
        mimeType: 'application/json',
        buffer: Buffer.from(fixture('small-scim.postman_collection.json')),
      });
    await expect.poll(() => panel().getByTestId('suite-file').textContent()).toBe('small-scim.postman_collection.json');
    await panel().getByLabel('Folders to leave out').fill('Get Token');
    await panel().getByRole('button', { name: 'Run suite' }).click();
    await expect
      .poll(() => panel().getByTestId('suite-summary').textContent(), { timeout: 20_000 })
      .toBe('1 of 5 requests failed; assertions 7 passed, 1 failed');
    expect(await panel().getByTestId('suite-progress').textContent()).toContain('left out: Get Token');
    const failing = panel().getByRole('list', { name: 'Suite results' }).locator('li.check-fail');
    expect(await failing.locator('summary').textContent()).toBe('✗ 4. Deliberately failing / Ask for a teapot (0/1 assertions)');
    expect(await failing.textContent()).toContain('Status code is 418: expected response to have status code 418 but got 200');
  });

  it('says clearly when a dropped file is not a suite', async () => {
    await drop('notes.json', fixture('not-a-suite.json'));
    await expect.poll(() => panel().getByTestId('suite-file').textContent()).toBe('notes.json');
    await panel().getByLabel('Folders to leave out').fill('');
    await panel().getByRole('button', { name: 'Run suite' }).click();
    await expect
      .poll(() => panel().getByRole('alert').textContent())
      .toBe('notes.json: The file is neither a Runscope test export (a "steps" list) nor a Postman collection (an "info" object and an "item" list).');
  });
});

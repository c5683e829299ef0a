import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The closing line CI reads, from vitest JSON reports shaped as vitest writes them. */
const script = resolve(__dirname, '../../../scripts/test-summary.mjs');
const dir = mkdtempSync(join(tmpdir(), 'test-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function closingLine(report: unknown, exitCode: string): string {
  const file = join(dir, `${Math.random()}.json`);
  writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  return execFileSync(process.execPath, [script, file, exitCode], { encoding: 'utf8' }).trim().split('\n').at(-1)!;
}

const test = (title: string, status: string) => ({ title, status });

describe('the closing line', () => {
  it('counts passed, failed and skipped tests of files that ran', () => {
    const report = {
      numFailedTests: 1,
      testResults: [
        { name: 'a.test.ts', status: 'passed', assertionResults: [test('a', 'passed'), test('b', 'skipped')] },
        { name: 'b.test.ts', status: 'failed', assertionResults: [test('c', 'passed'), test('d', 'failed')] },
      ],
    };
    expect(closingLine(report, '1')).toBe('2 passed, 1 failed, 1 skipped');
  });

  it('counts every file that failed to load, not one for all of them', () => {
    const report = {
      numFailedTests: 0,
      testResults: [
        { name: 'b.test.ts', status: 'failed', message: "Cannot find module './gone'", assertionResults: [] },
        { name: 'c.test.ts', status: 'failed', message: 'load fail', assertionResults: [] },
        { name: 'd.test.ts', status: 'passed', assertionResults: [test('e', 'passed')] },
      ],
    };
    expect(closingLine(report, '1')).toBe('1 passed, 2 failed, 0 skipped');
  });

  it('counts the tests a failed beforeAll kept from running as failed, not skipped', () => {
    const report = {
      numFailedTests: 0,
      numPendingTests: 2,
      testResults: [{ name: 'a.test.ts', status: 'failed', assertionResults: [test('t1', 'skipped'), test('t2', 'skipped')] }],
    };
    expect(closingLine(report, '1')).toBe('0 passed, 2 failed, 0 skipped');
  });

  it('prints a failing line for a corrupt report', () => {
    expect(closingLine('{"testResults": [', '0')).toBe('0 passed, 1 failed, 0 skipped');
  });

  it('never reports all passed for a command that failed', () => {
    expect(closingLine({ testResults: [{ name: 'a.test.ts', status: 'passed', assertionResults: [test('a', 'passed')] }] }, '1')).toBe(
      '1 passed, 1 failed, 0 skipped',
    );
  });
});

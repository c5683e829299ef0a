// Prints the closing line CI reads ("N passed, N failed, N skipped") from vitest's JSON report.
//
// Counted per test file, from the tests' own statuses rather than the report's totals: vitest
// reports a file that fails to load with no tests at all, and the tests of a suite whose
// beforeAll threw as "skipped", while its totals count neither as failures. So a failed file
// with no failed test counts each of its tests as failed (at least one for a file with none).
// A missing or unreadable report after a failed command counts as one failure, and a failed
// command is never summarised as all passed.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath = 'test-results/vitest.json', exitCode = '0'] = process.argv.slice(2);

function summarise(report) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    const count = (status) => tests.filter((test) => status.includes(test.status)).length;
    passed += count(['passed']);
    const failedTests = count(['failed']);
    const notRun = count(['skipped', 'pending', 'todo', 'disabled']);
    if (file.status === 'failed' && failedTests === 0) {
      const reason = (file.message ?? '').split('\n')[0];
      console.log(`${file.name}: the file failed outside its tests${reason ? ` (${reason})` : ''}; its ${Math.max(1, notRun)} unrun test(s) count as failed.`);
      failed += Math.max(1, notRun);
    } else {
      failed += failedTests;
      skipped += notRun;
    }
  }
  return { passed, failed, skipped };
}

let summary = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(reportPath)) {
  try {
    summary = summarise(JSON.parse(readFileSync(reportPath, 'utf8')));
  } catch (error) {
    console.log(`The test report ${reportPath} cannot be read: ${error.message}`);
    summary.failed = 1;
  }
} else if (exitCode !== '0') {
  console.log('The test command failed before any test ran (see the typecheck and lint output above).');
}
if (summary.failed === 0 && exitCode !== '0') summary.failed = 1;
console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);

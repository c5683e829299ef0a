// Prints the closing line CI reads ("N passed, N failed, N skipped") from vitest's JSON
// report. When the report is missing (typecheck failed, so vitest never ran) and the test
// command failed, that failure is counted so the line never claims success.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath = 'test-results/vitest.json', exitCode = '0'] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (failed === 0 && exitCode !== '0') failed = 1;
} else if (exitCode !== '0') {
  console.log('The test command failed before any test ran (see the typecheck output above).');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);

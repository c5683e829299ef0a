import type { CheckReport } from '../../shared/conformance';
import { verdictLine } from '../../shared/check-verdicts';

/** The check report as lines: each chosen IdP's verdict first (with what --only left out), then every check with its problems and what the IdP would do. */
export function printCheckReport(report: CheckReport, onlyLine?: string): void {
  for (const verdict of report.verdicts) console.log(`${verdict.works ? '✓' : '✗'} ${verdictLine(verdict)}`);
  if (onlyLine) console.log(onlyLine);
  console.log('');
  const total = report.results.length;
  report.results.forEach((result, index) => {
    const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '–';
    console.log(`${mark} [${index + 1}/${total}] ${result.name}`);
    for (const problem of result.problems) console.log(`    ${problem}`);
    for (const note of result.notes ?? []) console.log(`    note: ${note}`);
    if (result.consequence) console.log(`    ${result.consequence}`);
  });
}

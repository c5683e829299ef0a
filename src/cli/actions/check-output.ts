import type { CliIo } from '../cli-io';
import type { CheckReport } from '../../shared/conformance';
import { verdictLine } from '../../shared/check-verdicts';

/** The check report as lines: each chosen IdP's verdict first (with what --only left out), then every check with its problems and what the IdP would do. */
export function printCheckReport(io: CliIo, report: CheckReport, onlyLine?: string): void {
  for (const verdict of report.verdicts) io.out(`${verdict.works ? '✓' : '✗'} ${verdictLine(verdict)}`);
  if (onlyLine) io.out(onlyLine);
  io.out('');
  const total = report.results.length;
  report.results.forEach((result, index) => {
    const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '–';
    io.out(`${mark} [${index + 1}/${total}] ${result.name}`);
    for (const problem of result.problems) io.out(`    ${problem}`);
    for (const note of result.notes ?? []) io.out(`    note: ${note}`);
    if (result.consequence) io.out(`    ${result.consequence}`);
  });
}

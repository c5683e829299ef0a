import type { SuiteReport } from '../../shared/suites';
import { postmanToMarkdown } from './postman';
import { runscopeToMarkdown } from './runscope';

/** A suite job's report as a readable page: what ran against what, then the suite's own section. */
export function suiteReportToMarkdown(report: SuiteReport): string {
  const head = ['# Conformance suite', '', `- Target: ${report.target}`, `- Started: ${report.startedAt}`, ''].join('\n');
  return (
    head + (report.runscope ? runscopeToMarkdown(report.runscope.file, report.runscope.steps) : '') + (report.postman ? postmanToMarkdown(report.postman) : '')
  );
}

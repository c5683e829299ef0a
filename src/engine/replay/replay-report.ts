import type { ReplayReport } from '../../shared/replay';

/** The report as a readable Markdown page: a summary, then each step that differed, in words and as values. */
export function reportToMarkdown(report: ReplayReport): string {
  const lines = [
    '# SCIM replay report',
    '',
    `- Target: ${report.target}`,
    `- Started: ${report.startedAt} (${(report.durationMs / 1000).toFixed(1)} s)`,
    `- Steps: ${report.run} of ${report.total} run, **${report.matched} matched, ${report.differed} differed**${report.cancelled ? ' — cancelled' : ''}${report.stoppedEarly ? ' — stopped at the first difference' : ''}${report.unreachable ? ` — stopped: ${report.unreachable}` : ''}`,
    '',
    '| # | Request | Recorded | Replayed | Result |',
    '| --- | --- | --- | --- | --- |',
    ...report.steps.map(
      (step) =>
        `| ${step.index + 1} | \`${step.method} ${escape(step.path)}\` | ${step.recordedStatus} | ${step.status ?? step.error ?? '—'} | ${step.matched ? 'match' : `**${step.differences.length} difference(s)**`} |`,
    ),
  ];
  for (const step of report.steps.filter((candidate) => !candidate.matched)) {
    lines.push('', `## Step ${step.index + 1}: ${step.method} ${step.path}`, '');
    for (const difference of step.differences) {
      lines.push(
        `- ${difference.message}${'recorded' in difference ? `; recorded \`${JSON.stringify(difference.recorded)}\`` : ''}${'replayed' in difference ? `, replayed \`${JSON.stringify(difference.replayed)}\`` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'");
}

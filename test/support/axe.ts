import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright';

/** The impacts an accessibility check fails on: axe's "serious" and "critical" (all of axe's rules: WCAG 2.x A/AA and best practices). */
const FAILING = new Set(['serious', 'critical']);

/**
 * axe-core run on the page as it is now: every serious or critical violation, one line per element
 * ("rule-id (impact) target: why"), so a failing expectation says what to fix and where.
 */
export async function seriousViolations(page: Page, only?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).setLegacyMode(true);
  // Legacy mode runs axe in the page itself; the default opens a blank page per run to finish it in
  // (for cross-origin frames, which the inspector has none of), which doubled the time of each run.
  // `only`: a CSS selector, to check just the part of the page that changed.
  if (only) builder.include(only);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => FAILING.has(violation.impact ?? ''))
    .flatMap((violation) =>
      violation.nodes.map((node) => {
        // failureSummary reads "Fix any of the following:\n  <reason>\n…": the first reason is enough.
        const reason = node.failureSummary?.split('\n')[1]?.trim() ?? violation.help;
        return `${violation.id} (${violation.impact}) ${node.target.join(' ')}: ${reason}`;
      }),
    );
}

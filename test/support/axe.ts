import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright';

/** The impacts an accessibility check fails on: axe's "serious" and "critical" (all of axe's rules: WCAG 2.x A/AA and best practices). */
const FAILING = new Set(['serious', 'critical']);

/**
 * What AxeBuilder evaluates in place of axe-core's source (~550 kB) in a page that already holds it:
 * it evaluates the source at every run, twice, which took most of a run's second.
 */
const ALREADY_INJECTED = '/* axe-core is already in this page */';

/**
 * axe-core's minified build, the same version: AxeBuilder's default is the unminified axe.js (1.5 MB),
 * which Chromium parsed and compiled after every navigation, twice per first run (analyze() evaluates
 * its script, then injects it into each frame again): ~0.2 s of its CPU each time, 16 times a run.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Whether every frame of the page already holds axe-core from an earlier run (a navigation drops it). */
async function axeInjected(page: Page): Promise<boolean> {
  const frames = page.frames();
  const found = await Promise.all(frames.map((frame) => frame.evaluate('typeof window.axe?.run === "function"')));
  return found.every(Boolean);
}

/**
 * axe-core run on the page as it is now: every serious or critical violation, one line per element
 * ("rule-id (impact) target: why"), so a failing expectation says what to fix and where.
 */
export async function seriousViolations(page: Page, only?: string): Promise<string[]> {
  // Injected here, once per frame, so that AxeBuilder never evaluates a source of its own.
  if (!(await axeInjected(page))) await Promise.all(page.frames().map((frame) => frame.evaluate(AXE_SOURCE)));
  const builder = new AxeBuilder({ page, axeSource: ALREADY_INJECTED })
    // Every rule still runs on every element; only the violations are gathered in full. Building
    // selectors for all the passes and sending them over took more than the rules themselves.
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true);
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

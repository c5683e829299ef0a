import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'vitest';

/**
 * The third-party suites in ../shared/conformance (next to the checkout; SCIM_CONFORMANCE_DIR
 * points elsewhere, e.g. from a git worktree). A user's clone lacks the folder and its tests skip,
 * saying so; CI sets SCIM_WORKBENCH_REQUIRE_SUITES=1 (.ci/run), where an absent folder is a
 * failed test naming it, so the suites can never stop running there unnoticed.
 */
export const CONFORMANCE_DIR = process.env.SCIM_CONFORMANCE_DIR ?? resolve(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');
export const CONFORMANCE_REQUIRED = process.env.SCIM_WORKBENCH_REQUIRE_SUITES === '1';

export interface ConformanceSuite {
  file: string;
  present: boolean;
  /** the parsed file, when present */
  document: unknown;
}

/** One suite file; when it is absent, registers the skipped (or, in CI, failing) test that says so. */
export function conformanceSuite(name: string, label: string): ConformanceSuite {
  const file = resolve(CONFORMANCE_DIR, name);
  const present = existsSync(file);
  if (!present) {
    const absence = `${label}: ${file} is absent (the folder ${CONFORMANCE_DIR} holds the third-party suites)`;
    if (CONFORMANCE_REQUIRED) {
      it(`${label} (required by SCIM_WORKBENCH_REQUIRE_SUITES=1)`, () => {
        throw new Error(`${absence}; SCIM_WORKBENCH_REQUIRE_SUITES=1 requires it. Put the suites in ${CONFORMANCE_DIR} or set SCIM_CONFORMANCE_DIR.`);
      });
    } else {
      console.log(`${label} skipped: ${CONFORMANCE_DIR} absent`);
      it.skip(`${label} (skipped: ${CONFORMANCE_DIR} absent)`, () => {});
    }
  }
  return { file, present, document: present ? JSON.parse(readFileSync(file, 'utf8')) : undefined };
}

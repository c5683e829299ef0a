/**
 * Suites that need a tool this machine may lack (Chromium, sshd) skip on a user's machine, saying
 * so. CI installs the tools and sets SCIM_WORKBENCH_REQUIRE_SUITES=1 (.ci/run): there a missing
 * tool fails the test file instead, so a suite never silently stops running.
 */
export function skipWhenMissing(missing: boolean, tool: string, environment: NodeJS.ProcessEnv = process.env): boolean {
  if (missing && environment.SCIM_WORKBENCH_REQUIRE_SUITES === '1') {
    throw new Error(`${tool} is missing, and SCIM_WORKBENCH_REQUIRE_SUITES=1 requires the tests that need it to run (install it; .ci/run does).`);
  }
  return missing;
}

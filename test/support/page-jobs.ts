import type { Page } from 'playwright';
import { untilSettled, type adminApi } from './admin-api';

/** The admin API routes that start a job, and where that job is then read and cancelled. */
const JOB_STARTS: Record<string, string> = {
  '/api/simulations': 'simulations',
  '/api/demo': 'simulations',
  '/api/checks': 'checks',
  '/api/imports': 'imports',
  '/api/replays': 'replays',
  '/api/suites': 'suites',
};

/**
 * Notes each job the page starts (a simulation, the demo, a check, an import, a replay, a suite
 * run), so that after the test every one still running is cancelled and awaited: a test that failed
 * midway must not leave a job sending traffic into the next test's session.
 */
export function followJobsOf(page: Page, api: ReturnType<typeof adminApi>) {
  const started: Promise<string | undefined>[] = [];
  // From the request, not the response: a test that fails just after a click must still wait for
  // the job that click is starting, or the job would begin once the test is over.
  page.on('request', (request) => {
    const kind = JOB_STARTS[new URL(request.url()).pathname];
    if (!kind || request.method() !== 'POST') return;
    started.push(
      request
        .response()
        .then(async (response) => {
          const job = response?.ok() ? ((await response.json()) as { id?: unknown }) : undefined;
          return typeof job?.id === 'number' ? `/${kind}/${job.id}` : undefined;
        })
        .catch(() => undefined),
    );
  });
  return {
    /** Cancels the jobs still running and waits until each has stopped. */
    async stopAll(): Promise<void> {
      for (const path of await Promise.all(started.splice(0))) {
        if (!path) continue;
        const state = await api<{ state: string }>('GET', path);
        if (state.body?.state !== 'running') continue;
        await api('POST', `${path}/cancel`);
        await untilSettled(async () => (await api<{ state: string }>('GET', path)).body, `job ${path} after its cancel`);
      }
    },
  };
}

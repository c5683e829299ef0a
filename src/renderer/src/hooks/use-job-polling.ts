import { useEffect, useState } from 'react';
import { AdminApiError } from '../api/read-admin-answer';

const FIRST_DELAY_MS = 250;
const LONGEST_DELAY_MS = 5_000;

/**
 * Follows a running job (a replay; the Simulate view's jobs are followed by store/jobs.ts) by
 * polling the admin API until it ends. A poll that fails — the engine restarting, a dropped connection — is reported and tried
 * again, less often each time, instead of ending the polling: a job must never sit on screen as
 * "running" after it ended. Only an engine that no longer knows the job (404, it restarted) stops it.
 */
export function useJobPolling<T extends { id: number; state: string }>(
  job: T | undefined,
  read: ((id: number) => Promise<T>) | undefined,
  onState: (state: T) => void,
): { pollError?: string } {
  const [failures, setFailures] = useState(0);
  const [pollError, setPollError] = useState<string>();
  useEffect(() => {
    if (!job || job.state !== 'running' || !read) return;
    let cancelled = false;
    const delay = Math.min(FIRST_DELAY_MS * 2 ** failures, LONGEST_DELAY_MS);
    const timer = setTimeout(() => {
      read(job.id).then(
        (next) => {
          if (cancelled) return;
          setFailures(0);
          setPollError(undefined);
          onState(next);
        },
        (reason: Error) => {
          if (cancelled) return;
          if (reason instanceof AdminApiError && reason.status === 404) {
            setPollError(`The engine no longer knows this job (it may have restarted): ${reason.message}`);
            onState({ ...job, state: 'failed' } as T);
            return;
          }
          setPollError(`Lost touch with the engine, trying again: ${reason.message}`);
          setFailures((count) => count + 1);
        },
      );
    }, delay);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [job, read, onState, failures]);
  return { pollError };
}

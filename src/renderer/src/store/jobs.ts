import { create } from 'zustand';
import type { AdminClient } from '../api/admin-client';
import { AdminApiError } from '../api/read-admin-answer';
import type { CheckJobState, SimulationJobState } from '../../../shared/simulator';
import type { OktaImportJobState } from '../../../shared/okta-import';
import type { SuiteJobState } from '../../../shared/suites';
import type { ReplayJobState } from '../../../shared/replay';
import { useConnection } from './connection';
import { useSessions } from './sessions';

/** The jobs the Simulate and Replay views start, one of each kind: each shows where it was started. */
export interface JobStates {
  demo: SimulationJobState;
  simulation: SimulationJobState;
  check: CheckJobState;
  suite: SuiteJobState;
  import: OktaImportJobState;
  replay: ReplayJobState;
}
export type JobKind = keyof JobStates;

const READ: { [K in JobKind]: (client: AdminClient, id: number) => Promise<JobStates[K]> } = {
  demo: (client, id) => client.simulation(id),
  simulation: (client, id) => client.simulation(id),
  check: (client, id) => client.check(id),
  suite: (client, id) => client.suite(id),
  import: (client, id) => client.oktaImport(id),
  replay: (client, id) => client.replayState(id),
};
const CANCEL: { [K in JobKind]: (client: AdminClient, id: number) => Promise<JobStates[K]> } = {
  demo: (client, id) => client.cancelSimulation(id),
  simulation: (client, id) => client.cancelSimulation(id),
  check: (client, id) => client.cancelCheck(id),
  suite: (client, id) => client.cancelSuite(id),
  import: (client, id) => client.cancelOktaImport(id),
  replay: (client, id) => client.cancelReplay(id),
};
/** What else changes when a job of this kind ends: a replay here records into a new session, which the session list must show. */
const ENDED: Partial<Record<JobKind, (client: AdminClient) => void>> = {
  replay: (client) => void useSessions.getState().load(client),
};

const FIRST_DELAY_MS = 250;
const LONGEST_DELAY_MS = 5_000;

/**
 * The last job of each kind, kept here rather than in the view so that its result, and a job still
 * running, survive the user switching views and back. Polling lives here too, for the same reason.
 * `error` is starting or cancelling that failed; `pollError` is trouble following the job.
 */
interface JobsStore {
  jobs: Partial<JobStates>;
  errors: Partial<Record<JobKind, string>>;
  pollErrors: Partial<Record<JobKind, string>>;
  /** Starts a job (`work` asks the engine) and follows it until it ends; undefined when starting failed (the error is kept). */
  start<K extends JobKind>(kind: K, work: () => Promise<JobStates[K]>): Promise<JobStates[K] | undefined>;
  cancel(kind: JobKind): Promise<void>;
  /** A problem that happened before the engine was asked (a file too large), shown where the job's errors are. */
  setError(kind: JobKind, error: string | undefined): void;
}

export const useJobs = create<JobsStore>((set, get) => {
  const setJob = <K extends JobKind>(kind: K, job: JobStates[K]) => set((state) => ({ jobs: { ...state.jobs, [kind]: job } }));
  const setMessage = (field: 'errors' | 'pollErrors', kind: JobKind, message: string | undefined) =>
    set((state) => ({ [field]: { ...state[field], [kind]: message } }));
  /** Is this still the job of its kind on screen? A poll for one replaced since must not overwrite it. */
  const current = (kind: JobKind, id: number) => get().jobs[kind]?.id === id;
  const ended = (kind: JobKind) => {
    const client = useConnection.getState().client;
    if (client) ENDED[kind]?.(client);
  };

  /**
   * Polls the job until it ends. A poll that fails (the engine restarting, a dropped connection) is
   * reported and tried again, less often each time: a job must never sit on screen as "running"
   * after it ended. Only an engine that no longer knows the job (404, it restarted) ends it here.
   */
  const follow = <K extends JobKind>(kind: K, id: number, failures = 0) => {
    setTimeout(
      async () => {
        const client = useConnection.getState().client;
        const job = get().jobs[kind];
        if (!job || job.id !== id || job.state !== 'running') return;
        if (!client) return follow(kind, id, failures + 1);
        try {
          const next = await READ[kind](client, id);
          if (!current(kind, id)) return;
          setMessage('pollErrors', kind, undefined);
          setJob(kind, next);
          if (next.state === 'running') follow(kind, id);
          else ended(kind);
        } catch (reason) {
          if (!current(kind, id)) return;
          if (reason instanceof AdminApiError && reason.status === 404) {
            setMessage('pollErrors', kind, `The engine no longer knows this job (it may have restarted): ${reason.message}`);
            setJob(kind, { ...get().jobs[kind]!, state: 'failed' } as JobStates[K]);
            return;
          }
          setMessage('pollErrors', kind, `Lost touch with the engine, trying again: ${(reason as Error).message}`);
          follow(kind, id, failures + 1);
        }
      },
      Math.min(FIRST_DELAY_MS * 2 ** failures, LONGEST_DELAY_MS),
    );
  };

  return {
    jobs: {},
    errors: {},
    pollErrors: {},
    start: async (kind, work) => {
      setMessage('errors', kind, undefined);
      try {
        const job = await work();
        setMessage('pollErrors', kind, undefined);
        setJob(kind, job);
        if (job.state === 'running') follow(kind, job.id);
        else ended(kind);
        return job;
      } catch (reason) {
        setMessage('errors', kind, (reason as Error).message);
        return undefined;
      }
    },
    cancel: async (kind) => {
      const client = useConnection.getState().client;
      const job = get().jobs[kind];
      if (!client || !job) return;
      setMessage('errors', kind, undefined);
      try {
        const next = await CANCEL[kind](client, job.id);
        if (!current(kind, job.id)) return;
        setJob(kind, next);
        if (next.state !== 'running') ended(kind);
      } catch (reason) {
        setMessage('errors', kind, (reason as Error).message);
      }
    },
    setError: (kind, error) => setMessage('errors', kind, error),
  };
});

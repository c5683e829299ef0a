import type { CheckJobState, CheckRequest, SimulationJobState, SimulationRequest, TrafficTarget } from '../../shared/simulator';
import type { ReplayAuth } from '../../shared/replay';
import { workspaceCredentials } from '../client/workspace-credentials';
import { checkTarget } from '../client/scim-client';
import { scimPathOf, type WorkspaceStore } from '../store/workspaces';
import { IDPS } from './idp-names';
import { SCENARIOS, type ScenarioName } from './scenarios';
import type { OktaImportJobState, OktaImportRequest } from '../../shared/okta-import';

/** A simulation or check request the engine refuses, with the status to answer. */
export class TrafficJobError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface Job<T> {
  state: T;
  controller: AbortController;
}

const KEPT_JOBS = 20;
export const DEMO_WORKSPACE = 'demo';
/** The demo's wait between requests: a pace a person can follow in the traffic list. */
export const DEMO_DELAY_MS = 400;

/**
 * Simulations and conformance checks started from the inspector, run in the background with
 * their progress kept for the UI to poll, and cancellable.
 */
export class TrafficJobs {
  private readonly simulations = new Map<number, Job<SimulationJobState>>();
  private readonly checks = new Map<number, Job<CheckJobState>>();
  private readonly imports = new Map<number, Job<OktaImportJobState>>();
  private nextId = 1;

  constructor(
    private readonly workspaces: WorkspaceStore,
    /** The SCIM listener's origin, for targets in this workbench. */
    private readonly scimOrigin: string,
    /** The conformance check's large group (runChecks' default when absent). */
    private readonly checkLargeGroupSize?: number,
    /** The demo's wait between requests when the request names none (DEMO_DELAY_MS when absent). */
    private readonly demoDelayMs = DEMO_DELAY_MS,
  ) {}

  simulate(request: SimulationRequest): SimulationJobState {
    if (!IDPS.includes(request.idp)) throw new TrafficJobError(`Unknown IdP "${request.idp}": okta, entra or onelogin.`);
    if (!(SCENARIOS as readonly string[]).includes(request.scenario))
      throw new TrafficJobError(`Unknown scenario "${request.scenario}": ${SCENARIOS.join(', ')}.`);
    const { baseUrl, auth } = this.resolve(request.target);
    const id = this.nextId++;
    const controller = new AbortController();
    const job: Job<SimulationJobState> = { controller, state: { id, state: 'running', requests: 0, target: baseUrl } };
    remember(this.simulations, id, job);
    // Each job's code (the simulator, the checks, Okta's import) loads when one first starts: `serve` starts without it.
    import('./simulator')
      .then(({ simulate }) =>
        simulate({
          idp: request.idp,
          scenario: request.scenario as ScenarioName,
          users: request.users,
          seed: request.seed,
          delayMs: request.delayMs,
          modelRetries: request.modelRetries,
          baseUrl,
          auth,
          signal: controller.signal,
          onRequest: (sent) => Object.assign(job.state, { requests: job.state.requests + 1, step: `${sent.method} ${sent.path.split('?')[0]}` }),
        }),
      )
      .then(
        (result) => (job.state = { ...job.state, state: result.cancelled ? 'cancelled' : 'done', requests: result.requests, result }),
        (error: Error) => (job.state = { ...job.state, state: 'failed', error: error.message }),
      );
    return job.state;
  }

  /** One click: the demo workspace (created if needed) filled by Okta's full scenario at a watchable pace. */
  demo(options: { idp?: SimulationRequest['idp']; users?: number; delayMs?: number } = {}): SimulationJobState {
    if (!this.workspaces.find(DEMO_WORKSPACE)) this.workspaces.create(DEMO_WORKSPACE, 'Demo');
    return this.simulate({
      idp: options.idp ?? 'okta',
      scenario: 'full',
      users: options.users ?? 12,
      seed: 1,
      delayMs: options.delayMs ?? this.demoDelayMs,
      target: { kind: 'workspace', workspace: DEMO_WORKSPACE },
    });
  }

  simulation(id: number): SimulationJobState {
    return this.find(this.simulations, id, 'simulation').state;
  }

  cancelSimulation(id: number): SimulationJobState {
    const job = this.find(this.simulations, id, 'simulation');
    job.controller.abort();
    return job.state;
  }

  check(request: CheckRequest): CheckJobState {
    if (request.idps.length === 0) throw new TrafficJobError('Choose at least one IdP.');
    const { baseUrl, auth } = this.resolve(request.target);
    const id = this.nextId++;
    const controller = new AbortController();
    const job: Job<CheckJobState> = { controller, state: { id, state: 'running', done: 0, total: 0, results: [], target: baseUrl } };
    remember(this.checks, id, job);
    import('../conformance/run-checks')
      .then(({ runChecks }) =>
        runChecks({
          baseUrl,
          auth,
          idps: request.idps,
          largeGroupSize: this.checkLargeGroupSize,
          signal: controller.signal,
          onResult: (result, done, total) => Object.assign(job.state, { done, total, results: [...job.state.results, result] }),
        }),
      )
      .then(
        (report) => (job.state = { ...job.state, state: controller.signal.aborted ? 'cancelled' : 'done', report, results: report.results }),
        (error: Error) => (job.state = { ...job.state, state: 'failed', error: error.message }),
      );
    return job.state;
  }

  checkState(id: number): CheckJobState {
    return this.find(this.checks, id, 'check').state;
  }

  cancelCheck(id: number): CheckJobState {
    const job = this.find(this.checks, id, 'check');
    job.controller.abort();
    return job.state;
  }

  /** Okta's import: every user and group of the target read with paged GETs, as a job the inspector polls. */
  oktaImport(request: OktaImportRequest): OktaImportJobState {
    const { baseUrl, auth } = this.resolve(request.target);
    const id = this.nextId++;
    const controller = new AbortController();
    const job: Job<OktaImportJobState> = { controller, state: { id, state: 'running', requests: 0, target: baseUrl } };
    remember(this.imports, id, job);
    import('./okta-import')
      .then(({ oktaImport }) =>
        oktaImport({
          baseUrl,
          auth,
          pageSize: request.pageSize,
          signal: controller.signal,
          onRequest: (sent) => Object.assign(job.state, { requests: job.state.requests + 1, step: `${sent.method} ${sent.path}` }),
        }),
      )
      .then(
        (result) => (job.state = { ...job.state, state: result.cancelled ? 'cancelled' : 'done', requests: result.requests, result }),
        (error: Error) => (job.state = { ...job.state, state: 'failed', error: error.message }),
      );
    return job.state;
  }

  importState(id: number): OktaImportJobState {
    return this.find(this.imports, id, 'import').state;
  }

  cancelImport(id: number): OktaImportJobState {
    const job = this.find(this.imports, id, 'import');
    job.controller.abort();
    return job.state;
  }

  /** A target's SCIM base URL and credentials (also for suite jobs, conformance/suite-jobs.ts). */
  resolve(target: TrafficTarget): { baseUrl: string; auth: ReplayAuth } {
    if (target.kind === 'workspace') {
      const workspace = this.workspaces.find(target.workspace);
      if (!workspace) throw new TrafficJobError(`No workspace named "${target.workspace}".`, 404);
      const baseUrl = `${this.scimOrigin}${scimPathOf(workspace.slug)}`;
      // As the IdP configured for this workspace would: its auth mode, its secret.
      return { baseUrl, auth: workspaceCredentials(workspace, baseUrl) };
    }
    const refused = checkTarget(target, 'This sends requests that create and change users at');
    if (refused) throw new TrafficJobError(refused.problem, refused.needsConfirmation ? 409 : 400);
    return { baseUrl: target.baseUrl, auth: target.auth };
  }

  private find<T>(jobs: Map<number, Job<T>>, id: number, what: string): Job<T> {
    const job = jobs.get(id);
    if (!job) throw new TrafficJobError(`No ${what} ${id}.`, 404);
    return job;
  }
}

/** Keeps the job; forgets finished ones beyond the newest few, never a running one (it can still be polled and cancelled). */
function remember<T extends { state: string }>(jobs: Map<number, Job<T>>, id: number, job: Job<T>): void {
  jobs.set(id, job);
  const finished = [...jobs].filter(([, other]) => other.state.state !== 'running').map(([key]) => key);
  for (const old of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS))) jobs.delete(old);
}

import type { ReplayAuth } from '../../shared/replay';
import type { TrafficTarget } from '../../shared/simulator';
import { SUITE_UPLOAD_LIMIT, type PostmanReport, type SuiteJobState, type SuiteReport, type SuiteRequest } from '../../shared/suites';
import { PostmanError, planPostman, runPostman } from './postman';
import { runRunscope, runscopeSteps, summarizeRunscope } from './runscope';
import { SuiteKindError, suiteKindOf } from './suite-kind';
import { unreachableBeforeRun } from '../client/reachable';

/** A suite request the engine refuses, with the status to answer. */
export class SuiteJobError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface Job {
  state: SuiteJobState;
  controller: AbortController;
}

const KEPT_JOBS = 20;

/**
 * External suites (Runscope exports, Postman collections) the inspector uploads, run in the
 * background against a target with their progress kept for the UI to poll, cancellable, and their
 * report kept for download. The file is checked whole before anything is sent.
 */
export class SuiteJobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(
    /** A target as the simulator and check resolve it (a workspace here, or a confirmed URL). */
    private readonly resolveTarget: (target: TrafficTarget) => { baseUrl: string; auth: ReplayAuth },
  ) {}

  start(request: SuiteRequest): SuiteJobState {
    if (Buffer.byteLength(request.content, 'utf8') > SUITE_UPLOAD_LIMIT)
      throw new SuiteJobError(
        `The suite file is larger than ${SUITE_UPLOAD_LIMIT / 1024 / 1024} MB; run it with the CLI (scim-workbench check --runscope/--postman).`,
        413,
      );
    let document: unknown;
    try {
      document = JSON.parse(request.content);
    } catch (error) {
      throw new SuiteJobError(`${request.fileName} is not JSON (${(error as Error).message}): pick a Runscope test export or a Postman collection.`);
    }
    const skipFolders = request.skipFolders ?? [];
    let kind: SuiteJobState['kind'];
    let total: number;
    try {
      kind = suiteKindOf(document);
      if (kind === 'runscope' && skipFolders.length > 0)
        throw new SuiteKindError('Folders can be left out of a Postman collection only; this is a Runscope test export.');
      total = kind === 'runscope' ? runscopeSteps(document).length : planPostman(document, skipFolders).total;
    } catch (error) {
      if (error instanceof SuiteKindError || error instanceof PostmanError) throw new SuiteJobError(`${request.fileName}: ${error.message}`);
      throw error;
    }
    const { baseUrl, auth } = this.resolveTarget(request.target);
    // Both suite formats carry the credential in a bearer token variable (Runscope's {{auth}}, the collections' {{token}}).
    if (auth.kind !== 'bearer' && auth.kind !== 'none') throw new SuiteJobError(`Suites send a bearer token; this target uses ${auth.kind} authentication.`);
    const target = { baseUrl, token: auth.kind === 'bearer' ? auth.token : '' };

    const id = this.nextId++;
    const controller = new AbortController();
    const job: Job = {
      controller,
      state: { id, state: 'running', kind, fileName: request.fileName, target: baseUrl, done: 0, total, results: [], skippedFolders: skipFolders },
    };
    this.remember(id, job);
    const startedAt = new Date().toISOString();
    const progress = (result: SuiteJobState['results'][number]) =>
      Object.assign(job.state, { done: job.state.done + 1, results: [...job.state.results, result] });
    const run = async (): Promise<SuiteReport> => {
      const unreachable = await unreachableBeforeRun(baseUrl);
      if (unreachable) throw unreachable;
      if (kind === 'runscope') {
        const steps = await runRunscope(document, target, progress, controller.signal);
        return { target: baseUrl, startedAt, runscope: { file: request.fileName, summary: summarizeRunscope(steps), steps } };
      }
      const postman: PostmanReport = await runPostman(document, {
        target,
        file: request.fileName,
        skipFolders,
        signal: controller.signal,
        onRequest: progress,
      });
      return { target: baseUrl, startedAt, postman };
    };
    run().then(
      (report) => (job.state = { ...job.state, state: controller.signal.aborted ? 'cancelled' : 'done', report }),
      (error: Error) => (job.state = { ...job.state, state: 'failed', error: error.message }),
    );
    return job.state;
  }

  get(id: number): SuiteJobState {
    return this.find(id).state;
  }

  cancel(id: number): SuiteJobState {
    const job = this.find(id);
    job.controller.abort();
    return job.state;
  }

  private find(id: number): Job {
    const job = this.jobs.get(id);
    if (!job) throw new SuiteJobError(`No suite run ${id}.`, 404);
    return job;
  }

  /** Keeps the job; forgets finished ones beyond the newest few, never a running one. */
  private remember(id: number, job: Job): void {
    this.jobs.set(id, job);
    const finished = [...this.jobs].filter(([, other]) => other.state.state !== 'running').map(([key]) => key);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS))) this.jobs.delete(old);
  }
}

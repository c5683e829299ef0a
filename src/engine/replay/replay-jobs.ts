import { workspaceCredentials } from '../client/workspace-credentials';
import type { ReplayAuth, ReplayJobState, ReplayRequest, SingleReplayRequest, SingleReplayResponse } from '../../shared/replay';
import { REPLAY_OF_HEADER } from '../../shared/replay';
import type { RecordingStore } from '../store/recordings';
import type { ReplaySessionKey, ReplaySessions } from '../recorder/replay-sessions';
import { scimPathOf, type WorkspaceStore } from '../store/workspaces';
import { checkTarget } from '../client/scim-client';
import type { ReplayStep } from './replay-steps';

/** A replay request the engine refuses, with the status to answer. */
export class ReplayError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A damaged exchange among those to replay is the caller's to leave out (409), not the engine's failure. Known by name: replay-steps.ts loads lazily. */
function refusingUnreadable<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Error && error.name === 'UnreadableExchangeError') throw new ReplayError(error.message, 409);
    throw error;
  }
}

interface Job {
  state: ReplayJobState;
  controller: AbortController;
}

const KEPT_JOBS = 20;

/** The replayer and what it reads, loaded when the first replay starts: `serve` starts without them. */
const replayCode = () =>
  Promise.all([import('./replayer'), import('./replay-steps'), import('./id-map'), import('../recorder/session-export')]).then(
    ([replayer, steps, idMap, sessionExport]) => ({ ...replayer, ...steps, ...idMap, ...sessionExport }),
  );
type ReplayCode = Awaited<ReturnType<typeof replayCode>>;

/**
 * Replays started from the inspector, run in the background with their progress kept for the
 * UI to poll; and the single-exchange replay ("Replay", "Edit and replay") against the workspace
 * the exchange was sent to.
 */
export class ReplayJobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(
    private readonly recordings: RecordingStore,
    private readonly workspaces: WorkspaceStore,
    /** The SCIM listener's origin (`http://127.0.0.1:8787`), for replays against this workbench. */
    private readonly scimOrigin: string,
    /** Where the replay's traffic to this workbench is recorded: the Workbench's registry. */
    private readonly replaySessions: ReplaySessions,
  ) {}

  async start(request: ReplayRequest): Promise<ReplayJobState> {
    if ((request.concurrency ?? 1) > 1 && ((request.pacing && request.pacing.kind !== 'fast') || request.applyFaults))
      throw new ReplayError(
        request.applyFaults
          ? 'A replay that lets fault rules act runs one step at a time (they count and draw in the order requests arrive): leave concurrency at 1.'
          : 'A paced replay keeps the recorded order: concurrency above 1 needs "fast" pacing.',
      );
    const { replay, stepsFromExchanges, allWorkspaceSecrets } = await replayCode();
    const steps = refusingUnreadable(() => this.steps(request, stepsFromExchanges));
    const { baseUrl, auth, workspace } = this.target(request);
    let recordInto: ReplaySessionKey | undefined;
    let sessionId: number | undefined;
    if (request.target.kind === 'workspace') {
      // The replayed traffic is recorded here too: in a session of its own kind, so the session being
      // replayed stays as it was recorded, and live traffic arriving meanwhile or later still goes
      // to the live session. The requests carry the session's key (replay-sessions.ts).
      const source = request.sessionId !== undefined ? this.recordings.session(request.sessionId)?.name : undefined;
      const session = this.recordings.startSession(source ? `Replay of ${source}` : `Replay of ${steps.length} exchange(s)`, 'replay');
      recordInto = this.replaySessions.open(session.id);
      sessionId = session.id;
    }
    const id = this.nextId++;
    const controller = new AbortController();
    const job: Job = {
      controller,
      state: {
        id,
        state: 'running',
        progress: { done: 0, total: steps.length, differed: 0 },
        ...(workspace && { workspace }),
        ...(sessionId !== undefined && { sessionId }),
      },
    };
    this.jobs.set(id, job);
    // Finished jobs beyond the newest few are forgotten; a running one never is (it can still be polled and cancelled).
    const finished = [...this.jobs].filter(([, other]) => other.state.state !== 'running').map(([key]) => key);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS))) this.jobs.delete(old);
    replay(steps, {
      baseUrl,
      auth,
      pacing: request.pacing,
      stopOnFirstDifference: request.stopOnFirstDifference,
      applyFaults: request.applyFaults,
      concurrency: request.concurrency,
      signal: controller.signal,
      // The replayed workspace's own `returned: never` attributes are secrets in its answers too.
      secrets: allWorkspaceSecrets(this.workspaces),
      onProgress: (progress) => (job.state.progress = progress),
      ...(recordInto && { headers: recordInto.header }),
    })
      .then(
        (report) => (job.state = { ...job.state, state: report.cancelled ? 'cancelled' : 'done', report }),
        (error: Error) => (job.state = { ...job.state, state: 'failed', error: error.message }),
      )
      .finally(() => recordInto?.close());
    return job.state;
  }

  get(id: number): ReplayJobState {
    const job = this.jobs.get(id);
    if (!job) throw new ReplayError(`No replay ${id}.`, 404);
    return job.state;
  }

  cancel(id: number): ReplayJobState {
    const job = this.jobs.get(id);
    if (!job) throw new ReplayError(`No replay ${id}.`, 404);
    job.controller.abort();
    return job.state;
  }

  /** One exchange again, as recorded or edited, against the workspace it was sent to; the new exchange is recorded and linked. */
  async replayOne(exchangeId: number, request: SingleReplayRequest = {}): Promise<SingleReplayResponse> {
    const exchange = this.recordings.exchange(exchangeId);
    if (!exchange) throw new ReplayError(`No exchange ${exchangeId}.`, 404);
    const workspace = this.workspaces.find(exchange.workspace);
    if (!workspace) throw new ReplayError(`The workspace "${exchange.workspace}" no longer exists.`, 409);
    const { IdMap, runStep, stepsFromExchanges, allWorkspaceSecrets } = await replayCode();
    const [recorded] = refusingUnreadable(() => stepsFromExchanges([exchange]));
    const edit = request.edit ?? {};
    const step: ReplayStep = {
      ...recorded!,
      ...(edit.method && { method: edit.method.toUpperCase() }),
      ...(edit.path && { path: edit.path.startsWith('/') ? edit.path : `/${edit.path}` }),
      ...(edit.headers && { headers: Object.fromEntries(Object.entries(edit.headers).map(([name, value]) => [name.toLowerCase(), value])) }),
      ...(edit.body !== undefined && { body: edit.body }),
    };
    if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(step.method)) throw new ReplayError(`"${step.method}" is not a SCIM method (GET, POST, PUT, PATCH, DELETE).`);
    const before = this.recordings.lastExchangeId();
    const baseUrl = `${this.scimOrigin}${scimPathOf(workspace.slug)}`;
    const result = await runStep(0, step, baseUrl, new IdMap(), {
      auth: workspaceCredentials(workspace, baseUrl),
      secrets: allWorkspaceSecrets(this.workspaces),
      applyFaults: request.applyFaults,
    });
    // The replayed request was recorded like any other: find it by the link header it carried.
    const replayed = this.recordings
      .exchangesAfter(before, 50)
      .find((candidate) => candidate.request.headers.some(([name, value]) => name === REPLAY_OF_HEADER && value === String(exchangeId)));
    return {
      ...(replayed && { exchangeId: replayed.id }),
      step: result,
      recorded: step.recorded,
      replayed: { ...(result.status !== undefined && { status: result.status }), body: replayed?.response.body ?? null },
    };
  }

  private steps(request: ReplayRequest, stepsFromExchanges: ReplayCode['stepsFromExchanges']): ReplayStep[] {
    if (request.exchangeIds?.length) {
      const exchanges = request.exchangeIds.map((id) => {
        const exchange = this.recordings.exchange(id);
        if (!exchange) throw new ReplayError(`No exchange ${id}.`, 404);
        return exchange;
      });
      return stepsFromExchanges(exchanges.sort((a, b) => a.id - b.id));
    }
    if (request.sessionId === undefined) throw new ReplayError('Say what to replay: a sessionId or exchangeIds.');
    if (!this.recordings.session(request.sessionId)) throw new ReplayError(`No session ${request.sessionId}.`, 404);
    const from = request.fromExchangeId ?? 0;
    const to = request.toExchangeId ?? Number.MAX_SAFE_INTEGER;
    if (from > to) throw new ReplayError(`The range #${from}…#${to} is empty: "from" comes after "to".`);
    const steps = stepsFromExchanges(this.recordings.sessionExchanges(request.sessionId).filter((exchange) => exchange.id >= from && exchange.id <= to));
    if (steps.length === 0)
      throw new ReplayError(
        `Session ${request.sessionId} has no exchanges to replay${(request.fromExchangeId ?? request.toExchangeId) ? ' in that range' : ''}.`,
      );
    return steps;
  }

  private target(request: ReplayRequest): { baseUrl: string; auth: ReplayAuth; workspace?: string } {
    const target = request.target;
    if (target.kind === 'url') {
      const refused = checkTarget(target, 'Replaying sends every recorded request to');
      if (refused) throw new ReplayError(refused.problem, refused.needsConfirmation ? 409 : 400);
      return { baseUrl: target.baseUrl, auth: target.auth };
    }
    let slug = target.workspace;
    if (target.fresh) {
      slug = `replay-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${this.nextId}`;
      this.workspaces.create(slug, `Replay ${new Date().toLocaleString()}`);
    }
    const workspace = this.workspaces.find(slug);
    if (!workspace) throw new ReplayError(`No workspace named "${slug}".`, 404);
    const baseUrl = `${this.scimOrigin}${scimPathOf(workspace.slug)}`;
    return { baseUrl, auth: workspaceCredentials(workspace, baseUrl), ...(target.fresh && { workspace: workspace.slug }) };
  }
}

import type { AuthSettings } from '../../../shared/auth-modes';
import type {
  EngineInfoResponse,
  ExchangeDiffResponse,
  ExchangeListQuery,
  ExchangeListResponse,
  ExchangeResponse,
  ExchangeSearchQuery,
  FeedBatch,
  FeedQuery,
  ResourceListResponse,
  ResourceVersionEntry,
  VersionDiffResponse,
  SessionListResponse,
  TestConnectionIdp,
  TestConnectionResult,
  TokenResponse,
  TunnelProviderName,
  TunnelResponse,
  TunnelSettingsUpdate,
  WorkspaceConnectionResponse,
  WorkspaceSummary,
} from '../../../shared/admin-api';
import type { SessionSummary } from '../../../shared/recording';
import type { SessionVerdictSummary } from '../../../shared/verdicts';
import { saveFile } from './download';
import { readAdminAnswer } from './read-admin-answer';
import type { FeedEvent } from '../feed-state';
import type { CheckJobState, CheckRequest, SimulationJobState, SimulationRequest } from '../../../shared/simulator';
import type { OktaImportJobState, OktaImportRequest } from '../../../shared/okta-import';
import type { SuiteJobState, SuiteRequest } from '../../../shared/suites';
import type { ReplayJobState, ReplayRequest, SingleReplayRequest, SingleReplayResponse } from '../../../shared/replay';
import type { AppEffectResponse, AppViewResponse, MappingPreviewResponse, MappingProblem, WorkspaceMappings } from '../../../shared/mappings';
import type { EditableWorkspaceSettings } from '../../../shared/workspace-setting-choices';
import type { FaultsFeedEvent } from '../faults/feed-events';
import { faultsApi, listenForFaults } from './faults-api';
import type { ReactionTimeline } from '../../../shared/reaction';
import type { ProxyConfigRequest, ProxyConfigResponse } from '../../../shared/proxy';

/** What the inspector says when the engine does not answer at all: fetch's own words are "Failed to fetch". */
const ENGINE_UNREACHABLE = 'The engine cannot be reached (it stopped, or is restarting): the inspector reconnects by itself when it is back.';

/** fetch, with a request that never got an answer (fetch's TypeError) said in the inspector's words. */
async function reach(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (error instanceof TypeError) throw new Error(ENGINE_UNREACHABLE, { cause: error });
    throw error;
  }
}

/** The admin API, the inspector's only way to the engine (the same in Electron and in a browser). */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Fault rules and breakpoints (api/faults-api.ts). */
  readonly faults = faultsApi((method, path, body) => this.call(method, path, body));

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await reach(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return readAdminAnswer<T>(response, method, path);
  }

  exchanges(query: ExchangeSearchQuery & ExchangeListQuery): Promise<ExchangeListResponse> {
    return this.call('GET', `/exchanges?${queryString(query)}`);
  }
  exchange = (id: number) => this.call<ExchangeResponse>('GET', `/exchanges/${id}`);
  sessionVerdicts = (id: number) => this.call<SessionVerdictSummary>('GET', `/sessions/${id}/verdicts`);
  exchangeDiff = (id: number) => this.call<ExchangeDiffResponse>('GET', `/exchanges/${id}/diff`);
  info = () => this.call<EngineInfoResponse>('GET', '/info');
  sessions = () => this.call<SessionListResponse>('GET', '/sessions');
  /** A new live session, the current one from now on; unnamed: "Session N". */
  startSession = (name?: string) => this.call<SessionSummary>('POST', '/sessions', name === undefined ? {} : { name });
  renameSession = (id: number, name: string) => this.call<SessionSummary>('PATCH', `/sessions/${id}`, { name });
  deleteSession = (id: number) => this.call<void>('DELETE', `/sessions/${id}`);

  /** A session file or HAR the user picked or dropped, sent as it is (never read into a string here). */
  async importSession(file: Blob): Promise<SessionSummary> {
    const response = await reach(`${this.baseUrl}/sessions/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: file,
    });
    const data = (await response.json().catch(() => undefined)) as (SessionSummary & { error?: string }) | undefined;
    if (!response.ok) throw new Error(data?.error ?? `The import failed (${response.status}).`);
    return data!;
  }

  /** A session as a session file or HAR the browser saves (fetched with the token, never put in a URL). */
  async downloadSession(id: number, format: 'json' | 'har'): Promise<void> {
    const response = await reach(`${this.baseUrl}/sessions/${id}/export?format=${format}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok)
      throw new Error(
        ((await response.json().catch(() => undefined)) as { error?: string } | undefined)?.error ?? `The export could not be fetched (${response.status}).`,
      );
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `session-${id}.${format === 'har' ? 'har' : 'scim-session.json'}`;
    saveFile(name, await response.blob());
  }
  resources = (slug: string, type: 'User' | 'Group', q: string) =>
    this.call<ResourceListResponse>('GET', `/workspaces/${encodeURIComponent(slug)}/resources?${new URLSearchParams({ type, q, count: '200' })}`);
  versions = (slug: string, id: string) =>
    this.call<ResourceVersionEntry[]>('GET', `/workspaces/${encodeURIComponent(slug)}/resources/${encodeURIComponent(id)}/versions`);
  resourceReaction = (slug: string, id: string) =>
    this.call<ReactionTimeline>('GET', `/workspaces/${encodeURIComponent(slug)}/resources/${encodeURIComponent(id)}/reaction`);
  sessionReaction = (id: number) => this.call<ReactionTimeline>('GET', `/sessions/${id}/reaction`);
  versionDiff = (from: number, to: number) => this.call<VersionDiffResponse>('GET', `/versions/${from}/diff/${to}`);
  workspaces = () => this.call<WorkspaceSummary[]>('GET', '/workspaces');
  createWorkspace = (slug: string, name?: string) => this.call<WorkspaceSummary>('POST', '/workspaces', { slug, ...(name && { name }) });
  deleteWorkspace = (slug: string) => this.call<void>('DELETE', `/workspaces/${encodeURIComponent(slug)}`);
  workspaceConnection = (slug: string) => this.call<WorkspaceConnectionResponse>('GET', `/workspaces/${encodeURIComponent(slug)}/connection`);
  setWorkspaceAuth = (slug: string, auth: Partial<AuthSettings>) =>
    this.call<WorkspaceConnectionResponse>('PUT', `/workspaces/${encodeURIComponent(slug)}/auth`, auth);
  regenerateToken = (slug: string) => this.call<TokenResponse>('POST', `/workspaces/${encodeURIComponent(slug)}/token`);
  workspaceProxy = (slug: string) => this.call<ProxyConfigResponse>('GET', `/workspaces/${encodeURIComponent(slug)}/proxy`);
  setWorkspaceProxy = (slug: string, config: ProxyConfigRequest) =>
    this.call<ProxyConfigResponse>('PUT', `/workspaces/${encodeURIComponent(slug)}/proxy`, config);
  removeWorkspaceProxy = (slug: string) => this.call<ProxyConfigResponse>('DELETE', `/workspaces/${encodeURIComponent(slug)}/proxy`);
  workspaceSettings = (slug: string) =>
    this.call<EditableWorkspaceSettings & Record<string, unknown>>('GET', `/workspaces/${encodeURIComponent(slug)}/settings`);
  configureWorkspace = (slug: string, changes: Record<string, unknown>) =>
    this.call<EditableWorkspaceSettings & Record<string, unknown>>('PATCH', `/workspaces/${encodeURIComponent(slug)}/settings`, changes);
  mappings = (slug: string) => this.call<WorkspaceMappings>('GET', `/workspaces/${encodeURIComponent(slug)}/mappings`);
  saveMappings = (slug: string, mappings: WorkspaceMappings) =>
    this.call<WorkspaceMappings>('PUT', `/workspaces/${encodeURIComponent(slug)}/mappings`, mappings);
  checkMappings = (slug: string, mappings: WorkspaceMappings) =>
    this.call<{ problems: MappingProblem[] }>('POST', `/workspaces/${encodeURIComponent(slug)}/mappings/check`, mappings);
  previewMappings = (slug: string, mappings: WorkspaceMappings) =>
    this.call<MappingPreviewResponse>('POST', `/workspaces/${encodeURIComponent(slug)}/mappings/preview`, mappings);
  mappingPreset = (slug: string, name: string) =>
    this.call<WorkspaceMappings>('GET', `/workspaces/${encodeURIComponent(slug)}/mapping-presets/${encodeURIComponent(name)}`);
  appView = (slug: string) => this.call<AppViewResponse>('GET', `/workspaces/${encodeURIComponent(slug)}/app-view?count=500`);
  appEffect = (id: number) => this.call<AppEffectResponse>('GET', `/exchanges/${id}/app-effect`);
  startReplay = (request: ReplayRequest) => this.call<ReplayJobState>('POST', '/replays', request);
  replayState = (id: number) => this.call<ReplayJobState>('GET', `/replays/${id}`);
  cancelReplay = (id: number) => this.call<ReplayJobState>('POST', `/replays/${id}/cancel`);
  replayExchange = (id: number, request: SingleReplayRequest) => this.call<SingleReplayResponse>('POST', `/exchanges/${id}/replay`, request);

  /** A replay report as a file the browser saves (fetched with the token, never put in a URL). */
  async downloadReplayReport(id: number, format: 'json' | 'md'): Promise<void> {
    const response = await reach(`${this.baseUrl}/replays/${id}/report?format=${format}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok) throw new Error(`The report could not be fetched (${response.status}).`);
    saveFile(`replay-${id}.${format}`, await response.blob());
  }
  demo = (options: { users?: number; delayMs?: number } = {}) => this.call<SimulationJobState>('POST', '/demo', options);
  startSimulation = (request: SimulationRequest) => this.call<SimulationJobState>('POST', '/simulations', request);
  simulation = (id: number) => this.call<SimulationJobState>('GET', `/simulations/${id}`);
  cancelSimulation = (id: number) => this.call<SimulationJobState>('POST', `/simulations/${id}/cancel`);
  scenarios = () => this.call<string[]>('GET', '/simulator/scenarios');
  startOktaImport = (request: OktaImportRequest) => this.call<OktaImportJobState>('POST', '/imports', request);
  oktaImport = (id: number) => this.call<OktaImportJobState>('GET', `/imports/${id}`);
  cancelOktaImport = (id: number) => this.call<OktaImportJobState>('POST', `/imports/${id}/cancel`);
  startCheck = (request: CheckRequest) => this.call<CheckJobState>('POST', '/checks', request);
  check = (id: number) => this.call<CheckJobState>('GET', `/checks/${id}`);
  cancelCheck = (id: number) => this.call<CheckJobState>('POST', `/checks/${id}/cancel`);
  startSuite = (request: SuiteRequest) => this.call<SuiteJobState>('POST', '/suites', request);
  suite = (id: number) => this.call<SuiteJobState>('GET', `/suites/${id}`);
  cancelSuite = (id: number) => this.call<SuiteJobState>('POST', `/suites/${id}/cancel`);

  /** A suite run's report as a file the browser saves (fetched with the token, never put in a URL). */
  downloadSuiteReport = (id: number, format: 'json' | 'md') => this.downloadJobReport('suites', 'suite', id, format);
  /** A conformance check's report, as the CLI's --report writes it. */
  downloadCheckReport = (id: number, format: 'json' | 'md') => this.downloadJobReport('checks', 'check', id, format);

  private async downloadJobReport(route: 'suites' | 'checks', name: string, id: number, format: 'json' | 'md'): Promise<void> {
    const response = await reach(`${this.baseUrl}/${route}/${id}/report?format=${format}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok)
      throw new Error(
        ((await response.json().catch(() => undefined)) as { error?: string } | undefined)?.error ?? `The report could not be fetched (${response.status}).`,
      );
    saveFile(`${name}-${id}.${format}`, await response.blob());
  }
  tunnel = () => this.call<TunnelResponse>('GET', '/tunnel');
  saveTunnelSettings = (update: TunnelSettingsUpdate) => this.call<TunnelResponse>('PUT', '/tunnel/settings', update);
  startTunnel = (provider?: TunnelProviderName) => this.call<TunnelResponse>('POST', '/tunnel/start', provider ? { provider } : {});
  stopTunnel = () => this.call<TunnelResponse>('POST', '/tunnel/stop');
  forgetSshHostKey = () => this.call<TunnelResponse>('DELETE', '/tunnel/ssh/host-key');
  testConnection = (idp: TestConnectionIdp, workspace?: string) =>
    this.call<TestConnectionResult>('POST', '/tunnel/test-connection', { idp, ...(workspace && { workspace }) });

  /**
   * New exchanges as they are recorded, those the query matches; returns a function that stops listening. `onState` hears
   * `open` each time the feed (re)starts, `down` when it drops, and `token-rejected` when the engine
   * answers again but refuses this tab's token (it restarted with another one).
   */
  feed(query: FeedQuery, onBatch: (batch: FeedBatch) => void, onState: (event: FeedEvent) => void, onFaults?: (event: FaultsFeedEvent) => void): () => void {
    let source: EventSource | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    // The exchange the feed has reached (each event's id): a feed opened again after the browser gave
    // up goes on from there, as the browser's own reconnects do (Last-Event-ID).
    let since = query.since;
    const reached = (event: Event) => {
      const id = (event as MessageEvent<string>).lastEventId;
      if (/^\d{1,15}$/.test(id)) since = Number(id);
    };
    const open = () => {
      source = new EventSource(`${this.baseUrl}/feed?${queryString({ ...query, since, token: this.token })}`);
      source.addEventListener('ready', (event) => {
        reached(event);
        onState('open');
      });
      if (onFaults) listenForFaults(source, onFaults);
      source.addEventListener('exchanges', (event) => {
        reached(event);
        onBatch(JSON.parse((event as MessageEvent<string>).data) as FeedBatch);
      });
      source.onerror = () => {
        onState('down');
        // After a dropped connection the browser retries by itself (readyState CONNECTING); after an
        // answer that is not a feed (a 401, a 503 while the engine starts) it gives up for good. Then
        // ask why: a refused token is final, anything else is tried again.
        if (source?.readyState !== EventSource.CLOSED) return;
        void this.tokenRefused().then((refused) => {
          if (stopped) return;
          if (refused) onState('token-rejected');
          else retry = setTimeout(open, FEED_RETRY_MS);
        });
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }

  private async tokenRefused(): Promise<boolean> {
    try {
      return (await reach(`${this.baseUrl}/info`, { headers: { authorization: `Bearer ${this.token}` } })).status === 401;
    } catch {
      return false;
    }
  }
}

/** How soon a feed the browser gave up on is opened again (the engine sends `retry:` for the browser's own retries). */
const FEED_RETRY_MS = 1_000;

/** Query parameters of the defined, non-empty values (`false` is left out: it is every parameter's default). */
function queryString(query: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && value !== false) params.set(key, String(value));
  return params;
}

/**
 * Where the admin API is and its token: from the desktop bridge, or — in a browser — this page's
 * origin and the `#token=` fragment `scim-workbench serve` printed (kept for the tab's life in
 * sessionStorage, and removed from the address bar so it is not shared by a screenshot).
 */
export async function connectToEngine(): Promise<{ client: AdminClient; scimBaseUrl?: string; scimToken?: string } | { error: string }> {
  if (window.workbench) {
    const info = await window.workbench.getEngineInfo();
    return { client: new AdminClient(info.adminUrl, info.adminToken), scimBaseUrl: info.scimBaseUrl, scimToken: info.token };
  }
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem('scim-workbench.admin-token', fromFragment);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromFragment ?? sessionStorage.getItem('scim-workbench.admin-token');
  if (!token) return { error: 'This page needs the admin token: open the "Inspector:" URL that scim-workbench serve printed.' };
  return { client: new AdminClient(`${window.location.origin}/api`, token) };
}

/**
 * The Inspector URL of an engine that restarted with a new admin token, opened in a tab already on
 * this origin, changes only the fragment — which loads nothing: start over, with its token.
 */
export function restartOnNewToken(): void {
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(window.location.hash.slice(1)).get('token')) window.location.reload();
  });
}

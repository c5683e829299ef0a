import { useEffect, useState } from 'react';
import {
  DEFAULT_PROXY_TIMEOUTS,
  insecureTlsWarning,
  PROXY_AUTH_MODES,
  type ProxyAuthMode,
  type ProxyConfigRequest,
  type ProxyConfigResponse,
  type WorkspaceKind,
} from '../../../shared/proxy';
import type { AdminClient } from '../api/admin-client';
import { useWorkspaces } from '../store/workspaces';

const AUTH_LABELS: Record<ProxyAuthMode, string> = {
  'pass-through': "pass-through — the IdP's own credentials go to your server",
  bearer: "bearer — your server's token replaces the IdP's",
  basic: "basic — your server's HTTP Basic username and password",
  header: "header — your server's custom header, e.g. X-Api-Key",
  oauth: "oauth — OAuth 2.0 client credentials from your server's token endpoint",
};

interface Draft {
  kind: WorkspaceKind;
  upstream: string;
  mode: ProxyAuthMode;
  username: string;
  headerName: string;
  tokenUrl: string;
  clientId: string;
  /** Typed now; empty keeps the stored one. Never read back from the engine. */
  secret: string;
  insecureTls: boolean;
  timeoutMs: number;
  observeAfterWrite: boolean;
}

function draftOf(config: ProxyConfigResponse | undefined): Draft {
  const proxy = config?.proxy;
  return {
    kind: config?.kind ?? 'local',
    upstream: proxy?.upstream ?? '',
    mode: proxy?.auth.mode ?? 'pass-through',
    username: proxy?.auth.username ?? '',
    headerName: proxy?.auth.headerName ?? 'X-Api-Key',
    tokenUrl: proxy?.auth.tokenUrl ?? '',
    clientId: proxy?.auth.clientId ?? '',
    secret: '',
    insecureTls: proxy?.insecureTls ?? false,
    timeoutMs: proxy?.timeoutMs ?? DEFAULT_PROXY_TIMEOUTS.timeoutMs,
    observeAfterWrite: proxy?.observeAfterWrite ?? false,
  };
}

function requestOf(draft: Draft): ProxyConfigRequest {
  const secret = draft.secret === '' ? {} : { secret: draft.secret };
  const fields: Record<ProxyAuthMode, object> = {
    'pass-through': {},
    bearer: secret,
    basic: { username: draft.username, ...secret },
    header: { headerName: draft.headerName, ...secret },
    oauth: { tokenUrl: draft.tokenUrl, clientId: draft.clientId, ...secret },
  };
  return {
    upstream: draft.upstream.trim(),
    auth: { mode: draft.mode, ...fields[draft.mode] },
    insecureTls: draft.insecureTls,
    timeoutMs: draft.timeoutMs,
    observeAfterWrite: draft.observeAfterWrite,
  };
}

/**
 * The workspace's kind: the workbench's own SCIM server, or a proxy in front of the user's (proxy
 * mode): the upstream's URL, how it is authenticated (the secret is typed, never shown back), the
 * switch for a self-signed certificate with its warning, the timeout. Saved as one change; a value
 * the engine refuses is shown with its reason and nothing is stored.
 */
export function ProxyForm({ client, workspace }: { client: AdminClient; workspace: string }) {
  const [config, setConfig] = useState<ProxyConfigResponse>();
  const [draft, setDraft] = useState<Draft>(draftOf(undefined));
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  useEffect(() => {
    let current = true;
    void client.workspaceProxy(workspace).then(
      (loaded) => {
        if (!current) return;
        setConfig(loaded);
        setDraft(draftOf(loaded));
      },
      (error: Error) => current && setMessage({ text: error.message, error: true }),
    );
    // A reply for a workspace no longer picked is dropped.
    return () => void (current = false);
  }, [client, workspace]);
  const edit = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setMessage(undefined);
  };
  const save = async () => {
    try {
      const saved = draft.kind === 'local' ? await client.removeWorkspaceProxy(workspace) : await client.setWorkspaceProxy(workspace, requestOf(draft));
      setConfig(saved);
      setDraft(draftOf(saved));
      // The picker shows each workspace's kind and TLS warning.
      void useWorkspaces.getState().load(client);
      setMessage({
        text: saved.proxy
          ? `Saved: workspace “${workspace}” forwards every SCIM request to ${saved.proxy.upstream} from its next request.`
          : `Saved: workspace “${workspace}” is the workbench's own SCIM server again.`,
        error: false,
      });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };
  // Until the stored kind is known the form is not shown: a choice made earlier would be overwritten by it.
  if (!config)
    return message ? (
      <p className="error" role="alert" data-testid="proxy-message">
        {message.text}
      </p>
    ) : (
      <p>Loading the workspace kind…</p>
    );
  const warning = draft.kind === 'proxy' ? insecureTlsWarning({ insecureTls: draft.insecureTls, upstream: draft.upstream.trim() }) : undefined;
  const secretLabel = { bearer: 'Upstream token', basic: 'Upstream password', header: 'Header value', oauth: 'Client secret' } as const;
  return (
    <form
      className="settings-form"
      aria-label="Workspace kind"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label htmlFor="workspace-kind">Workspace kind</label>
      <select id="workspace-kind" value={draft.kind} onChange={(event) => edit({ kind: event.target.value as WorkspaceKind })}>
        <option value="local">local — the workbench is the SCIM server (SQLite)</option>
        <option value="proxy">proxy — forward to your own SCIM server and record both sides</option>
      </select>
      {draft.kind === 'proxy' && (
        <>
          <label htmlFor="proxy-upstream">Upstream SCIM base URL</label>
          <input
            id="proxy-upstream"
            type="url"
            placeholder="http://localhost:3000/scim/v2"
            value={draft.upstream}
            onChange={(event) => edit({ upstream: event.target.value })}
          />
          <label htmlFor="proxy-auth">Upstream authentication</label>
          <select id="proxy-auth" value={draft.mode} onChange={(event) => edit({ mode: event.target.value as ProxyAuthMode })}>
            {PROXY_AUTH_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {AUTH_LABELS[mode]}
              </option>
            ))}
          </select>
          {draft.mode === 'basic' && (
            <>
              <label htmlFor="proxy-username">Upstream username</label>
              <input id="proxy-username" value={draft.username} onChange={(event) => edit({ username: event.target.value })} />
            </>
          )}
          {draft.mode === 'header' && (
            <>
              <label htmlFor="proxy-header">Upstream header name</label>
              <input id="proxy-header" value={draft.headerName} onChange={(event) => edit({ headerName: event.target.value })} />
            </>
          )}
          {draft.mode === 'oauth' && (
            <>
              <label htmlFor="proxy-token-url">Upstream token endpoint</label>
              <input id="proxy-token-url" type="url" value={draft.tokenUrl} onChange={(event) => edit({ tokenUrl: event.target.value })} />
              <label htmlFor="proxy-client-id">Upstream client id</label>
              <input id="proxy-client-id" value={draft.clientId} onChange={(event) => edit({ clientId: event.target.value })} />
            </>
          )}
          {draft.mode !== 'pass-through' && (
            <>
              <label htmlFor="proxy-secret">{secretLabel[draft.mode]}</label>
              <input
                id="proxy-secret"
                type="password"
                autoComplete="off"
                placeholder={config?.secretStored && config.proxy?.auth.mode === draft.mode ? 'stored — leave empty to keep it' : ''}
                value={draft.secret}
                onChange={(event) => edit({ secret: event.target.value })}
              />
            </>
          )}
          <label htmlFor="proxy-timeout">Upstream timeout (ms)</label>
          <input
            id="proxy-timeout"
            type="number"
            min={1}
            max={600000}
            value={draft.timeoutMs}
            onChange={(event) => edit({ timeoutMs: Number(event.target.value) })}
          />
          <span />
          <label>
            <input type="checkbox" checked={draft.insecureTls} onChange={(event) => edit({ insecureTls: event.target.checked })} /> Accept a self-signed TLS
            certificate (staging servers)
          </label>
          <span />
          <label>
            <input type="checkbox" checked={draft.observeAfterWrite} onChange={(event) => edit({ observeAfterWrite: event.target.checked })} /> Read each
            resource back after a write (records what your server stored; one request more per write)
          </label>
        </>
      )}
      <span />
      <div>
        {warning && (
          <p className="warning" role="alert" data-testid="proxy-tls-warning">
            {warning}
          </p>
        )}
        <button type="submit">Save workspace kind</button>
        {message && (
          <p className={message.error ? 'error' : undefined} role={message.error ? 'alert' : 'status'} data-testid="proxy-message">
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}

import { useEffect, useState } from 'react';
import type { WorkspaceConnectionResponse } from '../../../shared/admin-api';
import { useConnection } from '../store/connection';
import { useTunnel } from '../store/tunnel';
import { DEFAULT_WORKSPACE, useWorkspaces } from '../store/workspaces';
import { TunnelPanel } from './TunnelPanel';
import { WorkspaceSettingsForm } from './WorkspaceSettingsForm';
import { askConfirm } from '../store/dialog';
import { AuthModeForm } from './AuthModeForm';
import { IdpFieldsTable, MASK } from './IdpFields';
import { ProxyForm } from './ProxyForm';

/**
 * The values to type into each IdP for the picked workspace in its auth mode, its secret (masked until
 * revealed) with copy and regenerate, the auth mode, and its settings.
 */
export function ConnectionCard() {
  const { client, setScimToken } = useConnection();
  const workspace = useWorkspaces((state) => state.current);
  const tunnel = useTunnel((state) => state.response?.status);
  const [connection, setConnection] = useState<WorkspaceConnectionResponse>();
  const [message, setMessage] = useState<string>();
  const [revealed, setRevealed] = useState(false);
  useEffect(() => {
    setMessage(undefined);
    setRevealed(false);
    void client?.workspaceConnection(workspace).then(setConnection, (error: Error) => {
      setConnection(undefined);
      setMessage(error.message);
    });
    // Asked again when the tunnel comes online, goes away or moves: the public URL is part of the answer.
  }, [client, workspace, tunnel?.state, tunnel?.publicOrigin]);
  const scimPath = useWorkspaces((state) => state.list.find((candidate) => candidate.slug === workspace)?.scimPath);
  const shown = connection?.slug === workspace ? connection : undefined;
  const local = shown?.scimBaseUrl ?? '';
  // The tunnel's state is polled apart from this answer and may be newer: its origin and the workspace's path make the same URL.
  const publicUrl =
    tunnel?.state === 'online' ? (shown?.publicScimBaseUrl ?? (tunnel.publicOrigin && scimPath ? `${tunnel.publicOrigin}${scimPath}` : undefined)) : undefined;
  // What an IdP in the cloud must be given: the public URL when a tunnel is online.
  const base = publicUrl ?? local;
  const regenerate = async () => {
    if (
      !client ||
      !shown ||
      !(await askConfirm(
        'Regenerate the token?',
        `The IdP sending to workspace “${shown.name}” stops working until you paste the new one: the old token (and every OAuth access token issued with it) is refused from the next request.`,
        'Regenerate',
      ))
    )
      return;
    try {
      const { token } = await client.regenerateToken(shown.slug);
      setConnection({ ...shown, token });
      if (shown.slug === DEFAULT_WORKSPACE) setScimToken(token);
      setMessage('New token issued; the old one is refused from now on.');
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  if (!shown) {
    return (
      <section className="connection" aria-label="Connection">
        <p role="status">{message ?? `Loading the connection of workspace “${workspace}”…`}</p>
        <TunnelPanel />
      </section>
    );
  }
  return (
    <section className="connection" aria-label="Connection">
      <h2>Connect an IdP to workspace “{shown.name}”</h2>
      <dl>
        <dt>SCIM base URL (this machine)</dt>
        <dd>
          <code data-testid="scim-base-url">{local}</code> {local && <CopyButton text={local} />}
        </dd>
        {tunnel && tunnel.state !== 'stopped' && (
          <>
            <dt>Public SCIM base URL ({tunnel.provider})</dt>
            <dd data-testid="tunnel">
              {publicUrl ? (
                <>
                  <code data-testid="public-scim-base-url">{publicUrl}</code> <CopyButton text={publicUrl} />
                </>
              ) : (
                `${tunnel.state}${tunnel.message ? `: ${tunnel.message}` : ''}`
              )}
            </dd>
          </>
        )}
        <dt>Token (the workspace secret)</dt>
        <dd>
          <code data-testid="scim-token">{revealed ? shown.token : MASK}</code> <CopyButton text={shown.token} label="Copy token" />{' '}
          <button type="button" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
            {revealed ? 'Hide secret' : 'Reveal secret'}
          </button>{' '}
          <button type="button" onClick={() => void regenerate()}>
            Regenerate
          </button>
        </dd>
      </dl>
      {message && <p role="status">{message}</p>}
      {client && <ProxyForm key={`proxy:${shown.slug}`} client={client} workspace={shown.slug} />}
      {client && <AuthModeForm key={`auth:${shown.slug}`} client={client} connection={shown} onSaved={setConnection} />}
      <IdpFieldsTable
        base={base}
        auth={shown.auth}
        secret={shown.token}
        revealed={revealed}
        copyButton={(text, label) => <CopyButton text={text} label={label} />}
      />
      {client && <WorkspaceSettingsForm key={workspace} client={client} workspace={workspace} />}
      <TunnelPanel />
    </section>
  );
}

function CopyButton({ text, label }: { text: string; label?: string }) {
  return (
    <button type="button" aria-label={label} onClick={() => void navigator.clipboard?.writeText(text)}>
      Copy
    </button>
  );
}

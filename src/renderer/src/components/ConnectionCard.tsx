import { useEffect, useState } from 'react';
import type { WorkspaceSummary } from '../../../shared/admin-api';
import { useConnection } from '../store/connection';
import { useTunnel } from '../store/tunnel';
import { TunnelPanel } from './TunnelPanel';
import { askConfirm } from '../store/dialog';

/** The values to type into each IdP, the token with copy and regenerate. */
export function ConnectionCard() {
  const { client, scimBaseUrl, scimToken, setScimToken } = useConnection();
  const tunnel = useTunnel((state) => state.response?.status);
  const [workspaces, setWorkspaces] = useState<WorkspaceSummary[]>([]);
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    void client?.workspaces().then(setWorkspaces, (error: Error) => setMessage(error.message));
  }, [client]);
  const local = scimBaseUrl ?? 'http://127.0.0.1:8787/scim/v2';
  // What an IdP in the cloud must be given: the public URL when a tunnel is online.
  const base = tunnel?.state === 'online' && tunnel.publicScimBaseUrl ? tunnel.publicScimBaseUrl : local;
  const regenerate = async () => {
    if (!client || !(await askConfirm('Regenerate the token?', 'The IdP stops working until you paste the new one: the old token is refused from the next request.', 'Regenerate'))) return;
    try {
      const { token } = await client.regenerateToken('default');
      setScimToken(token);
      setMessage('New token issued; the old one is refused from now on.');
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <section className="connection" aria-label="Connection">
      <h2>Connect an IdP</h2>
      <dl>
        <dt>SCIM base URL (this machine)</dt><dd><code data-testid="scim-base-url">{local}</code> <CopyButton text={local} /></dd>
        {tunnel && tunnel.state !== 'stopped' && (
          <>
            <dt>Public SCIM base URL ({tunnel.provider})</dt>
            <dd data-testid="tunnel">
              {tunnel.state === 'online' ? <><code>{tunnel.publicScimBaseUrl}</code> <CopyButton text={tunnel.publicScimBaseUrl ?? ''} /></> : `${tunnel.state}${tunnel.message ? `: ${tunnel.message}` : ''}`}
            </dd>
          </>
        )}
        <dt>Token</dt>
        <dd>
          {scimToken ? <><code>{scimToken}</code> <CopyButton text={scimToken} /></> : <span>shown by <code>scim-workbench token</code></span>}{' '}
          <button type="button" onClick={() => void regenerate()}>Regenerate</button>
        </dd>
        {workspaces.length > 1 && <><dt>Other workspaces</dt><dd>{workspaces.filter((w) => w.slug !== 'default').map((w) => <code key={w.slug}>{w.scimPath} </code>)}</dd></>}
      </dl>
      {message && <p role="status">{message}</p>}
      <table className="idp-fields">
        <thead><tr><th>IdP</th><th>Field</th><th>Value</th></tr></thead>
        <tbody>
          <tr><td rowSpan={4}>Okta (SCIM 2.0, Header Auth)</td><td>SCIM connector base URL</td><td>{base}</td></tr>
          <tr><td>Unique identifier field for users</td><td>userName</td></tr>
          <tr><td>Authentication Mode</td><td>HTTP Header</td></tr>
          <tr><td>Authorization</td><td>the token</td></tr>
          <tr><td rowSpan={2}>Microsoft Entra ID</td><td>Tenant URL</td><td>{base}</td></tr>
          <tr><td>Secret Token</td><td>the token</td></tr>
          <tr><td rowSpan={2}>OneLogin</td><td>SCIM Base URL</td><td>{base}</td></tr>
          <tr><td>SCIM Bearer Token</td><td>the token</td></tr>
        </tbody>
      </table>
      <TunnelPanel />
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  return <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>Copy</button>;
}

import { useState } from 'react';
import type { WorkspaceConnectionResponse } from '../../../shared/admin-api';
import { AUTH_MODE_CHOICES, type AuthMode, type AuthSettings } from '../../../shared/auth-modes';
import type { AdminClient } from '../api/admin-client';

/**
 * The workspace's auth mode and the fields it needs (the options of `workspace configure --auth`).
 * The secret is not edited here: it is the workspace token, whatever the mode. Saved as one change;
 * a value the engine refuses is shown with its reason and nothing is stored.
 */
export function AuthModeForm({
  client,
  connection,
  onSaved,
}: {
  client: AdminClient;
  connection: WorkspaceConnectionResponse;
  onSaved: (connection: WorkspaceConnectionResponse) => void;
}) {
  const [draft, setDraft] = useState<AuthSettings>(connection.auth);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const [busy, setBusy] = useState(false);
  const edit = (change: Partial<AuthSettings>) => {
    setDraft({ ...draft, ...change });
    setMessage(undefined);
  };
  const save = async () => {
    setBusy(true);
    try {
      // The chosen mode's own fields only: a field of another mode left half-typed does not block the save.
      const fields: Record<AuthMode, Partial<AuthSettings>> = {
        bearer: {},
        basic: { username: draft.username },
        header: { headerName: draft.headerName },
        oauth: { clientId: draft.clientId, tokenLifetimeSeconds: draft.tokenLifetimeSeconds },
      };
      const saved = await client.setWorkspaceAuth(connection.slug, { mode: draft.mode, ...fields[draft.mode] });
      setDraft(saved.auth);
      onSaved(saved);
      setMessage({ text: `Saved: workspace “${connection.slug}” accepts ${saved.auth.mode} credentials only, from its next request.`, error: false });
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="settings-form"
      aria-label="Authentication"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label htmlFor="auth-mode">Authentication mode</label>
      <select id="auth-mode" aria-label="Authentication mode" value={draft.mode} onChange={(event) => edit({ mode: event.target.value as AuthMode })}>
        {AUTH_MODE_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      {draft.mode === 'basic' && (
        <>
          <label htmlFor="auth-username">Basic username</label>
          <input id="auth-username" aria-label="Basic username" value={draft.username} onChange={(event) => edit({ username: event.target.value })} />
        </>
      )}
      {draft.mode === 'header' && (
        <>
          <label htmlFor="auth-header">Header name</label>
          <input id="auth-header" aria-label="Header name" value={draft.headerName} onChange={(event) => edit({ headerName: event.target.value })} />
        </>
      )}
      {draft.mode === 'oauth' && (
        <>
          <label htmlFor="auth-client-id">Client id</label>
          <input id="auth-client-id" aria-label="Client id" value={draft.clientId} onChange={(event) => edit({ clientId: event.target.value })} />
          <label htmlFor="auth-lifetime">Access token lifetime (seconds)</label>
          <input
            id="auth-lifetime"
            aria-label="Access token lifetime (seconds)"
            type="number"
            min={1}
            max={86400}
            value={draft.tokenLifetimeSeconds}
            onChange={(event) => edit({ tokenLifetimeSeconds: Number(event.target.value) })}
          />
        </>
      )}
      <span />
      <div>
        <button type="submit" disabled={busy}>
          Save authentication
        </button>
        {message && (
          <p className={message.error ? 'error' : undefined} role={message.error ? 'alert' : 'status'} data-testid="auth-message">
            {message.text}
          </p>
        )}
      </div>
    </form>
  );
}

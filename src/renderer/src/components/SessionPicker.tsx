import { useRef } from 'react';
import type { SessionSummary } from '../../../shared/recording';
import { useConnection } from '../store/connection';
import { askConfirm, askText } from '../store/dialog';
import { useScope } from '../store/scope';
import { currentSession, useSessions } from '../store/sessions';

const count = (session: SessionSummary) => `${session.exchangeCount} exchange${session.exchangeCount === 1 ? '' : 's'}`;

/**
 * Which session the traffic list shows — the live one (by default), a past one, an imported file, a
 * replay's, or all of them — and what to do with it: clear (start a new live session), rename,
 * delete, export as a session file or HAR, import a file.
 */
export function SessionPicker() {
  const client = useConnection((state) => state.client)!;
  const { sessions, followLive, importing, error, pick, clear, rename, remove, importFile, setError } = useSessions();
  const scoped = useScope((state) => state.session);
  const { workspace, onlyWorkspace, setOnlyWorkspace } = useScope();
  const fileInput = useRef<HTMLInputElement>(null);
  const current = currentSession(sessions);
  const selected = followLive ? current : sessions.find((session) => session.id === scoped);
  const value = followLive ? 'live' : scoped === undefined ? 'all' : String(scoped);
  const ofKind = (kind: SessionSummary['kind']) => sessions.filter((session) => session.kind === kind && !session.current);
  const groups: [label: string, kind: SessionSummary['kind'], suffix: string][] = [
    ['Past sessions', 'live', ''],
    ['Imported files', 'imported', ' — imported'],
    ['Replays', 'replay', ' — replay'],
  ];

  return (
    <div className="session-picker" role="group" aria-label="Sessions">
      <select
        aria-label="Session"
        value={value}
        onChange={(event) => pick(event.target.value === 'live' ? 'live' : event.target.value === 'all' ? undefined : Number(event.target.value))}
      >
        <option value="live">{current ? `Live: ${current.name} (${count(current)})` : 'Live session'}</option>
        {groups.map(([label, kind, suffix]) =>
          ofKind(kind).length === 0 ? null : (
            <optgroup key={kind} label={label}>
              {ofKind(kind).map((session) => (
                <option key={session.id} value={session.id}>{`${session.name}${suffix} (${count(session)})`}</option>
              ))}
            </optgroup>
          ),
        )}
        <option value="all">All sessions</option>
      </select>
      <label title="Every workspace's traffic is listed unless this is ticked; each row's path names its workspace (/w/<name>/…)">
        <input type="checkbox" checked={onlyWorkspace} onChange={(event) => setOnlyWorkspace(event.target.checked)} /> Only workspace “{workspace}”
      </label>
      <button type="button" title="Start a new live session: the list empties and the next requests are recorded into it" onClick={() => void clear(client)}>
        Clear
      </button>
      <button
        type="button"
        disabled={!selected}
        onClick={async () => {
          if (!selected) return;
          const name = await askText('New name of the session', selected.name, 'Rename');
          if (name && name !== selected.name) await rename(client, selected.id, name);
        }}
      >
        Rename…
      </button>
      <button
        type="button"
        disabled={!selected}
        onClick={async () => {
          if (!selected) return;
          const more = selected.current ? ' The next requests are recorded into a new session.' : '';
          if (await askConfirm(`Delete the session "${selected.name}"?`, `Its ${count(selected)} will be removed.${more}`, 'Delete'))
            await remove(client, selected.id);
        }}
      >
        Delete…
      </button>
      <button
        type="button"
        disabled={!selected}
        onClick={() => selected && client.downloadSession(selected.id, 'json').catch((reason: Error) => setError(reason.message))}
      >
        Export
      </button>
      <button
        type="button"
        disabled={!selected}
        onClick={() => selected && client.downloadSession(selected.id, 'har').catch((reason: Error) => setError(reason.message))}
      >
        HAR
      </button>
      <button type="button" disabled={importing} onClick={() => fileInput.current?.click()}>
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept=".json,.har,application/json"
        aria-label="Import a session file or HAR"
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared, so picking the same file again imports it again.
          event.target.value = '';
          if (file) void importFile(client, file);
        }}
      />
      {importing && <span role="status">Importing…</span>}
      {error && (
        <p className="session-error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}

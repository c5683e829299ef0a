import { useEffect, useState } from 'react';
import type { AppEffectResponse, AppUser } from '../../../shared/mappings';
import { useConnection } from '../store/connection';

/** What the exchange made of the app's records through the workspace's current mappings. */
export function AppEffectTab({ exchangeId }: { exchangeId: number }) {
  const client = useConnection((state) => state.client);
  const [effect, setEffect] = useState<AppEffectResponse>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    setEffect(undefined);
    void client?.appEffect(exchangeId).then(setEffect, (reason: Error) => setError(reason.message));
  }, [client, exchangeId]);
  if (error) return <p className="error">{error}</p>;
  if (!effect) return <p>Loading…</p>;
  if (effect.users.length === 0 && effect.groups.length === 0) return <p className="empty">This exchange changed no app record.</p>;
  return (
    <div className="app-effect" aria-label="App effect">
      {effect.users.map((user) => (
        <section key={user.scimId}>
          <h3>User {user.after?.userName ?? user.before?.userName ?? user.scimId}</h3>
          <AppUserChange before={user.before} after={user.after} />
          {user.after?.warnings.map((warning) => (
            <p key={warning} className="warning">
              ⚠ {warning}
            </p>
          ))}
          {user.unusedAttributes.length > 0 && (
            <p className="warning" data-testid="unused-attributes">
              ⚠ Sent by the IdP but used by no mapping rule: {user.unusedAttributes.join(', ')}
            </p>
          )}
        </section>
      ))}
      {effect.groups.map((group) => (
        <section key={group.scimId}>
          <h3>Group {group.scimId}</h3>
          <p>
            App role: {group.role.before ?? '—'} → {group.role.after ?? '—'}
          </p>
          {group.membersAdded.length > 0 && <p>Gain the role: {group.membersAdded.join(', ')}</p>}
          {group.membersRemoved.length > 0 && <p>Lose the role: {group.membersRemoved.join(', ')}</p>}
        </section>
      ))}
      {effect.note && <p className="hint">{effect.note}</p>}
    </div>
  );
}

function AppUserChange({ before, after }: { before: AppUser | null; after: AppUser | null }) {
  const fields = [...new Set([...Object.keys(before?.fields ?? {}), ...Object.keys(after?.fields ?? {})])];
  const rows: [string, string, string][] = [
    ['status', before?.status ?? '(not in the app)', after?.status ?? '(not in the app)'],
    ['roles', before ? before.roles.join(', ') || '—' : '', after ? after.roles.join(', ') || '—' : ''],
    ...fields.map((field): [string, string, string] => [field, before?.fields[field] ?? '∅', after?.fields[field] ?? '∅']),
  ];
  return (
    <table className="app-change">
      <thead>
        <tr>
          <th>App field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([field, old, next]) => (
          <tr key={field} className={old !== next ? 'changed' : undefined}>
            <td>{field}</td>
            <td>{old}</td>
            <td>{next}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { AppViewResponse } from '../../../shared/mappings';

/** The app side of the workspace: its users, their fields and roles, as the saved mappings give them. */
export function AppView({ view }: { view: AppViewResponse }) {
  const fields = [...new Set(view.users.flatMap((user) => Object.keys(user.fields)))];
  return (
    // Focusable: it scrolls sideways when the app has many fields, and the keyboard must be able to scroll it too.
    <section aria-label="App view" className="app-view" tabIndex={0}>
      <h2>In the app</h2>
      {view.unusedAttributes.length > 0 && <p className="warning">⚠ Sent by the IdP but used by no rule: {view.unusedAttributes.join(', ')}</p>}
      <table>
        <thead>
          <tr>
            <th>userName</th>
            <th>Status</th>
            <th>Roles</th>
            {fields.map((field) => (
              <th key={field}>{field}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.users.map((user) => (
            <tr key={user.scimId} data-testid="app-user" title={user.warnings.join('\n')} className={user.warnings.length > 0 ? 'has-warnings' : undefined}>
              <td>{user.userName}</td>
              <td>{user.status}</td>
              <td>{user.roles.join(', ')}</td>
              {fields.map((field) => (
                <td key={field}>{user.fields[field] ?? '∅'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {view.totalUsers > view.users.length && (
        <p className="hint">
          Showing {view.users.length} of {view.totalUsers} users.
        </p>
      )}
      <h3>Roles</h3>
      <ul aria-label="App roles">
        {view.roles.map((role) => (
          <li key={role.name}>
            {role.name} — from {role.from.join(', ')}
            {role.unmapped ? ' (no rule: created as is)' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

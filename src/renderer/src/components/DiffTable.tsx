import type { AttributeChange } from '../../../shared/admin-api';

/** Before and after in two columns, one row per attribute path (key order never shows as a change). */
export function DiffTable({ changes, label }: { changes: AttributeChange[]; label: string }) {
  return (
    <table className="diff" aria-label={label}>
      <thead>
        <tr>
          <th>Attribute</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {changes.length === 0 && (
          <tr>
            <td colSpan={3}>No attribute changed.</td>
          </tr>
        )}
        {changes.map((change) => (
          <tr key={change.path} className={`diff-${change.kind}`}>
            <th>{change.path}</th>
            <td>{change.kind === 'added' ? '' : JSON.stringify(change.before)}</td>
            <td>{change.kind === 'removed' ? '' : JSON.stringify(change.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

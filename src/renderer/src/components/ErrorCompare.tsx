import { scimErrorOf } from '../scim-error';

/** A recorded and a replayed answer side by side as SCIM errors (status, scimType, detail), when either is one. */
export function ErrorCompare({
  recorded,
  replayed,
}: {
  recorded: { status: number; body: string | null };
  replayed: { status?: number; body: string | null };
}) {
  const errors = { recorded: scimErrorOf(recorded.body), replayed: scimErrorOf(replayed.body) };
  if (!errors.recorded && !errors.replayed) return null;
  const cell = (side: 'recorded' | 'replayed', key: 'scimType' | 'detail') => {
    const error = errors[side];
    return error ? (error[key] ?? '—') : 'not an error';
  };
  const rows: [string, string, string][] = [
    ['Status', String(recorded.status), String(replayed.status ?? '—')],
    ['scimType', cell('recorded', 'scimType'), cell('replayed', 'scimType')],
    ['detail', cell('recorded', 'detail'), cell('replayed', 'detail')],
  ];
  return (
    <table className="error-compare" aria-label="SCIM error compared">
      <thead>
        <tr>
          <th scope="col">SCIM error</th>
          <th scope="col">Recorded</th>
          <th scope="col">Replayed</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, before, after]) => (
          <tr key={name} className={before === after ? '' : 'diff-changed'}>
            <th scope="row">{name}</th>
            <td>{before}</td>
            <td>{after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

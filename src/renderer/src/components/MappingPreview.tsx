import type { MappingPreviewResponse } from '../../../shared/mappings';

/** What Save would change in the app: the engine lists only fields whose value differs. */
export function MappingPreview({ preview }: { preview: MappingPreviewResponse }) {
  if (preview.changed.length === 0) return <p data-testid="preview">No app record would change ({preview.compared} compared).</p>;
  return (
    <div data-testid="preview">
      <p>
        {preview.changed.length} of {preview.compared} app users would change:
      </p>
      <ul>
        {preview.changed.map((record) => (
          <li key={record.scimId}>
            {record.userName}:{' '}
            {record.changes.map((change) => `${change.what} ${JSON.stringify(change.before ?? null)} → ${JSON.stringify(change.after ?? null)}`).join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { ResourceVersionEntry } from '../../../shared/admin-api';
import { JsonView } from './JsonView';

/** What a resource is called: "Jane Doe · jane@example.com", a group's displayName. */
export function titleOf(document: Record<string, unknown> | null | undefined): string | undefined {
  if (!document) return undefined;
  const userName = typeof document.userName === 'string' ? document.userName : undefined;
  const displayName = typeof document.displayName === 'string' ? document.displayName : undefined;
  if (userName && displayName && displayName !== userName) return `${displayName} · ${userName}`;
  return userName ?? displayName;
}

/** The resource as the SCIM API serves it now (from the list), or as its latest version stored it; folded, as it is long. */
export function CurrentJson({ resource, latest }: { resource?: Record<string, unknown>; latest?: ResourceVersionEntry }) {
  const document = resource ?? latest?.after;
  return (
    <details className="current-json">
      <summary>{resource ? 'Current JSON' : latest?.after ? 'JSON as last stored' : 'Deleted: JSON before the delete'}</summary>
      <JsonView label="Resource" text={JSON.stringify(document ?? latest?.before ?? null)} />
    </details>
  );
}

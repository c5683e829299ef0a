import type { ResourceChange } from '../../shared/recording';
import { diffDocuments } from './diff';

/** Paths not worth naming in a summary: bookkeeping the server keeps. */
const BOOKKEEPING = /^(meta|schemas)\b/;
const MAX_NAMED = 4;

/**
 * One version of a resource in one line, for the Resources timeline: "created", "deleted",
 * "active: true → false", "changed name.givenName, emails[type=work].value", "members added: jane".
 * Single values are quoted as JSON so `"false"` and `false` read differently.
 */
export function versionSummary(change: ResourceChange, memberNames: Record<string, string> = {}): string {
  const parts: string[] = [];
  if (change.before === null) parts.push('created');
  else if (change.after === null) parts.push('deleted');
  else {
    const changes = diffDocuments(change.before, change.after).filter((item) => !BOOKKEEPING.test(item.path));
    const only = changes.length === 1 ? changes[0]! : undefined;
    if (only) {
      parts.push(
        only.kind === 'changed'
          ? `${only.path}: ${short(only.before)} → ${short(only.after)}`
          : only.kind === 'added'
            ? `set ${only.path} to ${short(only.after)}`
            : `removed ${only.path}`,
      );
    } else if (changes.length > 0) {
      const named = changes
        .slice(0, MAX_NAMED)
        .map((item) => (item.kind === 'added' ? `+${item.path}` : item.kind === 'removed' ? `−${item.path}` : item.path));
      parts.push(`changed ${named.join(', ')}${changes.length > MAX_NAMED ? ` and ${changes.length - MAX_NAMED} more` : ''}`);
    }
  }
  const members = (label: string, ids: string[] | undefined) => {
    if (ids?.length)
      parts.push(
        `${label}: ${ids
          .slice(0, MAX_NAMED)
          .map((id) => memberNames[id] ?? id)
          .join(', ')}${ids.length > MAX_NAMED ? ` and ${ids.length - MAX_NAMED} more` : ''}`,
      );
  };
  members('members added', change.membersAdded);
  members('members removed', change.membersRemoved);
  // Proxy mode: a version seen in the user's server's answer, not one the workbench made.
  if (change.observed) parts.push('observed');
  return parts.length === 0 ? 'no attribute changed' : parts.join(' · ');
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

import type { ResourceChange } from '../../shared/recording';
import { isPlainObject } from '../../shared/json-values';

/**
 * An imported exchange's resource changes. Their documents are kept however odd (a session file
 * keeps what the recording had), but each must name its resource: without a type and an id it
 * cannot be stored as a resource version, and the database would refuse the whole import with a
 * constraint error that says nothing about the file.
 */
export function importedChanges(changes: unknown, at: string): ResourceChange[] {
  if (!Array.isArray(changes)) return [];
  return changes.map((change: unknown, index) => {
    if (
      !isPlainObject(change) ||
      (change.resourceType !== 'User' && change.resourceType !== 'Group') ||
      typeof change.resourceId !== 'string' ||
      change.resourceId === ''
    ) {
      throw new Error(`${at}.changes[${index}] must name its resource: "resourceType" (User or Group) and "resourceId" (text).`);
    }
    return change as unknown as ResourceChange;
  });
}

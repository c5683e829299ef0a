import type { SuiteKind } from '../../shared/suites';
import { PostmanError, assertPostmanCollection } from './postman';

/**
 * Which kind of suite a file is, read from its shape: a Runscope test export has a `steps` list, a
 * Postman collection (v2) an `info` object and an `item` list. Anything else is refused with a
 * sentence saying what the file looks like instead.
 */
export class SuiteKindError extends Error {}

export function suiteKindOf(document: unknown): SuiteKind {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new SuiteKindError('The file is not a suite: a Runscope test export or a Postman collection is a JSON object.');
  }
  if (Array.isArray((document as { steps?: unknown }).steps)) return 'runscope';
  try {
    assertPostmanCollection(document);
    return 'postman';
  } catch (error) {
    if (!(error instanceof PostmanError)) throw error;
    const record = document as Record<string, unknown>;
    // A file that tried to be a collection gets the collection's own complaint; any other a list of what is accepted.
    if ('info' in record || 'item' in record || 'values' in record || 'requests' in record) throw new SuiteKindError(error.message);
    throw new SuiteKindError('The file is neither a Runscope test export (a "steps" list) nor a Postman collection (an "info" object and an "item" list).');
  }
}

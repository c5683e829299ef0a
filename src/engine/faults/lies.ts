import type { FaultLie } from '../../shared/faults';
import { isPlainObject } from '../../shared/json-values';

/** A lie told on a JSON answer: the new body, or undefined when the answer is not one the lie applies to. */
export function lieAbout(
  lie: FaultLie,
  value: number | string | undefined,
  body: string,
  requestedCount: number | undefined,
): { body: string; summary: string } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isPlainObject(document)) return undefined;
  const list = Array.isArray(document.Resources);
  switch (lie) {
    case 'totalResults': {
      if (!list || typeof document.totalResults !== 'number') return undefined;
      const real = document.totalResults;
      document.totalResults = typeof value === 'number' ? value : real + 10;
      return { body: JSON.stringify(document), summary: `totalResults answered as ${document.totalResults as number} (really ${real})` };
    }
    case 'itemsPerPage': {
      if (!list) return undefined;
      const real = document.itemsPerPage;
      document.itemsPerPage = typeof value === 'number' ? value : (requestedCount ?? 100);
      return { body: JSON.stringify(document), summary: `itemsPerPage answered as ${document.itemsPerPage as number} (really ${JSON.stringify(real)})` };
    }
    case 'missingId': {
      const resources = list ? (document.Resources as unknown[]).filter(isPlainObject) : [document];
      const withId = resources.filter((resource) => 'id' in resource);
      if (withId.length === 0) return undefined;
      for (const resource of withId) delete resource.id;
      return { body: JSON.stringify(document), summary: `id left out of ${withId.length} resource(s)` };
    }
    default:
      return undefined;
  }
}

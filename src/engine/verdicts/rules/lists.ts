import { isPlainObject } from '../../../shared/json-values';
import { URN } from '../../scim/urns';
import type { ExchangeFacts } from '../exchange-facts';
import { shown, type VerdictRule } from '../rule';

/** The ListResponse of a successful query, or undefined when the rule does not apply. */
function listOf(facts: ExchangeFacts): Record<string, unknown> | undefined {
  return facts.kind === 'list' && facts.status === 200 && isPlainObject(facts.body) ? facts.body : undefined;
}

const isListResponse = (body: Record<string, unknown>) => Array.isArray(body.schemas) && (body.schemas as unknown[]).includes(URN.listResponse);

/** A query parameter as the positive integer it asks for (RFC 7644 §3.4.2.4), or undefined. */
export function requestedInteger(facts: ExchangeFacts, name: string): number | undefined {
  const text = facts.query.get(name);
  if (text === null || !/^-?\d+$/.test(text.trim())) return undefined;
  return Number(text);
}

export const listRules: VerdictRule[] = [
  {
    id: 'rfc.list-schema',
    severity: 'error',
    rule: `A query answers a ListResponse: schemas ["${URN.listResponse}"].`,
    source: 'RFC 7644 §3.4.2',
    fix: `Wrap query results in {"schemas": ["${URN.listResponse}"], "totalResults": n, "Resources": […]}, also for one match or none.`,
    judge: (facts) => {
      if (facts.kind !== 'list' || facts.status !== 200) return undefined;
      if (Array.isArray(facts.body)) return 'The answer is a bare JSON array.';
      if (!isPlainObject(facts.body)) return undefined; // rfc.body-not-json
      return isListResponse(facts.body) ? undefined : `schemas is ${shown(facts.body.schemas)}.`;
    },
  },
  {
    id: 'rfc.list-total',
    severity: 'error',
    rule: 'A ListResponse carries totalResults, an integer.',
    source: 'RFC 7644 §3.4.2',
    fix: 'Send "totalResults" as a JSON integer: the number of matches in all pages.',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !isListResponse(list)) return undefined;
      return Number.isInteger(list.totalResults) ? undefined : `totalResults is ${shown(list.totalResults)}.`;
    },
  },
  {
    id: 'rfc.list-paging-integers',
    severity: 'error',
    rule: 'startIndex and itemsPerPage are JSON integers, and present when the client paged.',
    source: 'RFC 7644 §3.4.2, §3.4.2.4',
    fix: 'Send "startIndex" and "itemsPerPage" as JSON numbers (1, not "1") on every paged answer.',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !isListResponse(list)) return undefined;
      const paged = facts.query.has('startIndex') || facts.query.has('count');
      for (const key of ['startIndex', 'itemsPerPage']) {
        const value = list[key];
        if (value === undefined ? paged : !Number.isInteger(value)) return `${key} is ${shown(value)}${value === undefined ? ' on a paged query' : ''}.`;
      }
      return undefined;
    },
  },
  {
    id: 'rfc.list-resources',
    severity: 'error',
    rule: 'A ListResponse with totalResults above 0 carries a Resources array.',
    source: 'RFC 7644 §3.4.2',
    fix: 'Send the page\'s resources as "Resources": […] (an array, even of one).',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !isListResponse(list)) return undefined;
      if (list.Resources !== undefined && !Array.isArray(list.Resources)) return `Resources is ${shown(list.Resources)}, not an array.`;
      const total = list.totalResults;
      // count=0 asks for the total only (RFC 7644 §3.4.2.4).
      if (typeof total === 'number' && total > 0 && list.Resources === undefined && requestedInteger(facts, 'count') !== 0)
        return `totalResults is ${total} but there is no Resources array.`;
      return undefined;
    },
  },
  {
    id: 'rfc.list-items-per-page',
    severity: 'error',
    rule: 'itemsPerPage is the number of resources in this page.',
    source: 'RFC 7644 §3.4.2',
    fix: 'Set "itemsPerPage" to Resources.length, not to the page size asked for or the total.',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !Number.isInteger(list.itemsPerPage)) return undefined;
      const count = Array.isArray(list.Resources) ? list.Resources.length : 0;
      return list.itemsPerPage === count
        ? undefined
        : `itemsPerPage is ${String(list.itemsPerPage)} but the page holds ${count} resource${count === 1 ? '' : 's'}.`;
    },
  },
  {
    id: 'rfc.list-count',
    severity: 'error',
    rule: 'A page holds no more resources than the client asked for with count.',
    source: 'RFC 7644 §3.4.2.4',
    fix: 'Cut each page at the count parameter (at most your own maximum page size).',
    judge: (facts) => {
      const list = listOf(facts);
      const count = requestedInteger(facts, 'count');
      if (!list || count === undefined || !Array.isArray(list.Resources)) return undefined;
      const asked = Math.max(0, count);
      return list.Resources.length > asked ? `count=${count} was asked; the page holds ${list.Resources.length}.` : undefined;
    },
  },
  {
    id: 'rfc.list-start-index',
    severity: 'warning',
    rule: 'startIndex in the answer is the 1-based index the client asked for (1 when it did not, or asked for less).',
    source: 'RFC 7644 §3.4.2.4',
    fix: 'Echo the requested startIndex (values below 1 mean 1); count from 1, not 0.',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !Number.isInteger(list.startIndex)) return undefined;
      const expected = Math.max(1, requestedInteger(facts, 'startIndex') ?? 1);
      return list.startIndex === expected ? undefined : `startIndex is ${String(list.startIndex)}; ${expected} was asked.`;
    },
  },
  {
    id: 'rfc.list-total-short',
    severity: 'error',
    rule: 'totalResults counts every match: at least the resources up to the end of this page.',
    source: 'RFC 7644 §3.4.2',
    fix: 'Count all matches for totalResults, not only this page.',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !Number.isInteger(list.totalResults) || !Array.isArray(list.Resources)) return undefined;
      const start = Number.isInteger(list.startIndex) ? (list.startIndex as number) : 1;
      const seen = Math.max(0, start - 1) + list.Resources.length;
      return (list.totalResults as number) < seen ? `totalResults is ${String(list.totalResults)} but this page reaches resource ${seen}.` : undefined;
    },
  },
  {
    id: 'rfc.list-resource-id',
    severity: 'error',
    rule: 'Every resource in a ListResponse carries its id.',
    source: 'RFC 7643 §3.1; RFC 7644 §3.4.2',
    fix: 'Return "id" on every listed resource (it is returned "always", whatever attributes were asked for).',
    judge: (facts) => {
      const list = listOf(facts);
      if (!list || !Array.isArray(list.Resources)) return undefined;
      const missing = list.Resources.findIndex((resource) => !isPlainObject(resource) || typeof resource.id !== 'string' || resource.id === '');
      return missing === -1 ? undefined : `Resources[${missing}] has no id.`;
    },
  },
];

import type { ReplayAuth } from '../../shared/replay';
import type { ImportedType, OktaImportSummary } from '../../shared/okta-import';
import { CancelledError, ScimClient, type SentRequest } from '../client/scim-client';
import { DIALECTS } from './idp-dialects';

/** Okta asks for 100 resources a page. */
export const OKTA_PAGE_SIZE = 100;
/** Beyond this many pages of one type the import stops: a list that never ends is a broken server, not a big tenant. */
export const MAX_IMPORT_PAGES = 10_000;

export interface OktaImportOptions {
  baseUrl: string;
  auth: ReplayAuth;
  pageSize?: number;
  maxPages?: number;
  delayMs?: number;
  signal?: AbortSignal;
  onRequest?: (sent: SentRequest) => void;
  onPage?: (progress: { type: 'Users' | 'Groups'; page: number; read: number; totalResults: number }) => void;
}

/** A page the import cannot go on from; its message is the summary's `problem`. */
class BrokenPage extends Error {}

/**
 * Okta's "Import users" and "Import groups": every user, then every group, read with paged GETs
 * (`/Users?startIndex=1&count=100`, then the next startIndex) until totalResults are read. A page
 * that cannot be right stops the import with the reason: an error status, a body that is no
 * ListResponse, totalResults that change between pages, a page that repeats resources already
 * read (a server ignoring startIndex would loop for ever), an empty page before totalResults, more
 * resources than totalResults, or more than `maxPages` pages.
 */
export async function oktaImport(options: OktaImportOptions): Promise<OktaImportSummary> {
  const client = new ScimClient({
    baseUrl: options.baseUrl,
    auth: options.auth,
    userAgent: DIALECTS.okta.userAgent,
    delayMs: options.delayMs,
    signal: options.signal,
    onRequest: options.onRequest,
  });
  const summary: OktaImportSummary = { users: { read: 0, pages: 0 }, groups: { read: 0, pages: 0 }, requests: 0, cancelled: false };
  try {
    await readAll(client, 'Users', summary.users, options);
    await readAll(client, 'Groups', summary.groups, options);
  } catch (error) {
    if (error instanceof CancelledError) summary.cancelled = true;
    else if (error instanceof BrokenPage) summary.problem = error.message;
    else summary.problem = (error as Error).message;
  }
  summary.requests = client.sent;
  return summary;
}

async function readAll(client: ScimClient, type: 'Users' | 'Groups', counts: ImportedType, options: OktaImportOptions): Promise<void> {
  const count = options.pageSize ?? OKTA_PAGE_SIZE;
  const maxPages = options.maxPages ?? MAX_IMPORT_PAGES;
  const what = type === 'Users' ? 'users' : 'groups';
  const seen = new Set<string>();
  let startIndex = 1;
  for (;;) {
    if (counts.pages >= maxPages)
      throw new BrokenPage(`Import of ${what} stopped after ${counts.pages} pages (${counts.read} of ${counts.totalResults} read): the list does not end.`);
    const path = `/${type}?startIndex=${startIndex}&count=${count}`;
    const answer = await client.send('GET', path);
    counts.pages += 1;
    const at = `GET ${path} (page ${counts.pages})`;
    if (answer.status !== 200)
      throw new BrokenPage(
        `${at} answered ${answer.status}${typeof answer.body?.detail === 'string' ? ` ("${answer.body.detail.slice(0, 200)}")` : ''}; Okta stops the import of ${what} there.`,
      );
    const total = answer.body?.totalResults;
    const resources = answer.body?.Resources ?? [];
    if (!Number.isSafeInteger(total) || (total as number) < 0 || !Array.isArray(resources))
      throw new BrokenPage(`${at} is not a ListResponse with a whole-number totalResults and a Resources list.`);
    if (counts.totalResults === undefined) counts.totalResults = total as number;
    else if (total !== counts.totalResults)
      throw new BrokenPage(
        `${at} says totalResults ${total}, the first page said ${counts.totalResults}: Okta cannot tell when the import of ${what} is complete.`,
      );
    const ids = (resources as { id?: unknown }[]).map((resource) =>
      typeof resource?.id === 'string' || typeof resource?.id === 'number' ? String(resource.id) : undefined,
    );
    if (ids.some((id) => id === undefined)) throw new BrokenPage(`${at} has a resource without an id.`);
    const repeated = ids.filter((id) => seen.has(id!));
    if (repeated.length > 0)
      throw new BrokenPage(
        `${at} repeats ${repeated.length} ${what} already read (e.g. ${repeated[0]}): the server ignores startIndex, and Okta's import would loop.`,
      );
    for (const id of ids) seen.add(id!);
    counts.read += ids.length;
    options.onPage?.({ type, page: counts.pages, read: counts.read, totalResults: counts.totalResults });
    if (counts.read > counts.totalResults)
      throw new BrokenPage(`${at} brings the ${what} read to ${counts.read}, more than totalResults ${counts.totalResults}.`);
    if (counts.read === counts.totalResults) return;
    if (ids.length === 0)
      throw new BrokenPage(
        `${at} is empty, but only ${counts.read} of totalResults ${counts.totalResults} ${what} were read: totalResults is wrong, or the pages end early.`,
      );
    startIndex += ids.length;
  }
}

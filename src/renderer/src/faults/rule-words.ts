import type { FaultAction, FaultClient, FaultLie, FaultMatch, FaultResourceType, InjectedFault } from '../../../shared/faults';

const CLIENT_NAMES: Record<FaultClient, string> = { okta: 'Okta', entra: 'Entra ID', onelogin: 'OneLogin', other: 'other clients' };
const RESOURCE_NAMES: Record<FaultResourceType, string> = { Users: 'Users', Groups: 'Groups', Bulk: 'Bulk', discovery: 'discovery endpoints' };

/** The reason phrases of the statuses a rule usually answers, so "503" reads as what it means. */
const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "a or b or c": a list as a sentence says it. */
function either(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A duration as a person says it: "250 ms", "1.5 s", "2 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000 || ms % 60_000 !== 0) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${ms / 60_000} min`;
}

/** A window's end as it was written, without the seconds' fraction and the UTC "Z" noise. */
const instant = (iso: string) => iso.replace(/:00(\.000)?Z$/, 'Z').replace('T', ' ');

/**
 * What a rule's criteria pick out, in words: "POST or PATCH to Users from Okta; the 3rd match
 * only; at most 5 times". No criteria: every request of the workspace.
 */
export function describeMatch(match: FaultMatch): string {
  const what: string[] = [];
  const methods = match.methods?.length ? either(match.methods) : undefined;
  const types = match.resourceTypes?.length ? either(match.resourceTypes.map((type) => RESOURCE_NAMES[type])) : undefined;
  if (methods && types) what.push(`${methods} to ${types}`);
  else if (methods) what.push(`${methods} requests`);
  else if (types) what.push(`requests to ${types}`);
  if (match.path) what.push(`path ${match.path}`);
  if (match.filter?.contains) what.push(`filter containing “${match.filter.contains}”`);
  if (match.filter?.regex) what.push(`filter matching /${match.filter.regex}/`);
  if (match.clients?.length) what.push(`from ${either(match.clients.map((client) => CLIENT_NAMES[client]))}`);
  const when: string[] = [];
  if (match.nth !== undefined) when.push(`the ${ordinal(match.nth)} match only`);
  if (match.everyNth !== undefined) when.push(match.everyNth === 1 ? 'every match' : `every ${ordinal(match.everyNth)} match`);
  if (match.probability !== undefined) when.push(`${Number((match.probability * 100).toFixed(2))}% of matches`);
  if (match.window?.from && match.window.to) when.push(`between ${instant(match.window.from)} and ${instant(match.window.to)}`);
  else if (match.window?.from) when.push(`from ${instant(match.window.from)}`);
  else if (match.window?.to) when.push(`until ${instant(match.window.to)}`);
  if (match.limit !== undefined) when.push(`at most ${match.limit} ${match.limit === 1 ? 'time' : 'times'}`);
  const subject = what.length > 0 ? what.join(', ') : 'every request';
  const sentence = [subject, ...when].join('; ');
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

const LIE_WORDS: Record<FaultLie, (value: number | string | undefined) => string> = {
  totalResults: (value) => `say totalResults is ${value ?? 'the real one + 10'}`,
  itemsPerPage: (value) => `say itemsPerPage is ${value ?? 'the count asked for'}`,
  missingId: () => 'leave out the resources’ id',
  emptyCreatedBody: () => 'answer 201 with an empty body',
  contentType: (value) => `answer with Content-Type ${value ?? 'text/html'}`,
  duplicatePages: (value) => `repeat ${value === undefined ? 'half a page of' : value} resources on the next page`,
};

/** A status with its reason phrase: "429 Too Many Requests". */
export const statusWords = (status: number) => (STATUS_NAMES[status] ? `${status} ${STATUS_NAMES[status]}` : String(status));

/** What a rule does, in words: "Answer 429 Too Many Requests with Retry-After: 5 s". */
export function describeAction(action: FaultAction): string {
  switch (action.kind) {
    case 'status': {
      const scimType = action.scimType ? ` (scimType ${action.scimType})` : '';
      const retry = action.retryAfterSeconds !== undefined ? ` with Retry-After: ${action.retryAfterSeconds} s` : '';
      return `Answer ${statusWords(action.status)}${scimType}${retry}`;
    }
    case 'latency':
      return `Delay the answer by ${duration(action.ms)}`;
    case 'timeout':
      return `Time out: hold the request ${action.ms === undefined ? 'past the IdP’s timeout' : `for ${duration(action.ms)}`}, then drop the connection`;
    case 'drop':
      return 'Drop the connection without an answer';
    case 'lie': {
      const said = LIE_WORDS[action.lie](action.value);
      return `Lie: ${said}`;
    }
    case 'breakpoint':
      return `Hold the ${action.stage} at a breakpoint${action.timeoutMs === undefined ? '' : ` (released as-is after ${duration(action.timeoutMs)})`}`;
  }
}

/**
 * The traffic list's mark on a faulted or held exchange, as a screen reader says it: "fault injected:
 * 429", "fault injected: latency", "held at a breakpoint: released edited".
 */
export function injectedLabel(injected: InjectedFault, status: number): string {
  if (injected.action === 'breakpoint') return `held at a breakpoint${injected.outcome ? `: ${injected.outcome}` : ''}`;
  const what =
    injected.action === 'status' ? String(status) : injected.action === 'lie' ? 'a lie' : injected.action === 'drop' ? 'connection dropped' : injected.action;
  return `fault injected: ${what}`;
}

import type { HeldExchange, HeldRelease } from '../../../shared/faults';

/**
 * The editor of a held exchange: the part it stops at (the request before the engine sees it, or
 * the engine's answer before the client does) as text — its body pretty-printed when it is JSON,
 * its headers one `name: value` a line, and, for an answer, its status.
 */
export interface HeldEditForm {
  status: string;
  headers: string;
  body: string;
}

type HeaderPairs = [string, string][];

const partOf = (held: HeldExchange) => (held.stage === 'response' && held.response ? held.response : held.request);

/** A JSON body pretty-printed (2 spaces), any other text as it is, '' for none. */
export function bodyText(body: string | null): string {
  if (body === null || body === '') return '';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export const headerLines = (headers: HeaderPairs) => headers.map(([name, value]) => `${name}: ${value}`).join('\n');

export function heldEditForm(held: HeldExchange): HeldEditForm {
  const part = partOf(held);
  return {
    status: held.stage === 'response' && held.response ? String(held.response.status) : '',
    headers: headerLines(part.headers),
    body: bodyText(part.body),
  };
}

/** `name: value` lines as pairs; blank lines skipped; a line without a colon is a problem. */
export function parseHeaderLines(text: string): { headers: HeaderPairs } | { problem: string } {
  const headers: HeaderPairs = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { problem: `Header line ${index + 1} is not “name: value”.` };
    headers.push([name.toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { headers };
}

/**
 * What to send to release the exchange edited: only what differs from what was held (a body
 * unchanged but for its pretty-printing is unchanged), so "release" with nothing edited is the
 * same as "release as-is". Headers are sent as the ones added or changed. The body must be JSON
 * (SCIM speaks nothing else), or empty for none.
 */
export function heldRelease(held: HeldExchange, form: HeldEditForm): { release: HeldRelease; edited: boolean } | { problem: string } {
  const part = partOf(held);
  const edit: { status?: number; headers?: Record<string, string>; body?: string | null } = {};
  const typed = form.body.trim();
  if (typed !== bodyText(part.body).trim()) {
    if (typed === '') edit.body = null;
    else {
      try {
        edit.body = JSON.stringify(JSON.parse(typed));
      } catch (error) {
        return { problem: `The body is not JSON: ${(error as Error).message}` };
      }
    }
  }
  const parsed = parseHeaderLines(form.headers);
  if ('problem' in parsed) return parsed;
  const before = new Map(part.headers.map(([name, value]) => [name.toLowerCase(), value]));
  const changed = parsed.headers.filter(([name, value]) => before.get(name) !== value);
  if (changed.length > 0) edit.headers = Object.fromEntries(changed);
  if (held.stage === 'response' && held.response) {
    const status = Number(form.status.trim());
    if (!/^\d{3}$/.test(form.status.trim()) || status < 200 || status > 599)
      return { problem: 'The status must be a number from 200 to 599 (an answer, not an interim one).' };
    if (status !== held.response.status) edit.status = status;
  }
  const edited = Object.keys(edit).length > 0;
  if (!edited) return { release: {}, edited };
  return { release: held.stage === 'response' ? { response: edit } : { request: edit }, edited };
}

/** Whole seconds until the exchange is released by itself (0 once due). */
export function secondsLeft(releaseAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(releaseAt) - now) / 1000));
}

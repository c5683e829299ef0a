/**
 * The top-level members of a stored document's JSON text, found without parsing it: where each
 * `"key":value` starts and ends, in order. Documents are stored as JSON.stringify wrote them (no
 * whitespace; the column also checks json_valid), so a member's text can be copied into a served
 * resource as it is. Anything else in the text (whitespace, an escaped key) answers undefined, and
 * the caller parses the document instead.
 */
export interface DocumentMember {
  key: string;
  /** The member's text is `document.slice(start, end)`: `"key":value`. */
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export function documentMembers(text: string): DocumentMember[] | undefined {
  if (text.charCodeAt(0) !== OPEN_BRACE) return undefined;
  if (text.charCodeAt(1) === CLOSE_BRACE) return text.length === 2 ? [] : undefined;
  const members: DocumentMember[] = [];
  let start = 1;
  for (;;) {
    if (text.charCodeAt(start) !== QUOTE) return undefined;
    const keyEnd = endOfString(text, start);
    if (keyEnd === -1) return undefined;
    const key = text.slice(start + 1, keyEnd - 1);
    if (key.includes('\\') || text.charCodeAt(keyEnd) !== COLON) return undefined;
    const end = endOfValue(text, keyEnd + 1);
    if (end === -1) return undefined;
    members.push({ key, start, end });
    const next = text.charCodeAt(end);
    if (next === COMMA) {
      start = end + 1;
    } else {
      return next === CLOSE_BRACE && end + 1 === text.length ? members : undefined;
    }
  }
}

/** The index just past the string that opens at `start` (a quote), or -1. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return -1;
}

/** The index just past the value that starts at `start`, or -1. */
function endOfValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return endOfString(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        const end = endOfString(text, i);
        if (end === -1) return -1;
        i = end - 1;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the delimiter after it.
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) break;
    i++;
  }
  return i > start ? i : -1;
}

import { tokenizer, type Token } from 'scim2-parse-filter/lib/src/parser.js';

/**
 * scim2-parse-filter's tokenizer, with its quoted values read as the JSON strings RFC 7644
 * §3.4.2.2 says they are (`compValue = … / string`, a JSON string per RFC 7159).
 *
 * Why: the library doubles every backslash that is not before a quote before JSON-parsing a
 * value, so `"x\\y"` becomes the two-backslash `x\\y` and never matches the user `x\y`, and
 * `"tail\\"` does not parse at all. Its lexing of where a string ends is right, so only the
 * Quoted tokens' text is replaced, by the raw strings of the filter taken in the same order.
 *
 * A backslash that starts no JSON escape (`"DOMAIN\jane"`, sent unescaped by hand) is kept as
 * a backslash, the lenient reading the library gave such values, rather than a syntax error.
 */
export function tokenizeFilter(text: string): Token[] {
  const tokens = tokenizer(text);
  const raw = quotedStrings(text);
  const quoted = tokens.filter((token) => token.type === 'Quoted');
  // Both lexers end a string at the first unescaped quote; if they ever disagree, the library's reading stands.
  if (quoted.length !== raw.length) return tokens;
  quoted.forEach((token, index) => {
    token.literal = asJsonString(raw[index]!);
  });
  return tokens;
}

/** `"…"` strings outside other strings, as written: a quote can only start a string (no other token holds one). */
function quotedStrings(text: string): string[] {
  const strings: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (start < 0) {
      if (char === '"') start = i;
    } else if (char === '\\') i++;
    else if (char === '"') {
      strings.push(text.slice(start, i + 1));
      start = -1;
    }
  }
  return strings;
}

/** Escapes a backslash that starts no JSON escape, so JSON.parse keeps it as a backslash. */
function asJsonString(raw: string): string {
  return raw.replace(/\\(["\\/bfnrt]|u[0-9a-fA-F]{4})?/g, (match, escape?: string) => (escape ? match : '\\\\'));
}

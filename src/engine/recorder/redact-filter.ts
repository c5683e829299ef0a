import { REDACTED } from '../../shared/recording';
import type { FoundSecrets } from './found-secrets';
import type { SecretNames } from './secret-names';

/**
 * One comparison of a SCIM filter (RFC 7644 §3.4.2.2): an attribute path, an operator, a value
 * (quoted, or bare as some IdPs send it). A regex rather than the filter parser, because a filter
 * the parser refuses (and the server answered 400) must be redacted all the same. A path starts
 * only where a word starts, so a long run of `a.a.a…` is scanned once, not once per letter.
 */
const COMPARISON = /(?<![\w$.:-])((?:urn:[^\s[\]()"]+:)?[A-Za-z][\w$.-]*)(\s+)(eq|ne|co|sw|ew|gt|ge|lt|le)(\s+)("(?:[^"\\]|\\.)*"?|[^\s)\]"]+)/gi;

/** `password eq "s3cret"` → `password eq "[redacted]"`; comparisons of other attributes are kept as sent. */
export function redactFilter(text: string, secrets: SecretNames, found?: FoundSecrets): string {
  if (!secrets.mayMention(text)) return text;
  return text.replace(COMPARISON, (whole, path: string, before: string, operator: string, after: string, value: string) => {
    if (!secrets.isSecretPath(path)) return whole;
    found?.add(value.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1'));
    return `${path}${before}${operator}${after}"${REDACTED}"`;
  });
}

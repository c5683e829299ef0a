import { REDACTED } from '../../shared/recording';
import type { SecretNames } from './secret-names';

/**
 * One comparison of a SCIM filter (RFC 7644 §3.4.2.2): an attribute path, an operator, a value
 * (quoted, or bare as some IdPs send it). A regex rather than the filter parser, because a filter
 * the parser refuses (and the server answered 400) must be redacted all the same.
 */
const COMPARISON = /((?:urn:[^\s[\]()"]+:)?[A-Za-z][\w$.-]*)(\s+)(eq|ne|co|sw|ew|gt|ge|lt|le)(\s+)("(?:[^"\\]|\\.)*"?|[^\s)\]]+)/gi;

/** `password eq "s3cret"` → `password eq "[redacted]"`; comparisons of other attributes are kept as sent. */
export function redactFilter(text: string, secrets: SecretNames): string {
  if (!secrets.mayMention(text)) return text;
  return text.replace(COMPARISON, (whole, path: string, before: string, operator: string, after: string) =>
    secrets.isSecretPath(path) ? `${path}${before}${operator}${after}"${REDACTED}"` : whole,
  );
}

import { AUTH_MODES, DEFAULT_AUTH, HEADER_NAME_PATTERN, RESERVED_HEADER_NAMES, TOKEN_LIFETIME_LIMITS, type AuthSettings } from '../../shared/auth-modes';
import { oneOf } from './one-of';

const KEYS = Object.keys(DEFAULT_AUTH) as (keyof AuthSettings)[];

/**
 * Reads `auth` as stored or submitted: the keys given replace those of `base`, the others keep their
 * values. A wrong key or value is an error that names it and says what is allowed.
 */
export function parseAuthSettings(input: unknown, base: AuthSettings = DEFAULT_AUTH): AuthSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error(`Setting "auth" must be an object such as {"mode": "basic", "username": "okta"}; got ${JSON.stringify(input)}.`);
  }
  const auth: AuthSettings = { ...base };
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    switch (key) {
      case 'mode':
        auth.mode = oneOf(value, AUTH_MODES, 'Setting "auth.mode"');
        break;
      case 'username':
        // RFC 7617: the user-id cannot contain a colon (the first colon ends it).
        if (typeof value !== 'string' || !/^[^:\s]{1,128}$/.test(value)) {
          throw new Error(`Setting "auth.username" must be 1–128 characters without spaces or colons; got ${JSON.stringify(value)}.`);
        }
        auth.username = value;
        break;
      case 'headerName':
        if (typeof value !== 'string' || !HEADER_NAME_PATTERN.test(value) || (RESERVED_HEADER_NAMES as readonly string[]).includes(value.toLowerCase())) {
          throw new Error(
            `Setting "auth.headerName" must be an HTTP header name such as X-Api-Key (letters, digits, dashes; not ${RESERVED_HEADER_NAMES.join(', ')}); got ${JSON.stringify(value)}.`,
          );
        }
        auth.headerName = value;
        break;
      case 'clientId':
        // Sent in a form body and in Basic (RFC 6749 §2.3.1 form-encodes it there), so a colon would still work; spaces trip IdP forms.
        if (typeof value !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(value)) {
          throw new Error(`Setting "auth.clientId" must be 1–128 printable characters without spaces; got ${JSON.stringify(value)}.`);
        }
        auth.clientId = value;
        break;
      case 'tokenLifetimeSeconds': {
        const { min, max } = TOKEN_LIFETIME_LIMITS;
        if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
          throw new Error(`Setting "auth.tokenLifetimeSeconds" must be a whole number of seconds from ${min} to ${max}; got ${JSON.stringify(value)}.`);
        }
        auth.tokenLifetimeSeconds = value as number;
        break;
      }
      default:
        throw new Error(`Unknown auth setting "auth.${key}"; known: ${KEYS.join(', ')}.`);
    }
  }
  return auth;
}

import { Type } from 'typebox';
import { AUTH_MODES, DEFAULT_AUTH, HEADER_NAME_PATTERN, RESERVED_HEADER_NAMES, TOKEN_LIFETIME_LIMITS, type AuthSettings } from '../../shared/auth-modes';
import { Choice, settingCheck } from './setting-check';

const { min, max } = TOKEN_LIFETIME_LIMITS;

/** The auth settings a change may name (AuthSettings, each key optional; shared/auth-modes.ts says what each is for). */
export const AuthSettingsSchema = Type.Object(
  {
    mode: Type.Optional(Choice(AUTH_MODES)),
    // RFC 7617: the user-id cannot contain a colon (the first colon ends it).
    username: Type.Optional(Type.String({ pattern: /^[^:\s]{1,128}$/.source, description: '1–128 characters without spaces or colons' })),
    headerName: Type.Optional(
      Type.Refine(
        Type.String({
          pattern: HEADER_NAME_PATTERN.source,
          description: `an HTTP header name such as X-Api-Key (letters, digits, dashes; not ${RESERVED_HEADER_NAMES.join(', ')})`,
        }),
        (name) => !(RESERVED_HEADER_NAMES as readonly string[]).includes(name.toLowerCase()),
        () => 'reserved',
      ),
    ),
    // Sent in a form body and in Basic (RFC 6749 §2.3.1 form-encodes it there), so a colon would still work; spaces trip IdP forms.
    clientId: Type.Optional(Type.String({ pattern: /^[\x21-\x7e]{1,128}$/.source, description: '1–128 printable characters without spaces' })),
    tokenLifetimeSeconds: Type.Optional(Type.Integer({ minimum: min, maximum: max, description: `a whole number of seconds from ${min} to ${max}` })),
  },
  { additionalProperties: false, title: 'auth setting', description: 'an object such as {"mode": "basic", "username": "okta"}' },
);

const checkAuth = settingCheck(AuthSettingsSchema, { path: 'auth' });

/**
 * Reads `auth` as stored or submitted: the keys given replace those of `base`, the others keep their
 * values. A wrong key or value is an error that names it and says what is allowed.
 */
export function parseAuthSettings(input: unknown, base: AuthSettings = DEFAULT_AUTH): AuthSettings {
  return { ...base, ...checkAuth(input) };
}

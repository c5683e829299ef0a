/**
 * How an IdP authenticates to a workspace's SCIM API. Shared by the engine (which enforces it), the
 * CLI and the inspector (which show and edit it). Whatever the mode, a workspace keeps ONE secret
 * (its token): the bearer token, the Basic password, the custom header's value or the OAuth client
 * secret. Regenerating it revokes the old one and every access token issued with it.
 */
export const AUTH_MODES = ['bearer', 'basic', 'header', 'oauth'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface AuthSettings {
  mode: AuthMode;
  /** HTTP Basic (`basic`): the username the IdP sends with the secret as password. */
  username: string;
  /** Custom header (`header`): the header whose value is the secret, e.g. `X-Api-Key`. */
  headerName: string;
  /** OAuth 2.0 client credentials (`oauth`): the client id the IdP sends with the secret. */
  clientId: string;
  /** OAuth: how long an issued access token is valid, in seconds (short to watch an IdP refresh). */
  tokenLifetimeSeconds: number;
}

export const DEFAULT_AUTH: AuthSettings = Object.freeze({
  mode: 'bearer',
  username: 'scim',
  headerName: 'X-Api-Key',
  clientId: 'scim-workbench',
  tokenLifetimeSeconds: 3600,
});

/** 1 second (watch a refresh) to 1 day. */
export const TOKEN_LIFETIME_LIMITS = { min: 1, max: 86_400 } as const;

/** An HTTP header name (RFC 9110 token), and none that would clash with how HTTP itself works. */
export const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
export const RESERVED_HEADER_NAMES = ['authorization', 'host', 'content-type', 'content-length', 'cookie', 'transfer-encoding', 'connection'] as const;

/** The mode in words, for the inspector's choice and the 401 details. */
export const AUTH_MODE_CHOICES: readonly { value: AuthMode; label: string }[] = [
  { value: 'bearer', label: 'bearer — Authorization: Bearer <token> (default; Okta HTTP Header, Entra Secret Token, OneLogin)' },
  { value: 'basic', label: 'basic — HTTP Basic: username + password (Okta Basic Auth)' },
  { value: 'header', label: 'header — a custom header carries the token, e.g. X-Api-Key (Okta HTTP Header with your own name)' },
  { value: 'oauth', label: 'oauth — OAuth 2.0 client credentials: token endpoint, client id, client secret (Okta OAuth 2, Entra OAuth)' },
];

/** Where the token endpoint of a workspace's SCIM base URL is (served on the SCIM listener, so a tunnel exposes it too). */
export function tokenEndpointOf(scimBaseUrl: string): string {
  return `${scimBaseUrl.replace(/\/+$/, '')}/oauth/token`;
}

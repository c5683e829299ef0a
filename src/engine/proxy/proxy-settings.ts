import { Type } from 'typebox';
import { HEADER_NAME_PATTERN } from '../../shared/auth-modes';
import { DEFAULT_PROXY_TIMEOUTS, PROXY_AUTH_MODES, PROXY_TIMEOUT_LIMITS, type ProxySettings } from '../../shared/proxy';
import { Choice, settingCheck } from '../settings/setting-check';

const { min, max } = PROXY_TIMEOUT_LIMITS;

/** An http(s) URL without credentials, query or fragment: what a SCIM base URL is. */
export function upstreamUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (url.username || url.password) return 'must not carry credentials (use the upstream auth settings)';
  if (url.search || url.hash) return 'must not have a query or fragment';
  return undefined;
}

const HttpUrl = (description: string) =>
  Type.Refine(
    Type.String({ maxLength: 2048, description }),
    (text) => upstreamUrlProblem(text) === undefined,
    () => 'not an http(s) URL',
  );

const Timeout = (what: string) => Type.Integer({ minimum: min, maximum: max, description: `a whole number of milliseconds ${what}, from ${min} to ${max}` });

/** ProxySettings as a change names it: `upstream` required when the workspace is not a proxy yet (see parseProxySettings). */
export const ProxySettingsSchema = Type.Object(
  {
    upstream: Type.Optional(HttpUrl('the upstream SCIM base URL, http:// or https://, without credentials, query or fragment')),
    auth: Type.Optional(
      Type.Object(
        {
          mode: Choice(PROXY_AUTH_MODES),
          username: Type.Optional(Type.String({ pattern: /^[^:\s]{1,128}$/.source, description: '1–128 characters without spaces or colons' })),
          headerName: Type.Optional(Type.String({ pattern: HEADER_NAME_PATTERN.source, description: 'an HTTP header name such as X-Api-Key' })),
          tokenUrl: Type.Optional(HttpUrl("the upstream's OAuth token endpoint, an http(s) URL")),
          clientId: Type.Optional(Type.String({ pattern: /^[\x21-\x7e]{1,128}$/.source, description: '1–128 printable characters without spaces' })),
        },
        { additionalProperties: false, title: 'proxy auth setting', description: 'an object such as {"mode": "bearer"}' },
      ),
    ),
    insecureTls: Type.Optional(Type.Boolean({ description: 'true or false' })),
    connectTimeoutMs: Type.Optional(Timeout('to connect')),
    timeoutMs: Type.Optional(Timeout('to wait for an answer')),
    observeAfterWrite: Type.Optional(Type.Boolean({ description: 'true or false' })),
  },
  {
    additionalProperties: false,
    title: 'proxy setting',
    description: 'an object such as {"upstream": "http://localhost:3000/scim/v2"}, or null (a local workspace)',
  },
);

const checkProxy = settingCheck(ProxySettingsSchema, { path: 'proxy' });

/**
 * Reads `proxy` as stored or submitted onto `base` (the workspace's current proxy settings, if any):
 * null makes the workspace local again. A mode that needs names (Basic's username, the header's
 * name, OAuth's token URL and client id) is refused without them.
 */
export function parseProxySettings(input: unknown, base: ProxySettings | undefined): ProxySettings | undefined {
  if (input === null) return undefined;
  let change: ReturnType<typeof checkProxy>;
  try {
    change = checkProxy(input);
  } catch (error) {
    // The refusal quotes the value: a URL's password (refused, it belongs in the auth) must not be repeated in it,
    // nor kept in a cause that a log would print.
    // oxlint-disable-next-line preserve-caught-error
    throw new Error(withoutUrlPasswords((error as Error).message));
  }
  const upstream = change.upstream ?? base?.upstream;
  if (upstream === undefined) throw new Error('Setting "proxy.upstream" is missing: a proxy workspace needs the upstream SCIM base URL.');
  const auth = change.auth ?? base?.auth ?? { mode: 'pass-through' };
  const needs: Record<string, (keyof typeof auth)[]> = { basic: ['username'], header: ['headerName'], oauth: ['tokenUrl', 'clientId'] };
  for (const key of needs[auth.mode] ?? []) {
    if (!auth[key]) throw new Error(`Setting "proxy.auth.${key}" is missing: the ${auth.mode} mode needs it.`);
  }
  return {
    upstream: upstream.replace(/\/+$/, ''),
    auth,
    insecureTls: change.insecureTls ?? base?.insecureTls ?? false,
    connectTimeoutMs: change.connectTimeoutMs ?? base?.connectTimeoutMs ?? DEFAULT_PROXY_TIMEOUTS.connectTimeoutMs,
    timeoutMs: change.timeoutMs ?? base?.timeoutMs ?? DEFAULT_PROXY_TIMEOUTS.timeoutMs,
    observeAfterWrite: change.observeAfterWrite ?? base?.observeAfterWrite ?? false,
  };
}

/** `http://user:secret@host` → `http://user:[redacted]@host`, wherever a URL is quoted in the text. */
function withoutUrlPasswords(text: string): string {
  return text.replace(/(\/\/[^\s/:@"]*:)[^\s/@"]*@/g, '$1[redacted]@');
}

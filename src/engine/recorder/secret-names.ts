import { RESOURCE_SCHEMAS } from '../scim/schemas/resource-types';
import type { ExtensionDeclaration, AttributeDeclaration } from '../scim/schemas/custom-extensions';
import type { AttributeDefinition } from '../scim/schemas/types';
import { REPLAY_SESSION_HEADER } from './replay-sessions';

/**
 * The one list of what the recorder treats as a secret (README, "Recording and the admin API").
 * Names are compared ignoring case. A name is a secret when it
 * - contains one of SECRET_NAME_PARTS (`userPassword`, `client_secret`, `refresh_token`, `X-Api-Key`), or
 * - is one of SECRET_NAMES (`pw`, `pwd`, `pin`), or
 * - is the name of a SCIM attribute whose `returned` is `never` — `password`, and any attribute of a
 *   workspace's own extension schemas declared so (they are secrets by the app's own word).
 * Query parameters and form fields also count OAUTH_FIELDS (an authorization `code=` is a credential
 * there, while a JSON `code` is usually a department code). Headers also count SECRET_HEADER_PARTS
 * (`X-Auth`, `X-Session-Id`, `X-Csrf-Token`, `Cookie`), except the challenges in PUBLIC_HEADERS, and
 * the headers in SECRET_HEADERS whatever their names (the key of a replay's session).
 */
export const SECRET_NAME_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'credential',
  'privatekey',
  'private_key',
  'private-key',
] as const;
export const SECRET_NAMES = ['pw', 'pwd', 'pass', 'pin', 'otp', 'passcode'] as const;
export const OAUTH_FIELDS = ['code', 'assertion', 'client_assertion', 'samlresponse', 'samlrequest', 'signature', 'sig'] as const;
export const SECRET_HEADER_PARTS = ['auth', 'cookie', 'session', 'csrf', 'xsrf', 'signature'] as const;
/** Headers that are secrets by what they carry, named here so a rename cannot make them public. */
export const SECRET_HEADERS = [REPLAY_SESSION_HEADER] as const;
/** Headers that name a scheme or a realm, never a credential: kept so a failed sign-in stays explicable. */
export const PUBLIC_HEADERS = ['www-authenticate', 'proxy-authenticate', 'authentication-info'] as const;

/** Names that contain a secret's name part but hold none: an OAuth token response's `token_type` ("Bearer"). */
export const PUBLIC_NAMES = ['token_type'] as const;

export type NamePlace = 'json' | 'query' | 'header';

/** What counts as a secret for one workspace: the fixed lists plus its `returned: never` attributes. */
export class SecretNames {
  private readonly exact: ReadonlySet<string>;
  /** The schemas' own `returned: never` names: their whole value is the secret, even a complex one. */
  private readonly declared: ReadonlySet<string>;
  /** The first look over a whole body: the names' first letters, grouped so the regex engine skips fast. */
  private readonly quick: RegExp;
  /** The exact look, for the few bodies the quick one lets through. */
  private readonly mention: RegExp;

  /** Headers that carry a workspace's secret under a name of its own choosing (auth mode `header`). */
  private readonly ownHeaders: ReadonlySet<string>;
  private readonly neverReturned: readonly string[];

  constructor(neverReturned: Iterable<string>, secretHeaders: Iterable<string> = []) {
    this.neverReturned = [...neverReturned];
    this.declared = new Set(this.neverReturned.map((name) => name.toLowerCase()));
    this.ownHeaders = new Set([...secretHeaders].map((name) => name.toLowerCase()));
    const names = new Set<string>([...SECRET_NAMES, ...this.declared]);
    this.exact = names;
    const whole = [...names].map(escapeRegExp).join('|');
    // Whole names only where they stand alone (a key, a path segment, a filter term): `pin` must not match `shipping`.
    this.quick = quickLook([...SECRET_NAME_PARTS, ...names]);
    this.mention = new RegExp(`${SECRET_NAME_PARTS.map(escapeRegExp).join('|')}|(?<![A-Za-z0-9_-])(?:${whole})(?![A-Za-z0-9_-])`, 'i');
  }

  /** These names plus headers that hold a secret by a workspace's own word (its auth header, e.g. X-Tenant-Key). */
  withSecretHeaders(headers: Iterable<string>): SecretNames {
    const added = [...headers];
    return added.length === 0 ? this : new SecretNames(this.neverReturned, [...this.ownHeaders, ...added]);
  }

  /**
   * isSecret's answers for header names, which every recorded exchange asks again for the same dozen:
   * bounded, as a client chooses its header names.
   */
  private readonly headerAnswers = new Map<string, boolean>();

  /** Whether a JSON key, query parameter, form field or header called `name` holds a secret. */
  isSecret(name: string, place: NamePlace = 'json'): boolean {
    if (place !== 'header') return this.decide(name, place);
    let answer = this.headerAnswers.get(name);
    if (answer === undefined) {
      answer = this.decide(name, place);
      if (this.headerAnswers.size >= 512) this.headerAnswers.clear();
      this.headerAnswers.set(name, answer);
    }
    return answer;
  }

  private decide(name: string, place: NamePlace): boolean {
    const lower = name.toLowerCase();
    if ((PUBLIC_NAMES as readonly string[]).includes(lower)) return false;
    if (place === 'header') {
      if ((PUBLIC_HEADERS as readonly string[]).includes(lower)) return false;
      if ((SECRET_HEADERS as readonly string[]).includes(lower) || this.ownHeaders.has(lower)) return true;
      if (SECRET_HEADER_PARTS.some((part) => lower.includes(part))) return true;
    }
    if (place === 'query' && (OAUTH_FIELDS as readonly string[]).includes(lower)) return true;
    return this.exact.has(lower) || SECRET_NAME_PARTS.some((part) => lower.includes(part));
  }

  /**
   * Whether an attribute path names a secret: `password`, `urn:…:User:badgePin`, `credentials.pin`,
   * `emails[type eq "work"].value` (the filter is looked at separately).
   */
  isSecretPath(path: string): boolean {
    return segmentsOf(path).some((segment) => this.isSecret(segment));
  }

  /** Whether a path names an attribute a schema declares `returned: never` (so a complex value is redacted whole). */
  isDeclaredPath(path: string): boolean {
    return segmentsOf(path).some((segment) => this.declared.has(segment.toLowerCase()));
  }

  /** False when `text` names no secret at all (nearly every SCIM body): the caller skips parsing it. */
  mayMention(text: string): boolean {
    return this.quick.test(text) && this.mention.test(text);
  }
}

/** The names every workspace has: the fixed lists and the built-in schemas' `returned: never` attributes (`password`). */
export const BUILT_IN_SECRETS = new SecretNames(neverReturnedOf(builtInAttributes()));

const byDeclarations = new WeakMap<readonly ExtensionDeclaration[], SecretNames>();

/** The secrets of a workspace with these extension declarations; cached, as settings arrive as the same array per request. */
export function secretNamesFor(declarations: readonly ExtensionDeclaration[] | undefined): SecretNames {
  if (!declarations || declarations.length === 0) return BUILT_IN_SECRETS;
  let names = byDeclarations.get(declarations);
  if (!names) {
    const own = neverReturnedOf(declarations.flatMap((declaration) => declaration.attributes));
    names = own.length === 0 ? BUILT_IN_SECRETS : new SecretNames([...neverReturnedOf(builtInAttributes()), ...own]);
    byDeclarations.set(declarations, names);
  }
  return names;
}

function builtInAttributes(): AttributeDefinition[] {
  return Object.values(RESOURCE_SCHEMAS)
    .flatMap((schemas) => [schemas.core, ...schemas.extensions])
    .flatMap((schema) => schema.attributes);
}

function neverReturnedOf(attributes: readonly (AttributeDefinition | AttributeDeclaration)[]): string[] {
  return attributes.flatMap((attribute) => [...(attribute.returned === 'never' ? [attribute.name] : []), ...neverReturnedOf(attribute.subAttributes ?? [])]);
}

/**
 * A regex that matches wherever any of `names` could start: each name's first four letters as a
 * trie (`p(?:ass|in|riv|w)|a(?:pi(?:k|_|-))|…`), so the regex engine rejects most positions on
 * one letter. It finds a superset of the exact look's matches and runs several times faster over
 * a page of users, which is what the recorder mostly sees.
 */
function quickLook(names: readonly string[]): RegExp {
  const root: TrieNode = { end: false, next: new Map() };
  for (const name of names) {
    let node = root;
    for (const letter of name.toLowerCase().slice(0, 4)) {
      let child = node.next.get(letter);
      if (!child) node.next.set(letter, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return new RegExp(alternativesOf(root), 'i');
}

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

/** A node's continuations; a node that ends a prefix matches there already, so what follows it is dropped. */
function alternativesOf(node: TrieNode): string {
  const branches = [...node.next].map(([letter, child]) => `${escapeRegExp(letter)}${child.end ? '' : alternativesOf(child)}`);
  return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
}

/** `urn:…:User:vault.combination` → `vault`, `combination`; value filters are left out. */
function segmentsOf(path: string): string[] {
  const withoutFilters = path.replace(/\[[^\]]*\]/g, '');
  const attribute = withoutFilters.startsWith('urn:') ? withoutFilters.slice(withoutFilters.lastIndexOf(':') + 1) : withoutFilters;
  return attribute.split('.').filter((segment) => segment !== '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

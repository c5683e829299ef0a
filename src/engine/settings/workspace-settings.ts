import { COMPATIBILITY_MODES, type CompatibilityMode } from '../compat/modes';
import { oneOf } from './one-of';
import { parseExtensionDeclarations, type ExtensionDeclaration } from '../scim/schemas/custom-extensions';
import { DEFAULT_RETENTION, parseRetention, type RetentionSettings } from './retention-settings';
import { REPROVISION_SETTINGS, type ReprovisionSetting } from './reprovision';
import { parseAuthSettings } from './auth-settings';
import { DEFAULT_AUTH, type AuthSettings } from '../../shared/auth-modes';

/** How the SCIM server of one workspace behaves; stored as JSON in `workspaces.settings`. */
export interface WorkspaceSettings {
  /** Which IdP habits are accepted and normalised (see compat/modes.ts). */
  compatibility: CompatibilityMode;
  /**
   * Unknown attributes and other schema violations are let through and noted on the request
   * (on by default: a debugging tool should show what an IdP sends, not stop at it), or refused
   * with `invalidValue` when off.
   */
  lenientSchema: boolean;
  /**
   * A POST whose externalId matches an existing user with the same userName (the same person
   * returning): `relink` updates and reactivates that user (Okta re-POSTs a reactivated user),
   * `conflict` answers 409 `uniqueness`, `off` treats it as any other POST (RFC 7643 gives
   * externalId no uniqueness; Microsoft's reference server does so). `by-mode`, the default,
   * takes the compatibility mode's policy (see reprovision.ts). A matching externalId with
   * another userName is never relinked: that is a different person.
   */
  reprovision: ReprovisionSetting;
  /** Extension schemas of the app behind this workspace (see scim/schemas/custom-extensions.ts). */
  extensions: ExtensionDeclaration[];
  /** How much recorded traffic is kept (see retention-settings.ts). */
  retention: RetentionSettings;
  /** How the IdP authenticates (see shared/auth-modes.ts); the secret itself is the workspace's token. */
  auth: AuthSettings;
}

export const DEFAULT_SETTINGS: WorkspaceSettings = Object.freeze({
  compatibility: 'auto',
  lenientSchema: true,
  reprovision: 'by-mode',
  extensions: [],
  retention: DEFAULT_RETENTION,
  auth: DEFAULT_AUTH,
});

/**
 * Reads stored or submitted settings: missing keys take their defaults, a wrong value is an
 * error that names the key and the allowed values.
 */
export function parseSettings(input: unknown, base: WorkspaceSettings = DEFAULT_SETTINGS): WorkspaceSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error('Workspace settings must be a JSON object.');
  }
  const source = input as Record<string, unknown>;
  const settings: WorkspaceSettings = { ...base };
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'compatibility':
        settings.compatibility = oneOf(value, COMPATIBILITY_MODES, `Setting "${key}"`);
        break;
      case 'lenientSchema':
        if (typeof value !== 'boolean') throw new Error('Setting "lenientSchema" must be true or false.');
        settings.lenientSchema = value;
        break;
      case 'reprovision':
        settings.reprovision = oneOf(value, REPROVISION_SETTINGS, `Setting "${key}"`);
        break;
      case 'extensions':
        settings.extensions = parseExtensionDeclarations(value);
        break;
      case 'retention':
        settings.retention = parseRetention(value, settings.retention);
        break;
      case 'auth':
        settings.auth = parseAuthSettings(value, settings.auth);
        break;
      default:
        throw new Error(`Unknown workspace setting "${key}"; known: compatibility, lenientSchema, reprovision, extensions, retention, auth.`);
    }
  }
  return settings;
}

import { Type } from 'typebox';
import { COMPATIBILITY_MODES, type CompatibilityMode } from '../compat/modes';
import { parseExtensionDeclarations, type ExtensionDeclaration } from '../scim/schemas/custom-extensions';
import { DEFAULT_RETENTION, RetentionSchema, type RetentionSettings } from './retention-settings';
import { REPROVISION_SETTINGS, type ReprovisionSetting } from './reprovision';
import { AuthSettingsSchema } from './auth-settings';
import { DEFAULT_AUTH, type AuthSettings } from '../../shared/auth-modes';
import { Choice, settingCheck } from './setting-check';
import type { ProxySettings } from '../../shared/proxy';
import { parseProxySettings } from '../proxy/proxy-settings';

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
  /** Proxy mode (shared/proxy.ts): requests are forwarded to this upstream. Absent: the workbench's own SCIM server. */
  proxy?: ProxySettings;
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
 * A change to the settings (or the stored settings): the keys it names. Extension declarations are
 * checked by scim/schemas/custom-extensions.ts, which knows SCIM's attribute rules.
 */
const SettingsSchema = Type.Object(
  {
    compatibility: Type.Optional(Choice(COMPATIBILITY_MODES)),
    lenientSchema: Type.Optional(Type.Boolean({ description: 'true or false' })),
    reprovision: Type.Optional(Choice(REPROVISION_SETTINGS)),
    extensions: Type.Optional(Type.Unknown()),
    retention: Type.Optional(RetentionSchema),
    auth: Type.Optional(AuthSettingsSchema),
    // Checked by proxy/proxy-settings.ts, whose messages name the proxy setting (`proxy.upstream`).
    proxy: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false, title: 'workspace setting', description: 'a JSON object' },
);

const checkSettings = settingCheck(SettingsSchema, { path: '', subject: 'Workspace settings' });

/**
 * Reads stored or submitted settings: missing keys take their defaults (or `base`'s), a wrong value
 * is an error that names the key and the allowed values.
 */
export function parseSettings(input: unknown, base: WorkspaceSettings = DEFAULT_SETTINGS): WorkspaceSettings {
  const { extensions, retention, auth, proxy, ...plain } = checkSettings(input);
  const { proxy: baseProxy, ...rest } = base;
  const nextProxy = proxy === undefined ? baseProxy : parseProxySettings(proxy, baseProxy);
  return {
    ...rest,
    ...(nextProxy && { proxy: nextProxy }),
    ...plain,
    ...(extensions !== undefined && { extensions: parseExtensionDeclarations(extensions) }),
    ...(retention && { retention: { ...base.retention, ...retention } }),
    ...(auth && { auth: { ...base.auth, ...auth } }),
  };
}

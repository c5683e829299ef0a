import type { CompatibilityMode } from '../compat/modes';
import type { WorkspaceSettings } from './workspace-settings';

/** What a POST whose externalId matches an existing user does (see WorkspaceSettings.reprovision). */
export type ReprovisionPolicy = 'relink' | 'conflict' | 'off';

/** The stored values: a policy the user chose, or `by-mode` (the default) to follow the compatibility mode. */
export const REPROVISION_SETTINGS = ['by-mode', 'relink', 'conflict', 'off'] as const;
export type ReprovisionSetting = (typeof REPROVISION_SETTINGS)[number];

/**
 * Each mode's policy when the user has not chosen one. Okta re-POSTs a user it reactivates, so
 * the modes that accept Okta's habits relink. Entra looks a user up before creating it, and
 * Microsoft's reference server (whose test collection sends one externalId for several users)
 * keeps externalId non-unique, as RFC 7643 does; `strict` follows the RFC too.
 */
export const REPROVISION_BY_MODE: Readonly<Record<CompatibilityMode, ReprovisionPolicy>> = Object.freeze({
  auto: 'relink',
  okta: 'relink',
  onelogin: 'relink',
  strict: 'off',
  entra: 'off',
  'entra-lenient': 'off',
});

/** The policy a workspace applies: the one its user set, else its mode's (no settings: `auto`'s). */
export function reprovisionPolicy(settings: Pick<WorkspaceSettings, 'reprovision' | 'compatibility'> | undefined): ReprovisionPolicy {
  const setting = settings?.reprovision ?? 'by-mode';
  return setting === 'by-mode' ? REPROVISION_BY_MODE[settings?.compatibility ?? 'auto'] : setting;
}

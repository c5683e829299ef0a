/**
 * The workspace settings the inspector edits, with each allowed value said in words. The engine's
 * lists (compat/modes.ts, settings/reprovision.ts) are the authority: a unit test keeps these equal
 * to them; the renderer cannot import engine code, which pulls in Node modules.
 */

/** GET /api/workspaces/:slug/settings, as far as the inspector edits it (retention has its own place). */
export interface EditableWorkspaceSettings {
  compatibility: string;
  lenientSchema: boolean;
  reprovision: string;
  extensions: unknown[];
}

export const COMPATIBILITY_CHOICES: readonly { value: string; label: string }[] = [
  { value: 'auto', label: 'auto — accept every IdP habit and note it (default)' },
  { value: 'strict', label: 'strict — refuse every off-RFC habit with the SCIM error an RFC-strict server gives' },
  { value: 'okta', label: "okta — accept Okta's habits only" },
  { value: 'entra', label: "entra — accept Microsoft Entra ID's default PATCH shapes only" },
  { value: 'entra-lenient', label: "entra-lenient — Entra's shapes plus the aadOptscim062020 form and bare member ids" },
  { value: 'onelogin', label: "onelogin — accept OneLogin's habits only" },
];

export const REPROVISION_CHOICES: readonly { value: string; label: string }[] = [
  { value: 'by-mode', label: 'by-mode — follow the compatibility mode (relink, except in strict and Entra modes) (default)' },
  { value: 'relink', label: 'relink — a returning user (same externalId and userName) is updated and reactivated' },
  { value: 'conflict', label: 'conflict — a returning user is refused with 409 naming the existing one' },
  { value: 'off', label: 'off — externalId is not unique: the POST creates a user as any other' },
];

/** A starting point for the extensions text area: one User extension with one attribute. */
export const EXTENSIONS_EXAMPLE =
  '[{"id": "urn:acme:params:scim:schemas:extension:hr:2.0:User", "resourceType": "User", "attributes": [{"name": "badgeNumber", "type": "integer"}]}]';

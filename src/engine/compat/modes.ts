/**
 * Compatibility modes: which of the IdPs' off-RFC habits a workspace accepts (and normalises)
 * and which it refuses with the SCIM error a strict server would give. Every accepted habit
 * is noted on the request (see notes.ts) so the inspector can say what was normalised.
 */
export const COMPATIBILITY_MODES = ['auto', 'strict', 'okta', 'entra', 'entra-lenient', 'onelogin'] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

/** Each off-RFC shape an IdP is known to send, named once so modes, notes and tests agree. */
export const HABITS = {
  /** `"op": "Replace"` (Entra) instead of `replace`. */
  capitalisedOp: 'Entra ID',
  /** `"False"` / `"True"` strings for booleans (Entra). */
  stringBoolean: 'Entra ID',
  /** `"value": ["x"]` for a single-valued path (Entra, some Okta apps). */
  singleValueArray: 'Entra ID',
  /** `remove` on `members` with `value: [{value: id}, …]` (Entra). */
  memberRemovalValueList: 'Entra ID',
  /** `[{"$ref": null, "value": …}]` members (Entra). */
  nullRefMember: 'Entra ID',
  /** enterprise `manager` sent as a bare id string (Entra). */
  managerString: 'Entra ID',
  /** an extension attribute's path without its schema URN, `"path": "manager"` (Entra). */
  unqualifiedExtensionPath: 'Entra ID',
  /** `roles` as a JSON-encoded string (Entra app roles). */
  rolesJsonString: 'Entra ID',
  /** path-less `replace` whose value has dotted keys, `{"name.givenName": …}` (Entra aadOptscim062020). */
  dottedPathlessKeys: 'Entra ID',
  /** path-less `replace {id, displayName}` sent before membership changes (Okta). */
  pathlessReplaceWithId: 'Okta',
  /** a member sent as its bare id, `"value": "id"` or `["id"]` (Microsoft's SCIM reference tests). */
  bareMemberId: 'Entra ID',
  /** group members without `type` (Okta). */
  memberWithoutType: 'Okta',
  /** `emails` as a single object instead of an array (OneLogin). */
  emailsObject: 'OneLogin',
  /** the SCIM 1.1 core schema URN `urn:scim:schemas:core:1.0` (OneLogin). */
  scim11CoreUrn: 'OneLogin',
  /** unquoted filter values, `userName eq jane` (Entra reference, OneLogin). */
  unquotedFilterValue: 'Entra ID',
  /** a JSON body sent without Content-Type, or labelled `text/json` / `text/plain` (Okta's Runscope SPEC-test export). */
  missingContentType: 'Okta',
} as const;
export type Habit = keyof typeof HABITS;

const ENTRA_DEFAULT: Habit[] = [
  'capitalisedOp',
  'stringBoolean',
  'singleValueArray',
  'memberRemovalValueList',
  'nullRefMember',
  'managerString',
  'unqualifiedExtensionPath',
  'rolesJsonString',
  'unquotedFilterValue',
];

const ACCEPTED: Record<CompatibilityMode, ReadonlySet<Habit>> = {
  auto: new Set(Object.keys(HABITS) as Habit[]),
  strict: new Set(),
  okta: new Set(['pathlessReplaceWithId', 'memberWithoutType', 'singleValueArray', 'missingContentType']),
  // Not missingContentType in the Entra and OneLogin modes: Entra's provisioning service sends
  // application/scim+json and Microsoft's reference collection application/json on every body, and
  // OneLogin is not known to leave the header out; an unlabelled body there is not the IdP the mode
  // stands for, so it gets the 415 a strict server gives rather than a silent pass.
  // Entra's default PATCH shapes; `entra-lenient` adds the aadOptscim062020 feature flag's form
  // and what Microsoft's reference server and its tests accept.
  entra: new Set(ENTRA_DEFAULT),
  'entra-lenient': new Set([...ENTRA_DEFAULT, 'dottedPathlessKeys', 'bareMemberId']),
  onelogin: new Set(['emailsObject', 'scim11CoreUrn', 'unquotedFilterValue', 'stringBoolean']),
};

export function acceptsHabit(mode: CompatibilityMode, habit: Habit): boolean {
  return ACCEPTED[mode].has(habit);
}

import type { AttributeRule, WorkspaceMappings } from '../../shared/mappings';
import { defaultMappings } from './default-mappings';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/**
 * The attributes each IdP sends by default, each mapped to an app field of the same meaning, so a
 * new workspace starts from what will actually arrive:
 * - Okta: the "SCIM 2.0 Test App" / Header Auth attribute set (Okta's default SCIM profile).
 * - Entra ID: the default attribute mappings of a non-gallery SCIM app ("customappsso").
 */
const OKTA: AttributeRule[] = [
  { scimPath: 'userName', appField: 'login', required: true, transform: { case: 'lower' } },
  { scimPath: 'name.givenName', appField: 'firstName' },
  { scimPath: 'name.familyName', appField: 'lastName' },
  { scimPath: 'emails[primary eq true].value', appField: 'email', required: true },
  { scimPath: 'displayName', appField: 'displayName', transform: { template: '{name.givenName} {name.familyName}' } },
  { scimPath: 'title', appField: 'title' },
  { scimPath: 'phoneNumbers[type eq "work"].value', appField: 'workPhone' },
  { scimPath: 'phoneNumbers[type eq "mobile"].value', appField: 'mobilePhone' },
  { scimPath: `${ENTERPRISE}:department`, appField: 'department' },
  { scimPath: `${ENTERPRISE}:employeeNumber`, appField: 'employeeNumber' },
  { scimPath: `${ENTERPRISE}:manager.value`, appField: 'managerId' },
];

const ENTRA: AttributeRule[] = [
  { scimPath: 'userName', appField: 'login', required: true, transform: { case: 'lower' } },
  { scimPath: 'displayName', appField: 'displayName' },
  { scimPath: 'name.givenName', appField: 'firstName' },
  { scimPath: 'name.familyName', appField: 'lastName' },
  { scimPath: 'emails[type eq "work"].value', appField: 'email', required: true },
  { scimPath: 'title', appField: 'title' },
  { scimPath: 'preferredLanguage', appField: 'language' },
  { scimPath: 'addresses[type eq "work"].locality', appField: 'city' },
  { scimPath: 'addresses[type eq "work"].country', appField: 'country' },
  { scimPath: 'phoneNumbers[type eq "work"].value', appField: 'workPhone' },
  { scimPath: 'phoneNumbers[type eq "mobile"].value', appField: 'mobilePhone' },
  { scimPath: `${ENTERPRISE}:employeeNumber`, appField: 'employeeNumber' },
  { scimPath: `${ENTERPRISE}:department`, appField: 'department' },
  { scimPath: `${ENTERPRISE}:manager.value`, appField: 'managerId' },
];

export const MAPPING_PRESETS = {
  okta: { label: "Okta's default SCIM attributes", attributes: OKTA },
  entra: { label: "Entra ID's default attribute mappings", attributes: ENTRA },
} as const;

export type MappingPresetName = keyof typeof MAPPING_PRESETS;

/** A preset's attribute rules on top of the given mappings (groups and lifecycle kept). */
export function applyPreset(name: MappingPresetName, base: WorkspaceMappings = defaultMappings()): WorkspaceMappings {
  return { ...base, attributes: MAPPING_PRESETS[name].attributes.map((rule) => structuredClone(rule)) };
}

import type { AttributeDefinition } from '../scim/schemas/types';
import type { InputRules } from './input-rules';
import { parseJsonOrUndefined } from '../../shared/json-values';

/**
 * Values IdPs send in a shape other than the attribute's schema, turned into that shape when
 * the workspace accepts the habit (see modes.ts). Anything else is returned as given, so the
 * caller's type checks report it exactly as a strict server would. Used by the normaliser for
 * POST/PUT bodies and by PATCH for operation values, so both read the same habits.
 */
export function reshapeValue(value: unknown, definition: AttributeDefinition, path: string, rules: InputRules): unknown {
  if (value === null || value === undefined) return value;

  // Entra (and some Okta apps) wrap a single value in a list: `"value": ["jane@acme.com"]`.
  if (!definition.multiValued && Array.isArray(value) && value.length === 1) {
    return rules.acceptHabit('singleValueArray', `"${path}" sent as a one-element list`) ? value[0] : value;
  }

  if (definition.type === 'complex' && typeof value === 'string') {
    // Entra maps `manager` to a bare id: `"manager": "26118915-6090-4610-87e4-49d8ca9f808d"`.
    if (!definition.multiValued && hasSubAttribute(definition, 'value') && definition.name.toLowerCase() === 'manager') {
      return rules.acceptHabit('managerString', `"${path}" sent as a bare id string`) ? { value } : value;
    }
    // Entra's app-role mappings send `roles` as a JSON-encoded string of role objects.
    if (definition.multiValued) {
      const decoded = decodeJson(value);
      if (decoded !== undefined && rules.acceptHabit('rolesJsonString', `"${path}" sent as a JSON-encoded string`)) return decoded;
      return value;
    }
  }

  // OneLogin sends `"emails": {"value": …}`: one object where the schema has a list.
  if (definition.multiValued && !Array.isArray(value)) {
    return rules.acceptHabit('emailsObject', `"${path}" sent as a single value instead of a list`) ? [value] : value;
  }
  return value;
}

function hasSubAttribute(definition: AttributeDefinition, name: string): boolean {
  return definition.subAttributes?.some((sub) => sub.name === name) ?? false;
}

/** A JSON array or object encoded in a string, else undefined. */
function decodeJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return undefined;
  const parsed = parseJsonOrUndefined(trimmed);
  return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
}

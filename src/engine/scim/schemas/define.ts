import type { AttributeDefinition, AttributeType } from './types';

/**
 * Small builders for attribute definitions. RFC 7643 spells out every characteristic of
 * every attribute; the defaults below are the RFC's own defaults (§2.2), so a definition
 * only states where it differs and stays readable next to the RFC text.
 */
type Options = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

export function attribute(name: string, type: AttributeType, description: string, options: Options = {}): AttributeDefinition {
  const definition: AttributeDefinition = {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
  if (type === 'reference' && !definition.referenceTypes) definition.referenceTypes = ['external'];
  if (type === 'complex' && !definition.subAttributes) definition.subAttributes = [];
  return definition;
}

export const string = (name: string, description: string, options?: Options) => attribute(name, 'string', description, options);
export const boolean = (name: string, description: string, options?: Options) => attribute(name, 'boolean', description, options);
export const dateTime = (name: string, description: string, options?: Options) => attribute(name, 'dateTime', description, options);
export const reference = (name: string, referenceTypes: string[], description: string, options?: Options) =>
  attribute(name, 'reference', description, { referenceTypes, ...options });
export const complex = (name: string, subAttributes: AttributeDefinition[], description: string, options?: Options) =>
  attribute(name, 'complex', description, { subAttributes, ...options });

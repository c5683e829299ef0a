import { complex, dateTime, reference, string } from './define';
import type { AttributeDefinition } from './types';

/**
 * Attributes every resource has (RFC 7643 §3.1). The RFC keeps them out of each
 * schema's attribute list in `/Schemas`, but filters, sorting and projection treat
 * them like any other attribute, so the path resolver consults this list too.
 */
export const COMMON_ATTRIBUTES: AttributeDefinition[] = [
  string('id', 'Unique identifier for the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  string('externalId', 'Identifier of the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  complex(
    'meta',
    [
      string('resourceType', 'Name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      dateTime('created', 'When the resource was added to the service provider.', { mutability: 'readOnly' }),
      dateTime('lastModified', 'When the resource was last modified.', { mutability: 'readOnly' }),
      reference('location', ['uri'], 'URI of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
      string('version', 'Version (ETag) of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
    ],
    'Resource metadata.',
    { mutability: 'readOnly' },
  ),
];

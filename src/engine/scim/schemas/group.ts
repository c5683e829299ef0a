import { URN } from '../urns';
import { complex, reference, string } from './define';
import type { SchemaDefinition } from './types';

/**
 * The core Group schema (RFC 7643 §4.2, §8.7.1). The RFC's prose makes displayName
 * REQUIRED although its §8.7.1 listing says otherwise; we follow the prose, as IdPs do.
 */
export const GROUP_SCHEMA: SchemaDefinition = {
  id: URN.group,
  name: 'Group',
  description: 'Group',
  attributes: [
    string('displayName', 'A human-readable name for the Group.', { required: true }),
    complex(
      'members',
      [
        // A member is identified by its id; changing a member means removing it and adding another.
        string('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        reference('$ref', ['User', 'Group'], 'The URI corresponding to a SCIM resource that is a member of this Group.', {
          mutability: 'immutable',
        }),
        // It mirrors the member resource's own name, so that resource, not the client, is its source.
        string('display', 'A human-readable name, primarily used for display purposes.', { mutability: 'readOnly' }),
        string('type', `A label indicating the type of resource, e.g., 'User' or 'Group'.`, {
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
        }),
      ],
      'A list of members of the Group.',
      { multiValued: true },
    ),
  ],
};

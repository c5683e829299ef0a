import { URN } from '../urns';
import { complex, reference, string } from './define';
import type { SchemaDefinition } from './types';

/** The Enterprise User extension (RFC 7643 §4.3, §8.7.1). */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: URN.enterpriseUser,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    string('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.'),
    string('costCenter', 'Identifies the name of a cost center.'),
    string('organization', 'Identifies the name of an organization.'),
    string('division', 'Identifies the name of a division.'),
    string('department', 'Identifies the name of a department.'),
    complex(
      'manager',
      [
        // The RFC's prose calls value REQUIRED but its listing does not; IdPs often send a
        // manager with only some sub-attributes, so we keep the listing's `required: false`.
        string('value', `The id of the SCIM resource representing the User's manager.`),
        reference('$ref', ['User'], `The URI of the SCIM resource representing the User's manager.`),
        string('displayName', `The displayName of the User's manager.`, { mutability: 'readOnly' }),
      ],
      `The User's manager.`,
    ),
  ],
};

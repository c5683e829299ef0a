import { URN } from '../urns';
import { attribute, boolean, complex, reference, string } from './define';
import type { AttributeDefinition, SchemaDefinition } from './types';

/**
 * The core User schema, attribute for attribute as RFC 7643 §4.1 describes it and §8.7.1
 * represents it. Descriptions are shortened from the RFC; characteristics are not.
 */

/**
 * Most of the User's multi-valued attributes (§4.1.2) share one shape: value, display,
 * type and primary. Only the value's type and the canonical `type` values differ.
 */
function plural(name: string, description: string, value: AttributeDefinition, canonicalTypes?: string[]): AttributeDefinition {
  return complex(
    name,
    [
      value,
      string('display', 'A human-readable name, primarily used for display purposes.'),
      string('type', `A label indicating the attribute's function.`, canonicalTypes ? { canonicalValues: canonicalTypes } : {}),
      boolean('primary', `Indicates the 'primary' or preferred attribute value for this attribute.`),
    ],
    description,
    { multiValued: true },
  );
}

const name = complex(
  'name',
  [
    string('formatted', `The full name, including all middle names, titles, and suffixes as appropriate, formatted for display.`),
    string('familyName', 'The family name of the User, or last name in most Western languages.'),
    string('givenName', 'The given name of the User, or first name in most Western languages.'),
    string('middleName', 'The middle name(s) of the User.'),
    string('honorificPrefix', `The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.').`),
    string('honorificSuffix', `The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III').`),
  ],
  `The components of the user's real name.`,
);

const addresses = complex(
  'addresses',
  [
    string('formatted', 'The full mailing address, formatted for display or use with a mailing label.'),
    string(
      'streetAddress',
      'The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information.',
    ),
    string('locality', 'The city or locality component.'),
    string('region', 'The state or region component.'),
    string('postalCode', 'The zip code or postal code component.'),
    string('country', 'The country name component.'),
    string('type', `A label indicating the attribute's function, e.g., 'work' or 'home'.`, {
      canonicalValues: ['work', 'home', 'other'],
    }),
    boolean('primary', `Indicates the 'primary' or preferred address.`),
  ],
  'A physical mailing address for this User.',
  { multiValued: true },
);

/** Maintained by the service provider from group memberships (§4.1.2), so read-only throughout. */
const readOnly = { mutability: 'readOnly' } as const;
const groups = complex(
  'groups',
  [
    string('value', `The identifier of the User's group.`, readOnly),
    reference('$ref', ['User', 'Group'], `The URI of the corresponding 'Group' resource to which the user belongs.`, readOnly),
    string('display', 'A human-readable name, primarily used for display purposes.', readOnly),
    string('type', `A label indicating the attribute's function, e.g., 'direct' or 'indirect'.`, {
      ...readOnly,
      canonicalValues: ['direct', 'indirect'],
    }),
  ],
  'A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.',
  { multiValued: true, ...readOnly },
);

export const USER_SCHEMA: SchemaDefinition = {
  id: URN.user,
  name: 'User',
  description: 'User Account',
  attributes: [
    string('userName', 'Unique identifier for the User, typically used by the user to directly authenticate to the service provider.', {
      required: true,
      uniqueness: 'server',
    }),
    name,
    string('displayName', 'The name of the User, suitable for display to end-users.'),
    string('nickName', 'The casual way to address the user in real life.'),
    reference('profileUrl', ['external'], `A fully qualified URL pointing to a page representing the User's online profile.`),
    string('title', `The user's title, such as "Vice President".`),
    string('userType', 'Used to identify the relationship between the organization and the user.'),
    string('preferredLanguage', `Indicates the User's preferred written or spoken language (e.g., 'en-US').`),
    string('locale', `Used to indicate the User's default location for localizing items such as currency and dates.`),
    string('timezone', `The User's time zone in the 'Olson' time zone database format.`),
    boolean('active', `A Boolean value indicating the User's administrative status.`),
    string('password', `The User's cleartext password, used to set or compare it; never returned.`, {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    plural('emails', 'Email addresses for the user.', string('value', 'Email addresses for the user.'), ['work', 'home', 'other']),
    plural('phoneNumbers', 'Phone numbers for the User.', string('value', 'Phone number of the User.'), ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    plural('ims', 'Instant messaging addresses for the User.', string('value', 'Instant messaging address for the User.'), [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    plural('photos', 'URLs of photos of the User.', reference('value', ['external'], 'URL of a photo of the User.'), ['photo', 'thumbnail']),
    addresses,
    groups,
    plural('entitlements', 'A list of entitlements for the User that represent a thing the User has.', string('value', 'The value of an entitlement.')),
    plural('roles', 'A list of roles for the User that collectively represent who the User is.', string('value', 'The value of a role.')),
    plural('x509Certificates', 'A list of certificates issued to the User.', attribute('value', 'binary', 'The value of an X.509 certificate.')),
  ],
};

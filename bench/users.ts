import { URN } from '../src/engine/scim/urns';

/** A user the way Okta provisions one: the body shape both seeding and the create scenario send. */
export function userBody(userName: string, index: number): Record<string, unknown> {
  const givenName = `Given${index}`;
  const familyName = `Family${index}`;
  return {
    schemas: [URN.user],
    userName,
    externalId: `ext-${userName}`,
    name: { givenName, familyName },
    displayName: `${givenName} ${familyName}`,
    emails: [{ primary: true, value: userName, type: 'work' }],
    active: true,
  };
}

/** Seeded users and created users draw from different name spaces, so creates never collide with the seed. */
export const seededUserName = (index: number) => `seed.user${index}@bench.example.com`;
export const createdUserName = (runId: string, index: number) => `new.user${index}.${runId}@bench.example.com`;

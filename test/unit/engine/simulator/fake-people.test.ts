import { Faker, en } from '@faker-js/faker';
import { expect, it } from 'vitest';
import { fakePeople } from '../../../../src/engine/simulator/fake-people';

/**
 * fakePeople takes faker's English locale from its own entry (the main one loads every locale). The
 * people a seed gives must stay those an English-only Faker from the main entry gives: demos and
 * pipelines assert on their names.
 */
it('gives, for a seed, the people an English-only Faker from faker’s main entry gives', () => {
  for (const seed of [1, 2, 7, 42]) {
    const faker = new Faker({ locale: [en] });
    faker.seed(seed);
    const expected = Array.from({ length: 120 }, () => ({
      givenName: faker.person.firstName(),
      familyName: faker.person.lastName(),
      title: faker.person.jobTitle(),
      objectId: faker.string.uuid(),
      phone: faker.phone.number({ style: 'international' }),
      city: faker.location.city(),
    }));
    const people = fakePeople(120, seed).map(({ givenName, familyName, title, objectId, phone, city }) => ({
      givenName,
      familyName,
      title,
      objectId,
      phone,
      city,
    }));
    expect(people, `seed ${seed}`).toEqual(expected);
  }
});

import type { Faker } from '@faker-js/faker';
import { faker as english } from '@faker-js/faker/locale/en';

/**
 * faker's English locale: its main entry loads each of its ~70 locales (~0.25 s of CPU in every
 * `simulate`), this entry English alone, as an instance whose class makes ours. Its definitions
 * are English's over faker's base ones, which fill only what English lacks: the same people.
 */
const EnglishFaker = english.constructor as typeof Faker;

/** A person an IdP would provision: what its user profile holds. */
export interface FakePerson {
  index: number;
  givenName: string;
  familyName: string;
  userName: string;
  email: string;
  title: string;
  department: string;
  employeeNumber: string;
  /** The IdP's own id for the person (Entra's objectId, OneLogin's id): sent as externalId. */
  objectId: string;
  phone: string;
  city: string;
  /** Index of the person's manager in the same list (the first person manages the rest of their department). */
  managerIndex?: number;
}

/** Departments of a company, not of a shop (faker's commerce departments are "Toys", "Garden"…). */
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'Marketing', 'Support', 'People'];

/**
 * Realistic people from a seed: the same seed gives the same people, so a demo is repeatable and
 * a pipeline can assert on names. Uses its own Faker instance, never the shared one.
 */
export function fakePeople(count: number, seed = 1): FakePerson[] {
  const faker = new EnglishFaker({ locale: english.rawDefinitions });
  faker.seed(seed);
  const taken = new Set<string>();
  const people: FakePerson[] = [];
  for (let index = 0; index < count; index++) {
    const givenName = faker.person.firstName();
    const familyName = faker.person.lastName();
    const base = `${givenName}.${familyName}`.toLowerCase().replace(/[^a-z.]/g, '');
    let userName = `${base}@example.com`;
    for (let n = 2; taken.has(userName); n++) userName = `${base}${n}@example.com`;
    taken.add(userName);
    people.push({
      index,
      givenName,
      familyName,
      userName,
      email: userName,
      title: faker.person.jobTitle(),
      department: DEPARTMENTS[index % DEPARTMENTS.length]!,
      employeeNumber: String(10_000 + index),
      objectId: faker.string.uuid(),
      phone: faker.phone.number({ style: 'international' }),
      city: faker.location.city(),
    });
  }
  // The first person of each department manages the others in it.
  const heads = new Map<string, number>();
  for (const person of people) {
    const head = heads.get(person.department);
    if (head === undefined) heads.set(person.department, person.index);
    else person.managerIndex = head;
  }
  return people;
}

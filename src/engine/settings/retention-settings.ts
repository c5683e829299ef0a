import { Type, type Static } from 'typebox';
import { settingCheck } from './setting-check';

const limit = (max: number, unit: string) =>
  Type.Union([Type.Integer({ minimum: 1, maximum: max }), Type.Null()], { description: `a whole number of ${unit} from 1 to ${max}, or off (null)` });

/**
 * How much of a workspace's recorded traffic is kept. Each limit is a number, or null to turn it
 * off; the oldest exchanges go first when any limit is passed (see recorder/retention.ts). Every
 * key is optional here: a change names only the limits it sets.
 */
export const RetentionSchema = Type.Object(
  {
    /** Exchanges older than this many days are removed. */
    days: Type.Optional(limit(3650, 'days')),
    /** At most this many exchanges are kept. */
    exchanges: Type.Optional(limit(100_000_000, 'exchanges')),
    /**
     * At most this many megabytes (MiB) of the workspace's exchange data (request, response and notes
     * as stored), not the whole file: one workspace's traffic never evicts another's.
     */
    megabytes: Type.Optional(limit(1_000_000, 'megabytes')),
  },
  {
    additionalProperties: false,
    title: 'retention limit',
    description: 'an object such as {"days": 7, "exchanges": 250000, "megabytes": 1000}',
  },
);

export type RetentionSettings = Required<Static<typeof RetentionSchema>>;

/**
 * A busy week on a laptop. An exchange takes about 2.3 KB (200,000 took 456 MB with indexes and
 * versions). A busy week is an Okta or Entra import of 10,000 users (≈ 30,000 exchanges with the
 * lookups before each create) plus a sync cycle every 40 minutes (≈ 250 cycles × 500 requests =
 * 125,000): 250,000 exchanges is that with room to spare, ≈ 600 MB. 1,000 MB caps a workspace whose
 * exchanges are unusually large (big groups) at a size any laptop has free; 7 days is the week.
 */
export const DEFAULT_RETENTION: RetentionSettings = Object.freeze({ days: 7, exchanges: 250_000, megabytes: 1_000 });

const checkRetention = settingCheck(RetentionSchema, { path: 'retention' });

/**
 * Reads `retention` as stored or submitted: the keys given replace those of `base`, the others keep
 * their values. A wrong key or value is an error that names it and says what is allowed.
 */
export function parseRetention(input: unknown, base: RetentionSettings = DEFAULT_RETENTION): RetentionSettings {
  return { ...base, ...checkRetention(input) };
}

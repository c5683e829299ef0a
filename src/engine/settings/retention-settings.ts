/**
 * How much of a workspace's recorded traffic is kept. Each limit is a number, or null to turn it
 * off; the oldest exchanges go first when any limit is passed (see recorder/retention.ts).
 */
export interface RetentionSettings {
  /** Exchanges older than this many days are removed. */
  days: number | null;
  /** At most this many exchanges are kept. */
  exchanges: number | null;
  /**
   * At most this many megabytes (MiB) of the workspace's exchange data (request, response and notes
   * as stored), not the whole file: one workspace's traffic never evicts another's.
   */
  megabytes: number | null;
}

/**
 * A busy week on a laptop. An exchange takes about 2.3 KB (200,000 took 456 MB with indexes and
 * versions). A busy week is an Okta or Entra import of 10,000 users (≈ 30,000 exchanges with the
 * lookups before each create) plus a sync cycle every 40 minutes (≈ 250 cycles × 500 requests =
 * 125,000): 250,000 exchanges is that with room to spare, ≈ 600 MB. 1,000 MB caps a workspace whose
 * exchanges are unusually large (big groups) at a size any laptop has free; 7 days is the week.
 */
export const DEFAULT_RETENTION: RetentionSettings = Object.freeze({ days: 7, exchanges: 250_000, megabytes: 1_000 });

const LIMITS: Record<keyof RetentionSettings, { max: number; unit: string }> = {
  days: { max: 3650, unit: 'days' },
  exchanges: { max: 100_000_000, unit: 'exchanges' },
  megabytes: { max: 1_000_000, unit: 'megabytes' },
};

const KEYS = Object.keys(LIMITS) as (keyof RetentionSettings)[];

/**
 * Reads `retention` as stored or submitted: the keys given replace those of `base`, the others keep
 * their values. A wrong key or value is an error that names it and says what is allowed.
 */
export function parseRetention(input: unknown, base: RetentionSettings = DEFAULT_RETENTION): RetentionSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new Error(`Setting "retention" must be an object such as {"days": 7, "exchanges": 250000, "megabytes": 1000}; got ${JSON.stringify(input)}.`);
  }
  const retention: RetentionSettings = { ...base };
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (!(KEYS as string[]).includes(key)) throw new Error(`Unknown retention limit "retention.${key}"; known: ${KEYS.join(', ')}.`);
    const { max, unit } = LIMITS[key as keyof RetentionSettings];
    if (value !== null && !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max)) {
      throw new Error(`Setting "retention.${key}" must be a whole number of ${unit} from 1 to ${max}, or off (null); got ${JSON.stringify(value)}.`);
    }
    retention[key as keyof RetentionSettings] = value as number | null;
  }
  return retention;
}

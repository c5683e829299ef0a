import type { SimulatorIdp } from '../../shared/simulator';

/**
 * How the simulator models an IdP's reaction to a target that answers 429, 5xx or nothing. What each
 * vendor documents is said in `documented`; where it documents nothing, the model is a modest guess
 * and says so. Every number here is the simulator's, not the vendor's, unless `documented` says otherwise.
 */
export interface RetryModel {
  idp: SimulatorIdp;
  label: string;
  /** Retries after the first attempt before the operation fails. */
  retries: number;
  /** The wait before each retry when the answer's Retry-After is not used. */
  backoffMs: readonly number[];
  /** Whether the wait is the answer's Retry-After when it has one. */
  honoursRetryAfter: boolean;
  /** A Retry-After longer than this is not waited out in a simulation: the operation fails at once. */
  maxRetryAfterSeconds: number;
  /** Operations failing with no write going through meanwhile, after which the IdP sends nothing more (Entra's quarantine). */
  quarantineAfter?: number;
  /** What the vendor documents, and what is modelled beyond it. */
  documented: string;
}

export const RETRY_MODELS: Record<SimulatorIdp, RetryModel> = {
  okta: {
    idp: 'okta',
    label: 'Okta',
    retries: 3,
    backoffMs: [1000, 2000, 4000],
    honoursRetryAfter: true,
    maxRetryAfterSeconds: 60,
    documented:
      "Okta's support documents that after a 429 it schedules the retry itself, after the Retry-After the app sent, and that a task that keeps failing is listed under Dashboard → Tasks for an admin to retry. Its waits without Retry-After and its number of retries are not documented: modelled as 3 retries at 1 s, 2 s and 4 s, then the task fails.",
  },
  entra: {
    idp: 'entra',
    label: 'Entra',
    retries: 2,
    backoffMs: [1000, 2000],
    honoursRetryAfter: false,
    maxRetryAfterSeconds: 60,
    quarantineAfter: 5,
    documented:
      'Microsoft documents an exponential backoff for objects that keep failing (its intervals are not published) and quarantine when most or all calls to the app fail: cycles slow to once a day. Whether it reads Retry-After is not documented. Modelled as 2 retries at 1 s and 2 s without reading Retry-After, and quarantine — nothing more sent in the run — after 5 operations fail with no write going through in between.',
  },
  onelogin: {
    idp: 'onelogin',
    label: 'OneLogin',
    retries: 1,
    backoffMs: [1000],
    honoursRetryAfter: true,
    maxRetryAfterSeconds: 60,
    documented:
      "OneLogin does not document how its SCIM provisioning retries. Modelled modestly as one retry after 1 s (or after Retry-After, when the answer sends one), then the user's provisioning fails.",
  },
};

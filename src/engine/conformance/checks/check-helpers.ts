import { URN } from '../../scim/urns';
import { filterQuery } from '../../client/scim-client';
import type { CheckContext } from '../check-context';

/** `?filter=…` (URL-encoded) plus any further query text. */
export const q = (filter: string, extra = '') => `?${filterQuery(filter, extra)}`;

/** The shared check user's body; overrides replace whole attributes. */
export function userBody(context: CheckContext, overrides: Record<string, unknown> = {}) {
  const { suffix } = context.state;
  return {
    schemas: [URN.user],
    userName: `check.${suffix}@example.com`,
    externalId: `ext-${suffix}`,
    name: { givenName: 'Check', familyName: `User ${suffix}` },
    emails: [{ primary: true, type: 'work', value: `check.${suffix}@example.com` }],
    displayName: `Check User ${suffix}`,
    active: true,
    ...overrides,
  };
}

/**
 * What later checks should use: the value the server answered with when it gave one, so a check
 * fails for its own fault and not for a difference an earlier check already reported.
 */
export const serverValue = (answered: unknown, sent: string): string => (typeof answered === 'string' ? answered : sent);

export const hasUser = (state: { userId?: string }) => Boolean(state.userId);
export const hasGroup = (state: { groupId?: string; userId?: string }) => Boolean(state.groupId && state.userId);

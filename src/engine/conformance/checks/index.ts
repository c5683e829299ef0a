import type { CheckDefinition } from '../check-context';
import { discoveryChecks } from './discovery';
import { authChecks } from './auth';
import { errorsChecks } from './errors';
import { usersChecks } from './users';
import { groupsChecks } from './groups';
import { filterChecks } from './filter';
import { pagingChecks } from './paging';
import { sortChecks } from './sort';
import { projectionChecks } from './projection';
import { etagChecks } from './etag';
import { bulkChecks } from './bulk';
import { oktaChecks } from './okta';
import { entraChecks } from './entra';
import { oneloginChecks } from './onelogin';
import { putChecks } from './put';
import { largeGroupsChecks } from './large-groups';

/**
 * The checks, in the order they run: discovery and errors first, then a user and a group are
 * created and used by the IdP-specific checks, and deleted last. Each says where its
 * expectation comes from and what the IdP does with a server that fails it. One file per family.
 */
export const CHECKS: CheckDefinition[] = [
  ...discoveryChecks,
  ...authChecks,
  ...errorsChecks,
  ...usersChecks,
  ...groupsChecks,
  // The protocol surface every IdP touches; each check makes (and the run removes) its own users.
  ...filterChecks,
  ...pagingChecks,
  ...sortChecks,
  ...projectionChecks,
  ...etagChecks,
  ...bulkChecks,
  ...putChecks,
  ...largeGroupsChecks,
  ...oktaChecks,
  ...entraChecks,
  ...oneloginChecks,
];

import type { CompatibilityMode } from '../compat/modes';
import type { ResourceTypeName } from '../scim/schemas/types';
import type { ProjectionQuery } from './resource-service';

/**
 * How a successful PATCH answers. RFC 7644 §3.5.2 allows 200 with the whole resource or 204
 * without a body, and requires 200 when the client asked for `attributes`.
 * - Groups answer 204: IdPs send membership changes and never read the group back from the
 *   response, and serving it means loading every member (50,000 in a large tenant) per change.
 * - Users answer 200 with the user (Okta reads it), except in the Entra modes, which answer 204
 *   as Microsoft's SCIM reference implementation and its Postman collection do (Entra takes either).
 */
export function patchAnswersWithoutBody(type: ResourceTypeName, mode: CompatibilityMode, query: ProjectionQuery): boolean {
  if (query.attributes !== undefined || query.excludedAttributes !== undefined) return false;
  return type === 'Group' || mode === 'entra' || mode === 'entra-lenient';
}

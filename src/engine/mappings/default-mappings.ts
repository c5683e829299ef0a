import type { WorkspaceMappings } from '../../shared/mappings';

/** A workspace's mappings before anyone edits them: the identity fields, nothing else assumed. */
export function defaultMappings(): WorkspaceMappings {
  return {
    attributes: [
      { scimPath: 'userName', appField: 'login', required: true, transform: { case: 'lower' } },
      { scimPath: 'emails[primary eq true].value', appField: 'email' },
      { scimPath: 'name.givenName', appField: 'firstName' },
      { scimPath: 'name.familyName', appField: 'lastName' },
    ],
    groups: [],
    unmappedGroups: 'create',
    lifecycle: { onDeactivate: 'suspend', onReactivate: 'restore', onDelete: 'remove-user' },
  };
}

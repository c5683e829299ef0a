// The simulator's scenarios by name, apart from the simulator: `simulate --help` lists them and
// `--scenario`'s parser checks them without loading the SCIM client.
export const SCENARIOS = [
  'assign-users',
  'update-profiles',
  'push-groups',
  'rename-group',
  'remove-members',
  'deactivate',
  'reactivate',
  'delete',
  'full',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  'assign-users': 'assign N users to the app (lookup, then create)',
  'update-profiles': "change every assigned user's title and city",
  'push-groups': 'push a group per department, and "SCIM Admins", with their members',
  'rename-group': 'rename the first pushed group',
  'remove-members': 'remove the first member of each pushed group',
  deactivate: 'deactivate a third of the users',
  reactivate: 'reactivate the deactivated users',
  delete: 'unassign a third of the users (Okta deactivates instead of deleting)',
  full: 'all of the above, in that order',
};

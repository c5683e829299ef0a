import { expect, it } from 'vitest';
import { roleOfGroup } from '../../../../src/engine/mappings/derive-app-user';
import { defaultMappings } from '../../../../src/engine/mappings/default-mappings';

/** An IdP group's name as the app sees it: rule names are trimmed when saved, so group names are compared trimmed too. */
const mappings = {
  ...defaultMappings(),
  groups: [{ idpGroup: 'Helpdesk', matchBy: 'displayName' as const, appRole: 'Support' }],
  unmappedGroups: 'create' as const,
};

it('matches a rule whatever spaces surround the group’s displayName, and regardless of case', () => {
  expect(roleOfGroup({ id: 'g1', displayName: ' Helpdesk ' }, mappings)).toEqual({ role: 'Support', unmapped: false });
  expect(roleOfGroup({ id: 'g2', displayName: 'HELPDESK' }, mappings)).toEqual({ role: 'Support', unmapped: false });
});

it('names the role of an unmapped group without the spaces around its name', () => {
  expect(roleOfGroup({ id: 'g3', displayName: '  Ops ' }, mappings)).toEqual({ role: 'Ops', unmapped: true });
});

import type { AttributeRule, GroupRule, MappingProblem, WorkspaceMappings } from '../../../shared/mappings';
import { formatValueMap, parseValueMap, prune } from '../mappings-edit';

interface RulesProps {
  draft: WorkspaceMappings;
  problems: MappingProblem[];
  edit(next: WorkspaceMappings): void;
}

const problemsAt = (problems: MappingProblem[], prefix: string) =>
  problems.filter((problem) => problem.where === prefix || problem.where.startsWith(`${prefix}.`));

/** The attribute rules: which SCIM path fills which app field, and how. */
export function AttributeRules({ draft, problems, edit }: RulesProps) {
  const setRule = (index: number, rule: AttributeRule) => edit({ ...draft, attributes: draft.attributes.map((old, i) => (i === index ? rule : old)) });
  return (
    <>
      <h3>Attributes → app fields</h3>
      <table className="rules">
        <thead>
          <tr>
            <th>SCIM path</th>
            <th>App field</th>
            <th>Required</th>
            <th>Case</th>
            <th>Template</th>
            <th>Value map</th>
            <th>Default</th>
            <td />
          </tr>
        </thead>
        <tbody>
          {draft.attributes.map((rule, index) => {
            const where = `attributes[${index}]`;
            const rowProblems = problemsAt(problems, where);
            const transform = rule.transform ?? {};
            const setTransform = (change: Partial<NonNullable<AttributeRule['transform']>>) =>
              setRule(index, { ...rule, transform: prune({ ...transform, ...change }) });
            return (
              <RuleRow key={index} problems={rowProblems}>
                <td>
                  <input
                    aria-label={`SCIM path ${index + 1}`}
                    className={rowProblems.some((p) => p.where.endsWith('scimPath')) ? 'invalid-input' : undefined}
                    value={rule.scimPath ?? ''}
                    onChange={(event) => setRule(index, { ...rule, scimPath: event.target.value || undefined })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`App field ${index + 1}`}
                    value={rule.appField}
                    onChange={(event) => setRule(index, { ...rule, appField: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Required ${index + 1}`}
                    checked={rule.required === true}
                    onChange={(event) => setRule(index, { ...rule, required: event.target.checked || undefined })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Case ${index + 1}`}
                    value={transform.case ?? ''}
                    onChange={(event) => setTransform({ case: (event.target.value || undefined) as 'lower' | 'upper' | undefined })}
                  >
                    <option value="">as sent</option>
                    <option value="lower">lower</option>
                    <option value="upper">upper</option>
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Template ${index + 1}`}
                    placeholder="{name.givenName} {name.familyName}"
                    value={transform.template ?? ''}
                    onChange={(event) => setTransform({ template: event.target.value || undefined })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Value map ${index + 1}`}
                    placeholder="Engineering=ENG, Sales=SLS"
                    value={formatValueMap(transform.valueMap)}
                    onChange={(event) => setTransform({ valueMap: parseValueMap(event.target.value) })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Default ${index + 1}`}
                    value={transform.default ?? ''}
                    onChange={(event) => setTransform({ default: event.target.value || undefined })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`Remove rule ${index + 1}`}
                    onClick={() => edit({ ...draft, attributes: draft.attributes.filter((_, i) => i !== index) })}
                  >
                    ✕
                  </button>
                </td>
              </RuleRow>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={() => edit({ ...draft, attributes: [...draft.attributes, { scimPath: '', appField: '' }] })}>
        Add attribute rule
      </button>
    </>
  );
}

/** The group rules: which IdP group gives which app role. */
export function GroupRules({ draft, problems, edit }: RulesProps) {
  const setGroup = (index: number, rule: GroupRule) => edit({ ...draft, groups: draft.groups.map((old, i) => (i === index ? rule : old)) });
  return (
    <>
      <h3>IdP groups → app roles</h3>
      <table className="rules">
        <thead>
          <tr>
            <th>IdP group</th>
            <th>Matched by</th>
            <th>App role</th>
            <td />
          </tr>
        </thead>
        <tbody>
          {draft.groups.map((rule, index) => (
            <RuleRow key={index} problems={problemsAt(problems, `groups[${index}]`)}>
              <td>
                <input
                  aria-label={`IdP group ${index + 1}`}
                  value={rule.idpGroup}
                  onChange={(event) => setGroup(index, { ...rule, idpGroup: event.target.value })}
                />
              </td>
              <td>
                <select
                  aria-label={`Matched by ${index + 1}`}
                  value={rule.matchBy}
                  onChange={(event) => setGroup(index, { ...rule, matchBy: event.target.value as GroupRule['matchBy'] })}
                >
                  <option value="displayName">displayName</option>
                  <option value="externalId">externalId</option>
                </select>
              </td>
              <td>
                <input
                  aria-label={`App role ${index + 1}`}
                  value={rule.appRole}
                  onChange={(event) => setGroup(index, { ...rule, appRole: event.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove group rule ${index + 1}`}
                  onClick={() => edit({ ...draft, groups: draft.groups.filter((_, i) => i !== index) })}
                >
                  ✕
                </button>
              </td>
            </RuleRow>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => edit({ ...draft, groups: [...draft.groups, { idpGroup: '', matchBy: 'displayName', appRole: '' }] })}>
        Add group rule
      </button>
    </>
  );
}

function RuleRow({ problems, children }: { problems: MappingProblem[]; children: React.ReactNode }) {
  return (
    <>
      <tr>{children}</tr>
      {problems.map((problem) => (
        <tr key={problem.where + problem.message} className="problem">
          <td colSpan={8} role="alert">
            {problem.message}
          </td>
        </tr>
      ))}
    </>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { AppViewResponse, AttributeRule, GroupRule, MappingPreviewResponse, MappingProblem, WorkspaceMappings } from '../../../shared/mappings';
import { saveFile } from '../api/download';
import { useConnection } from '../store/connection';
import { useWorkspaces } from '../store/workspaces';
import { SplitPane } from './SplitPane';

const CHECK_DELAY_MS = 250;

/** The picked workspace's mappings: switching workspaces starts the editor afresh (a draft belongs to its workspace). */
export function MappingsView() {
  const workspace = useWorkspaces((state) => state.current);
  return <WorkspaceMappingsView key={workspace} workspace={workspace} />;
}

/**
 * The app side of the workspace: the mapping editor (checked by the engine as you type; saved
 * only when it checks out, after an optional preview) beside the app view it gives.
 */
function WorkspaceMappingsView({ workspace }: { workspace: string }) {
  const client = useConnection((state) => state.client);
  const [draft, setDraft] = useState<WorkspaceMappings>();
  const [problems, setProblems] = useState<MappingProblem[]>([]);
  const [preview, setPreview] = useState<MappingPreviewResponse>();
  const [view, setView] = useState<AppViewResponse>();
  const [message, setMessage] = useState<string>();
  const [reprovision, setReprovision] = useState<string>();
  const checkTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const reloadView = () => void client?.appView(workspace).then(setView, (error: Error) => setMessage(error.message));
  useEffect(() => {
    void client?.mappings(workspace).then(setDraft, (error: Error) => setMessage(error.message));
    void client?.workspaceSettings(workspace).then(
      (settings) => setReprovision(settings.reprovision),
      () => undefined,
    );
    reloadView();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  if (!client || !draft) return <main className="page">{message ?? 'Loading the mappings…'}</main>;

  const edit = (next: WorkspaceMappings) => {
    setDraft(next);
    setPreview(undefined);
    setMessage(undefined);
    clearTimeout(checkTimer.current);
    // Checked by the engine (the same rules as saving) once typing pauses.
    checkTimer.current = setTimeout(
      () =>
        void client.checkMappings(workspace, next).then(
          (result) => setProblems(result.problems),
          (error: Error) => setMessage(error.message),
        ),
      CHECK_DELAY_MS,
    );
  };
  const setRule = (index: number, rule: AttributeRule) => edit({ ...draft, attributes: draft.attributes.map((old, i) => (i === index ? rule : old)) });
  const setGroup = (index: number, rule: GroupRule) => edit({ ...draft, groups: draft.groups.map((old, i) => (i === index ? rule : old)) });
  const otherProblems = problems.filter((problem) => !problem.where.startsWith('attributes') && !problem.where.startsWith('groups'));
  const problemsAt = (prefix: string) => problems.filter((problem) => problem.where === prefix || problem.where.startsWith(`${prefix}.`));
  const save = async () => {
    try {
      setDraft(await client.saveMappings(workspace, draft));
      setPreview(undefined);
      setMessage('Saved. The app view beside is recomputed with these mappings.');
      reloadView();
    } catch (error) {
      setMessage((error as Error).message);
    }
  };

  return (
    <SplitPane id="mappings" as="main" className="mappings" label="Resize the mapping editor" defaultPercent={64} minFirst={420} minSecond={280}>
      <section aria-label="Mapping editor" className="mapping-editor">
        <h2>Mappings</h2>
        <div className="tunnel-actions">
          <button
            type="button"
            onClick={() => saveFile(`mappings-${workspace}.json`, new Blob([`${JSON.stringify(draft, null, 2)}\n`], { type: 'application/json' }))}
          >
            Export JSON
          </button>
          <label className="file-button">
            Import JSON
            <input
              type="file"
              accept="application/json,.json"
              aria-label="Import mappings file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (!file) return;
                void file.text().then((text) => {
                  let parsed: unknown;
                  try {
                    parsed = JSON.parse(text);
                  } catch (error) {
                    setMessage(`${file.name} is not JSON: ${(error as Error).message}`);
                    return;
                  }
                  const loaded = asEditable(parsed, draft);
                  if (!loaded) return setMessage(`${file.name} is not a mappings file: it needs "attributes" and "groups" lists.`);
                  edit(loaded);
                  setMessage(`Loaded ${file.name}: check the problems, preview, then save.`);
                });
                event.target.value = '';
              }}
            />
          </label>
          Start from:
          <button type="button" onClick={() => void client.mappingPreset(workspace, 'okta').then(edit)}>
            Okta preset
          </button>
          <button type="button" onClick={() => void client.mappingPreset(workspace, 'entra').then(edit)}>
            Entra ID preset
          </button>
        </div>
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
              const rowProblems = problemsAt(where);
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
              <RuleRow key={index} problems={problemsAt(`groups[${index}]`)}>
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
        <div className="tunnel-fields">
          <label>
            Groups without a rule
            <select
              aria-label="Groups without a rule"
              value={draft.unmappedGroups}
              onChange={(event) => edit({ ...draft, unmappedGroups: event.target.value as WorkspaceMappings['unmappedGroups'] })}
            >
              <option value="create">become roles under their own name</option>
              <option value="ignore">are ignored</option>
            </select>
          </label>
          <label>
            Role of every new user
            <input
              aria-label="Default role"
              value={draft.defaultRole ?? ''}
              onChange={(event) => edit({ ...draft, defaultRole: event.target.value || undefined })}
            />
          </label>
        </div>

        <h3>Lifecycle</h3>
        <div className="tunnel-fields">
          <label>
            On deactivation (active=false)
            <select
              aria-label="On deactivation"
              value={draft.lifecycle.onDeactivate}
              onChange={(event) =>
                edit({ ...draft, lifecycle: { ...draft.lifecycle, onDeactivate: event.target.value as WorkspaceMappings['lifecycle']['onDeactivate'] } })
              }
            >
              <option value="nothing">do nothing</option>
              <option value="suspend">suspend the user</option>
              <option value="remove-user">remove the user</option>
              <option value="remove-role">remove the user's roles</option>
            </select>
          </label>
          <label>
            On reactivation
            <select
              aria-label="On reactivation"
              value={draft.lifecycle.onReactivate}
              onChange={(event) =>
                edit({ ...draft, lifecycle: { ...draft.lifecycle, onReactivate: event.target.value as WorkspaceMappings['lifecycle']['onReactivate'] } })
              }
            >
              <option value="restore">restore the user</option>
              <option value="leave">leave it as deactivation left it</option>
            </select>
          </label>
          <label>
            A user who comes back with the same externalId
            <select
              aria-label="Returning user"
              value={reprovision ?? 'by-mode'}
              onChange={(event) => {
                const value = event.target.value;
                // A workspace setting (the SCIM server's behaviour), saved at once rather than with the mappings.
                void client.configureWorkspace(workspace, { reprovision: value }).then(
                  () => {
                    setReprovision(value);
                    setMessage(`Returning users: ${value} (saved).`);
                  },
                  (error: Error) => setMessage(error.message),
                );
              }}
            >
              <option value="by-mode">follows the compatibility mode (relinked, except in strict and Entra modes)</option>
              <option value="relink">is matched and relinked to the existing user (same userName only)</option>
              <option value="conflict">is refused (409, names the existing user)</option>
              <option value="off">is not matched (externalId is not unique)</option>
            </select>
          </label>
          <label>
            On DELETE
            <select
              aria-label="On DELETE"
              value={draft.lifecycle.onDelete}
              onChange={(event) =>
                edit({ ...draft, lifecycle: { ...draft.lifecycle, onDelete: event.target.value as WorkspaceMappings['lifecycle']['onDelete'] } })
              }
            >
              <option value="remove-user">remove the user</option>
              <option value="suspend">keep it, suspended</option>
            </select>
          </label>
        </div>
        {otherProblems.length > 0 && (
          <ul className="invalid" role="alert">
            {otherProblems.map((p) => (
              <li key={p.where}>
                {p.where}: {p.message}
              </li>
            ))}
          </ul>
        )}
        <div className="tunnel-actions">
          <button
            type="button"
            disabled={problems.length > 0}
            onClick={() => void client.previewMappings(workspace, draft).then(setPreview, (error: Error) => setMessage(error.message))}
          >
            Preview
          </button>
          <button type="button" disabled={problems.length > 0} onClick={() => void save()}>
            Save
          </button>
          {problems.length > 0 && (
            <span className="invalid" data-testid="problem-count">
              {problems.length} problem(s): fix them to save.
            </span>
          )}
        </div>
        {message && <p role="status">{message}</p>}
        {preview && <PreviewList preview={preview} />}
      </section>
      {view && <AppView view={view} />}
    </SplitPane>
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

function PreviewList({ preview }: { preview: MappingPreviewResponse }) {
  if (preview.changed.length === 0) return <p data-testid="preview">No app record would change ({preview.compared} compared).</p>;
  return (
    <div data-testid="preview">
      <p>
        {preview.changed.length} of {preview.compared} app users would change:
      </p>
      <ul>
        {preview.changed.map((record) => (
          <li key={record.scimId}>
            {record.userName}:{' '}
            {record.changes.map((change) => `${change.what} ${JSON.stringify(change.before ?? null)} → ${JSON.stringify(change.after ?? null)}`).join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AppView({ view }: { view: AppViewResponse }) {
  const fields = [...new Set(view.users.flatMap((user) => Object.keys(user.fields)))];
  return (
    // Focusable: it scrolls sideways when the app has many fields, and the keyboard must be able to scroll it too.
    <section aria-label="App view" className="app-view" tabIndex={0}>
      <h2>In the app</h2>
      {view.unusedAttributes.length > 0 && <p className="warning">⚠ Sent by the IdP but used by no rule: {view.unusedAttributes.join(', ')}</p>}
      <table>
        <thead>
          <tr>
            <th>userName</th>
            <th>Status</th>
            <th>Roles</th>
            {fields.map((field) => (
              <th key={field}>{field}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.users.map((user) => (
            <tr key={user.scimId} data-testid="app-user" title={user.warnings.join('\n')} className={user.warnings.length > 0 ? 'has-warnings' : undefined}>
              <td>{user.userName}</td>
              <td>{user.status}</td>
              <td>{user.roles.join(', ')}</td>
              {fields.map((field) => (
                <td key={field}>{user.fields[field] ?? '∅'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {view.totalUsers > view.users.length && (
        <p className="hint">
          Showing {view.users.length} of {view.totalUsers} users.
        </p>
      )}
      <h3>Roles</h3>
      <ul aria-label="App roles">
        {view.roles.map((role) => (
          <li key={role.name}>
            {role.name} — from {role.from.join(', ')}
            {role.unmapped ? ' (no rule: created as is)' : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The shape the editor can show (lists where lists go); every finer problem is the engine's to
 * explain once the draft is checked.
 */
function asEditable(input: unknown, current: WorkspaceMappings): WorkspaceMappings | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const candidate = input as Partial<WorkspaceMappings>;
  if ((candidate.attributes !== undefined && !Array.isArray(candidate.attributes)) || (candidate.groups !== undefined && !Array.isArray(candidate.groups)))
    return undefined;
  const rules = (candidate.attributes ?? []).filter((rule): rule is AttributeRule => rule !== null && typeof rule === 'object');
  const groups = (candidate.groups ?? []).filter((rule): rule is GroupRule => rule !== null && typeof rule === 'object');
  return {
    ...candidate,
    attributes: rules.map((rule) => ({ ...rule, appField: typeof rule.appField === 'string' ? rule.appField : '' })),
    groups: groups.map((rule) => ({ idpGroup: String(rule.idpGroup ?? ''), matchBy: rule.matchBy ?? 'displayName', appRole: String(rule.appRole ?? '') })),
    unmappedGroups: candidate.unmappedGroups ?? current.unmappedGroups,
    lifecycle: { ...current.lifecycle, ...(candidate.lifecycle && typeof candidate.lifecycle === 'object' ? candidate.lifecycle : {}) },
  };
}

/** `Engineering=ENG, Sales=SLS` ⇄ { Engineering: 'ENG', Sales: 'SLS' }. */
function parseValueMap(text: string): Record<string, string> | undefined {
  const entries = text
    .split(',')
    .map((pair) => pair.split('=').map((part) => part.trim()))
    .filter((pair) => pair.length === 2 && pair[0] !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function formatValueMap(map: Record<string, string> | undefined): string {
  return map
    ? Object.entries(map)
        .map(([from, to]) => `${from}=${to}`)
        .join(', ')
    : '';
}

function prune<T extends object>(value: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return Object.keys(kept).length > 0 ? (kept as T) : undefined;
}

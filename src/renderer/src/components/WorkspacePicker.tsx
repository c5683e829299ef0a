import { useEffect } from 'react';
import { useConnection } from '../store/connection';
import { askConfirm, askText } from '../store/dialog';
import { confirmLeave, leaveThen } from '../store/leave-guard';
import { DEFAULT_WORKSPACE, useWorkspaces } from '../store/workspaces';

/** The header's workspace picker: every view shows the workspace picked here; create and delete beside it. */
export function WorkspacePicker() {
  const client = useConnection((state) => state.client);
  const { list, current, note, load, select, create, remove } = useWorkspaces();
  useEffect(() => {
    if (client) void load(client);
  }, [client, load]);
  if (!client) return null;
  const picked = list.find((workspace) => workspace.slug === current);

  const createOne = async () => {
    if (!(await confirmLeave())) return; // creating one switches to it
    // Created from the dialog, which says a refusal (a bad name, one taken) and keeps the name to correct.
    await askText('New workspace: its name in URLs (lower-case letters, digits and dashes)', '', 'Create', (slug) => create(client, slug));
  };
  const removeOne = async () => {
    const name = picked?.name ?? current;
    const confirmed = await askConfirm(
      `Delete workspace “${name}”?`,
      `Its users, groups, mappings and settings are deleted; an IdP sending to ${picked?.scimPath ?? `/w/${current}/scim/v2`} gets 404 from then on. Recorded traffic stays.`,
      'Delete workspace',
    );
    if (confirmed) await remove(client, current);
  };

  return (
    <span className="workspace-picker">
      <label>
        Workspace {/* Listed again on focus: the CLI, a replay or another tab may have created or deleted one meanwhile. */}
        <select
          aria-label="Workspace"
          value={current}
          onFocus={() => void load(client)}
          onChange={(event) => {
            const slug = event.target.value;
            leaveThen(() => select(slug));
          }}
        >
          {/* Until the list arrives (or when the URL names an unknown one), the picked slug is still an option. */}
          {!picked && <option value={current}>{current}</option>}
          {list.map((workspace) => (
            <option key={workspace.slug} value={workspace.slug}>
              {workspace.name === workspace.slug ? workspace.slug : `${workspace.name} (${workspace.slug})`}
              {workspace.proxy ? ` — proxy → ${workspace.proxy.upstream}${workspace.proxy.warning ? ' ⚠ TLS not verified' : ''}` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void createOne()}>
        New workspace
      </button>
      {current !== DEFAULT_WORKSPACE && picked && (
        <button type="button" onClick={() => void removeOne()}>
          Delete workspace
        </button>
      )}
      {picked?.proxy?.warning && (
        <span className="note" role="alert" data-testid="workspace-tls-warning" title={picked.proxy.warning}>
          ⚠ Upstream TLS not verified
        </span>
      )}
      {note && (
        <span className="note" role="status" data-testid="workspace-note">
          {note}
        </span>
      )}
    </span>
  );
}

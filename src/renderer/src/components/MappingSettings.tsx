import type { WorkspaceMappings } from '../../../shared/mappings';

interface SettingsProps {
  draft: WorkspaceMappings;
  reprovision?: string;
  edit(next: WorkspaceMappings): void;
  setReprovision(value: string): void;
}

/** Roles for groups without a rule, the default role and the lifecycle: part of the draft, saved by Save. */
export function MappingSettings({ draft, reprovision, edit, setReprovision }: SettingsProps) {
  return (
    <>
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
            // A workspace setting (the SCIM server's behaviour), saved with the mappings by Save: see store/mappings-draft.ts.
            onChange={(event) => setReprovision(event.target.value)}
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
    </>
  );
}

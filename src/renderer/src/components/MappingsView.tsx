import { useEffect } from 'react';
import type { WorkspaceMappings } from '../../../shared/mappings';
import { saveFile } from '../api/download';
import { asEditable } from '../mappings-edit';
import { useConnection } from '../store/connection';
import { hasUnsavedMappings, useMappingsDraft } from '../store/mappings-draft';
import { useWorkspaces } from '../store/workspaces';
import { AppView } from './AppView';
import { MappingPreview } from './MappingPreview';
import { AttributeRules, GroupRules } from './MappingRules';
import { MappingSettings } from './MappingSettings';
import { SplitPane } from './SplitPane';

/**
 * The app side of the workspace: the mapping editor (checked by the engine as you type; saved
 * only when it checks out, after an optional preview) beside the app view it gives. The draft
 * lives in store/mappings-draft.ts, which asks before unsaved edits are dropped.
 */
export function MappingsView() {
  const client = useConnection((state) => state.client);
  const workspace = useWorkspaces((state) => state.current);
  const state = useMappingsDraft();
  const { draft, problems, preview, view, message, load, say } = state;

  useEffect(() => {
    // Switching workspaces starts the editor afresh: a draft belongs to its workspace.
    if (client) void load(client, workspace);
  }, [client, workspace, load]);

  if (!client || !draft || state.workspace !== workspace) return <main className="page">{message ?? 'Loading the mappings…'}</main>;

  const edit = (next: WorkspaceMappings) => state.edit(client, next);
  const unsaved = hasUnsavedMappings(state);
  const otherProblems = problems.filter((problem) => !problem.where.startsWith('attributes') && !problem.where.startsWith('groups'));

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
                    say(`${file.name} is not JSON: ${(error as Error).message}`);
                    return;
                  }
                  const loaded = asEditable(parsed, draft);
                  if (!loaded) return say(`${file.name} is not a mappings file: it needs "attributes" and "groups" lists.`);
                  edit(loaded);
                  say(`Loaded ${file.name}: check the problems, preview, then save.`);
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
        <AttributeRules draft={draft} problems={problems} edit={edit} />
        <GroupRules draft={draft} problems={problems} edit={edit} />
        <MappingSettings draft={draft} reprovision={state.reprovision} edit={edit} setReprovision={state.setReprovision} />
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
          <button type="button" disabled={problems.length > 0} onClick={() => void state.runPreview(client)}>
            Preview
          </button>
          <button type="button" disabled={problems.length > 0} onClick={() => void state.save(client)}>
            Save
          </button>
          {unsaved && (
            <span className="unsaved" data-testid="unsaved-marker">
              Unsaved changes
            </span>
          )}
          {problems.length > 0 && (
            <span className="invalid" data-testid="problem-count">
              {problems.length} problem(s): fix them to save.
            </span>
          )}
        </div>
        {message && <p role="status">{message}</p>}
        {preview && <MappingPreview preview={preview} />}
      </section>
      {view && <AppView view={view} />}
    </SplitPane>
  );
}

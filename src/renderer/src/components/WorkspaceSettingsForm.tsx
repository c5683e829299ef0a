import { useEffect, useState } from 'react';
import { COMPATIBILITY_CHOICES, EXTENSIONS_EXAMPLE, REPROVISION_CHOICES, type EditableWorkspaceSettings } from '../../../shared/workspace-setting-choices';
import type { AdminClient } from '../api/admin-client';

interface Draft {
  compatibility: string;
  lenientSchema: boolean;
  reprovision: string;
  /** The extensions as the user types them: checked as JSON here, as declarations by the engine. */
  extensions: string;
}

const asDraft = (settings: EditableWorkspaceSettings): Draft => ({
  compatibility: settings.compatibility,
  lenientSchema: settings.lenientSchema,
  reprovision: settings.reprovision,
  extensions: settings.extensions.length > 0 ? JSON.stringify(settings.extensions, null, 2) : '',
});

/** Reads the extensions text; empty means none. Only JSON syntax is judged here: what a declaration may say is the engine's to check. */
function parseExtensions(text: string): { value: unknown } | { problem: string } {
  if (text.trim() === '') return { value: [] };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `Extensions are not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * How the workspace's SCIM server behaves (the options of `scim-workbench workspace configure`):
 * saved together; a value the engine refuses is shown with its reason and nothing is stored.
 */
export function WorkspaceSettingsForm({ client, workspace }: { client: AdminClient; workspace: string }) {
  const [draft, setDraft] = useState<Draft>();
  const [saved, setSaved] = useState<string>();
  const [refused, setRefused] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void client.workspaceSettings(workspace).then(
      (settings) => setDraft(asDraft(settings)),
      (error: Error) => setRefused(error.message),
    );
  }, [client, workspace]);
  if (!draft)
    return (
      <section aria-label="Workspace settings">
        {refused ? (
          <p className="error" role="alert">
            {refused}
          </p>
        ) : (
          <p>Loading the settings…</p>
        )}
      </section>
    );

  const extensions = parseExtensions(draft.extensions);
  const edit = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setSaved(undefined);
    setRefused(undefined);
  };
  const save = async () => {
    if ('problem' in extensions) return;
    setBusy(true);
    try {
      const settings = await client.configureWorkspace(workspace, {
        compatibility: draft.compatibility,
        lenientSchema: draft.lenientSchema,
        reprovision: draft.reprovision,
        extensions: extensions.value,
      });
      setDraft(asDraft(settings));
      setSaved(`Saved: workspace “${workspace}” uses these settings from its next request.`);
    } catch (error) {
      setRefused((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Workspace settings">
      <h3>Settings of workspace “{workspace}”</h3>
      <form
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label htmlFor="setting-compatibility">Compatibility mode</label>
        <select
          id="setting-compatibility"
          aria-label="Compatibility mode"
          value={draft.compatibility}
          onChange={(event) => edit({ compatibility: event.target.value })}
        >
          {COMPATIBILITY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <label htmlFor="setting-reprovision">A returning user (reprovision)</label>
        <select id="setting-reprovision" aria-label="Reprovision" value={draft.reprovision} onChange={(event) => edit({ reprovision: event.target.value })}>
          {REPROVISION_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        <span>Lenient schema</span>
        <label>
          <input
            type="checkbox"
            aria-label="Lenient schema"
            checked={draft.lenientSchema}
            onChange={(event) => edit({ lenientSchema: event.target.checked })}
          />{' '}
          keep unknown attributes and non-canonical values, noted on the request (off: refuse them with invalidValue)
        </label>
        <label htmlFor="setting-extensions">Extension schemas (JSON list)</label>
        <div>
          <textarea
            id="setting-extensions"
            aria-label="Extensions"
            spellCheck={false}
            rows={6}
            placeholder={EXTENSIONS_EXAMPLE}
            value={draft.extensions}
            onChange={(event) => edit({ extensions: event.target.value })}
          />
          {'problem' in extensions && (
            <p className="invalid" role="alert">
              {extensions.problem}
            </p>
          )}
        </div>
        <span />
        <div>
          <button type="submit" disabled={busy || 'problem' in extensions}>
            Save settings
          </button>
        </div>
      </form>
      {saved && (
        <p role="status" data-testid="settings-saved">
          {saved}
        </p>
      )}
      {refused && (
        <p className="error" role="alert" data-testid="settings-refused">
          {refused}
        </p>
      )}
    </section>
  );
}

import { create } from 'zustand';
import type { AppViewResponse, MappingPreviewResponse, MappingProblem, WorkspaceMappings } from '../../../shared/mappings';
import type { AdminClient } from '../api/admin-client';
import { addLeaveGuard } from './leave-guard';

const CHECK_DELAY_MS = 250;

/**
 * The Mappings view's draft. One rule for everything the view edits, the workspace's "returning
 * user" setting included: it is part of the draft and written by Save, never on change. Save,
 * Preview, Export and the "Unsaved changes" marker then all speak of the same set of values, and
 * leaving the view with edits asks once for all of them (a setting saved at once beside a form
 * that waits for Save reads as saved when it is not, or the other way round).
 */
export interface MappingsDraftState {
  workspace?: string;
  saved?: WorkspaceMappings;
  draft?: WorkspaceMappings;
  savedReprovision?: string;
  reprovision?: string;
  problems: MappingProblem[];
  preview?: MappingPreviewResponse;
  view?: AppViewResponse;
  message?: string;
  load(client: AdminClient, workspace: string): Promise<void>;
  edit(client: AdminClient, next: WorkspaceMappings): void;
  setReprovision(value: string): void;
  runPreview(client: AdminClient): Promise<void>;
  save(client: AdminClient): Promise<void>;
  say(message: string | undefined): void;
  discard(): void;
}

/** Each load and save takes a number; an answer for an older one (another workspace, a newer edit) is dropped. */
let generation = 0;
let checkTimer: ReturnType<typeof setTimeout> | undefined;

export const useMappingsDraft = create<MappingsDraftState>((set, get) => ({
  problems: [],
  load: async (client, workspace) => {
    const mine = ++generation;
    clearTimeout(checkTimer);
    set({
      workspace,
      saved: undefined,
      draft: undefined,
      savedReprovision: undefined,
      reprovision: undefined,
      problems: [],
      preview: undefined,
      view: undefined,
      message: undefined,
    });
    const [mappings, settings, view] = await Promise.allSettled([client.mappings(workspace), client.workspaceSettings(workspace), client.appView(workspace)]);
    if (mine !== generation) return;
    const reprovision = settings.status === 'fulfilled' ? settings.value.reprovision : undefined;
    set({
      saved: mappings.status === 'fulfilled' ? mappings.value : undefined,
      draft: mappings.status === 'fulfilled' ? mappings.value : undefined,
      savedReprovision: reprovision,
      reprovision,
      view: view.status === 'fulfilled' ? view.value : undefined,
      message: mappings.status === 'rejected' ? (mappings.reason as Error).message : undefined,
    });
  },
  edit: (client, next) => {
    const { workspace } = get();
    if (!workspace) return;
    set({ draft: next, preview: undefined, message: undefined });
    clearTimeout(checkTimer);
    const mine = generation;
    // Checked by the engine (the same rules as saving) once typing pauses.
    checkTimer = setTimeout(
      () =>
        void client.checkMappings(workspace, next).then(
          (result) => mine === generation && get().draft === next && set({ problems: result.problems }),
          (error: Error) => mine === generation && set({ message: error.message }),
        ),
      CHECK_DELAY_MS,
    );
  },
  setReprovision: (value) => set({ reprovision: value, message: undefined }),
  runPreview: async (client) => {
    const { workspace, draft } = get();
    if (!workspace || !draft) return;
    const mine = generation;
    try {
      const preview = await client.previewMappings(workspace, draft);
      if (mine === generation && get().draft === draft) set({ preview });
    } catch (error) {
      if (mine === generation) set({ message: (error as Error).message });
    }
  },
  save: async (client) => {
    const { workspace, draft, reprovision, savedReprovision } = get();
    if (!workspace || !draft) return;
    const mine = generation;
    try {
      // The mappings first: the engine checks them, and a refused draft leaves the setting unsaved too.
      const saved = await client.saveMappings(workspace, draft);
      if (mine !== generation) return;
      set({ saved, draft: get().draft === draft ? saved : get().draft, preview: undefined });
      if (reprovision !== undefined && reprovision !== savedReprovision) {
        const settings = await client.configureWorkspace(workspace, { reprovision });
        if (mine !== generation) return;
        set({ savedReprovision: settings.reprovision });
      }
      set({ message: 'Saved. The app view beside is recomputed with these mappings.' });
      const view = await client.appView(workspace);
      if (mine === generation) set({ view });
    } catch (error) {
      if (mine === generation) set({ message: (error as Error).message });
    }
  },
  say: (message) => set({ message }),
  discard: () => set((state) => ({ draft: state.saved, reprovision: state.savedReprovision, problems: [], preview: undefined, message: undefined })),
}));

/** Whether the draft differs from what is saved (by value: a rule edited and edited back is no change). */
export function hasUnsavedMappings(state: MappingsDraftState): boolean {
  if (!state.draft || !state.saved) return false;
  return canonical(state.draft) !== canonical(state.saved) || state.reprovision !== state.savedReprovision;
}

/** JSON with keys sorted and undefined left out, so equal values compare equal whatever order edits set keys in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

addLeaveGuard({
  unsaved: () => hasUnsavedMappings(useMappingsDraft.getState()),
  title: 'Discard unsaved mapping changes?',
  message: 'The mapping editor has changes that are not saved. Discard them, or cancel and save them first.',
  discard: () => useMappingsDraft.getState().discard(),
});

import { create } from 'zustand';
import type {
  FaultPreset,
  FaultProblem,
  FaultRule,
  FaultRuleInput,
  FaultRulesFile,
  FaultsSummary,
  HeldExchange,
  HeldFailure,
  HeldRelease,
} from '../../../shared/faults';
import type { AdminClient } from '../api/admin-client';
import { AdminApiError } from '../api/read-admin-answer';
import { saveFile } from '../api/download';
import type { FaultsFeedEvent } from '../faults/feed-events';

/** A save's outcome: stored, refused with the engine's problems (each beside its field), or failed. */
export type SaveOutcome = { saved: FaultRule } | { problems: FaultProblem[]; error: string } | { error: string };

/**
 * The chaos lab in the inspector: the picked workspace's fault rules (the Faults view), the
 * summary of which workspaces have rules on (the banner in every view), the presets, and the
 * exchanges held at breakpoints now. The engine announces changes on the live feed (`faults`,
 * `held`, `released`); each read and each answer is numbered, and an answer older than the
 * newest read of the same thing is dropped, so a slow answer never undoes a newer state.
 */
interface FaultsState {
  /** The workspace `rules` belong to. */
  workspace?: string;
  /** Whether the Faults view is open: only then are the rules read again as their counters move. */
  watching: boolean;
  watch(watching: boolean): void;
  rules: FaultRule[];
  loading: boolean;
  /** The last action's failure or outcome, said under the view's toolbar. */
  message?: { text: string; error: boolean };
  presets: FaultPreset[];
  summary?: FaultsSummary;
  /** Held exchanges of every workspace, oldest first. */
  held: HeldExchange[];
  /** A release or failure refused, by held exchange. */
  heldErrors: Record<number, string>;
  /** Reads the presets, the summary and the held list; returns nothing to stop (the feed brings the rest). */
  start(client: AdminClient): void;
  load(client: AdminClient, workspace: string): Promise<void>;
  receive(event: FaultsFeedEvent, client: AdminClient): void;
  save(client: AdminClient, id: number | undefined, rule: FaultRuleInput): Promise<SaveOutcome>;
  setEnabled(client: AdminClient, rule: FaultRule, enabled: boolean): Promise<void>;
  /** Every rule of the workspace off (the banner's "Turn all off"). */
  allOff(client: AdminClient, workspace: string): Promise<void>;
  remove(client: AdminClient, rule: FaultRule): Promise<void>;
  /** A picked file as a rules file, or undefined with the reason said. */
  readRulesFile(file: File): Promise<FaultRulesFile | undefined>;
  /** Replaces the workspace's rules with those of a rules file (the engine checks it; a refused file changes nothing). */
  importRules(client: AdminClient, name: string, file: FaultRulesFile): Promise<void>;
  exportFile(client: AdminClient): Promise<void>;
  release(client: AdminClient, held: HeldExchange, release: HeldRelease): Promise<void>;
  fail(client: AdminClient, held: HeldExchange, failure: HeldFailure): Promise<void>;
  say(text: string | undefined, error?: boolean): void;
}

let rulesRead = 0;
let summaryRead = 0;
let heldRead = 0;

const problemsOf = (error: unknown): FaultProblem[] => {
  const body = error instanceof AdminApiError ? (error.body as { problems?: FaultProblem[] } | undefined) : undefined;
  return Array.isArray(body?.problems) ? body.problems : [];
};

export const useFaults = create<FaultsState>((set, get) => {
  const readSummary = async (client: AdminClient) => {
    const mine = ++summaryRead;
    try {
      const summary = await client.faults.summary();
      if (mine === summaryRead) set({ summary });
    } catch {
      // The banner keeps what it had; the next feed event or reconnect reads it again.
    }
  };
  const readHeld = async (client: AdminClient) => {
    const mine = ++heldRead;
    try {
      const held = await client.faults.held();
      if (mine === heldRead) set({ held });
    } catch {
      // As above: the feed's next `ready` reads it again.
    }
  };
  /** Reads the shown workspace's rules again (after a change here or announced by the feed). */
  const refresh = (client: AdminClient) => {
    const { workspace } = get();
    if (workspace) void get().load(client, workspace);
  };
  /** Runs a change, then reads the rules and the summary again; a failure is said. */
  const change = async (client: AdminClient, work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      set({ message: done ? { text: done, error: false } : undefined });
    } catch (error) {
      set({ message: { text: (error as Error).message, error: true } });
    }
    refresh(client);
    void readSummary(client);
  };
  const dropHeld = (id: number) =>
    set((state) => {
      const { [id]: _dropped, ...heldErrors } = state.heldErrors;
      return { held: state.held.filter((held) => held.id !== id), heldErrors };
    });
  const decideHeld = async (held: HeldExchange, work: () => Promise<unknown>) => {
    try {
      await work();
      dropHeld(held.id);
    } catch (error) {
      // Released meanwhile (its timeout, its client gone): it is no longer held.
      if (error instanceof AdminApiError && (error.status === 409 || error.status === 404)) {
        dropHeld(held.id);
        set({ message: { text: `${held.request.method} ${held.request.url} was no longer held: ${error.message}`, error: true } });
      } else set((state) => ({ heldErrors: { ...state.heldErrors, [held.id]: (error as Error).message } }));
    }
  };

  return {
    rules: [],
    loading: false,
    watching: false,
    watch: (watching) => set({ watching }),
    presets: [],
    held: [],
    heldErrors: {},
    start: (client) => {
      void readSummary(client);
      void readHeld(client);
      client.faults.presets().then(
        (presets) => set({ presets }),
        () => undefined,
      );
    },
    load: async (client, workspace) => {
      const mine = ++rulesRead;
      // Another workspace: its rules, not the last one's, even for a moment.
      if (workspace !== get().workspace) set({ workspace, rules: [], message: undefined });
      set({ loading: true });
      try {
        const list = await client.faults.list(workspace);
        if (mine === rulesRead) set({ rules: list.rules, loading: false });
      } catch (error) {
        if (mine === rulesRead) set({ loading: false, message: { text: `The rules could not be read: ${(error as Error).message}`, error: true } });
      }
      if (get().presets.length === 0)
        client.faults.presets().then(
          (presets) => set({ presets }),
          () => undefined,
        );
    },
    receive: (event, client) => {
      if (event.kind === 'ready') {
        void readSummary(client);
        void readHeld(client);
      } else if (event.kind === 'faults') {
        // Newer than any summary read still on its way.
        summaryRead++;
        set({ summary: event.summary });
        refresh(client);
      } else if (event.kind === 'counted') {
        // The shown rules' counters moved: read while the Faults view is open (at most once a second, as the engine says so).
        const { workspace, watching } = get();
        if (watching && workspace && event.counted.workspaces.includes(workspace)) refresh(client);
      } else if (event.kind === 'held') {
        heldRead++;
        set((state) => ({ held: [...state.held.filter((held) => held.id !== event.held.id), event.held] }));
      } else {
        heldRead++;
        dropHeld(event.outcome.id);
      }
    },
    save: async (client, id, rule) => {
      const workspace = get().workspace;
      if (!workspace) return { error: 'No workspace is shown.' };
      try {
        const saved = id === undefined ? await client.faults.create(workspace, rule) : await client.faults.update(workspace, id, rule);
        set({ message: { text: `Rule “${saved.name}” saved.`, error: false } });
        refresh(client);
        void readSummary(client);
        return { saved };
      } catch (error) {
        const problems = problemsOf(error);
        return problems.length > 0 ? { problems, error: (error as Error).message } : { error: (error as Error).message };
      }
    },
    setEnabled: (client, rule, enabled) => {
      // Shown at once (a read still on its way is older than this); the list read after the change says what the engine stored.
      rulesRead++;
      set((state) => ({ rules: state.rules.map((each) => (each.id === rule.id ? { ...each, enabled } : each)) }));
      const { id: _id, workspace, createdAt: _created, updatedAt: _updated, stats: _stats, ...input } = rule;
      return change(client, () => client.faults.update(workspace, rule.id, { ...input, enabled }));
    },
    allOff: (client, workspace) => change(client, () => client.faults.setAllEnabled(workspace, false), 'Every rule of this workspace is off.'),
    remove: (client, rule) => change(client, () => client.faults.remove(rule.workspace, rule.id), `Rule “${rule.name}” deleted.`),
    readRulesFile: async (file) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch (error) {
        set({ message: { text: `${file.name} is not JSON: ${(error as Error).message}`, error: true } });
        return undefined;
      }
      if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as { rules?: unknown }).rules)) {
        set({ message: { text: `${file.name} is not a fault rules file: it needs a "rules" list.`, error: true } });
        return undefined;
      }
      return parsed as FaultRulesFile;
    },
    importRules: async (client, name, rulesFile) => {
      const workspace = get().workspace;
      if (!workspace) return;
      try {
        const list = await client.faults.replaceAll(workspace, rulesFile);
        set({ message: { text: `Imported ${list.rules.length} ${list.rules.length === 1 ? 'rule' : 'rules'} from ${name}.`, error: false } });
      } catch (error) {
        const problems = problemsOf(error);
        const detail = problems.length > 0 ? `: ${problems.map((problem) => `${problem.where}: ${problem.message}`).join('; ')}` : '';
        set({ message: { text: `${name} was not imported, nothing changed. ${(error as Error).message}${detail}`, error: true } });
      }
      refresh(client);
      void readSummary(client);
    },
    exportFile: async (client) => {
      const workspace = get().workspace;
      if (!workspace) return;
      try {
        const file = await client.faults.exportFile(workspace);
        saveFile(`faults-${workspace}.json`, new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }));
      } catch (error) {
        set({ message: { text: `The rules could not be exported: ${(error as Error).message}`, error: true } });
      }
    },
    release: (client, held, release) => decideHeld(held, () => client.faults.release(held.id, release)),
    fail: (client, held, failure) => decideHeld(held, () => client.faults.fail(held.id, failure)),
    say: (text, error = false) => set({ message: text === undefined ? undefined : { text, error } }),
  };
});

/** Enabled rules of a workspace, as the summary says (0 before it is read). */
export function enabledRulesOf(summary: FaultsSummary | undefined, workspace: string): number {
  return summary?.workspaces.find((entry) => entry.workspace === workspace)?.enabledRules ?? 0;
}

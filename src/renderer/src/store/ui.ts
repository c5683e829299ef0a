import { create } from 'zustand';
import { leaveThen } from './leave-guard';

export type DetailTab = 'summary' | 'request' | 'response' | 'headers' | 'changes' | 'verdicts' | 'app' | 'replay';
export type View = 'traffic' | 'resources' | 'mappings' | 'replay' | 'simulate' | 'faults' | 'connection';

/** What is on screen: the view and the detail tab. */
interface UiState {
  view: View;
  tab: DetailTab;
  setView(view: View): void;
  setTab(tab: DetailTab): void;
}

export const useUi = create<UiState>((set, get) => ({
  view: 'traffic',
  tab: 'summary',
  // Leaving a view with unsaved edits asks first; on cancel the view stays.
  setView: (view) => (view === get().view ? undefined : leaveThen(() => set({ view }))),
  setTab: (tab) => set({ tab }),
}));

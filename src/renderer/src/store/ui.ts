import { create } from 'zustand';

export type DetailTab = 'summary' | 'request' | 'response' | 'headers' | 'changes' | 'app' | 'replay';
export type View = 'traffic' | 'resources' | 'mappings' | 'replay' | 'simulate' | 'connection';

/** What is on screen: the view and the detail tab. */
interface UiState {
  view: View;
  tab: DetailTab;
  setView(view: View): void;
  setTab(tab: DetailTab): void;
}

export const useUi = create<UiState>((set) => ({
  view: 'traffic',
  tab: 'summary',
  setView: (view) => set({ view }),
  setTab: (tab) => set({ tab }),
}));

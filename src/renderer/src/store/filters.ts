import { create } from 'zustand';
import { parseSearch, type ParsedSearch } from '../../../shared/search/parse-search';
import { parseJsonOrUndefined } from '../../../shared/json-values';

const SAVED_KEY = 'scim-workbench.saved-filters';

/**
 * The filter bar: its text, parsed as the engine will (to show the terms it cannot use), saved
 * filters (kept in localStorage), and whether connection tests show.
 */
interface FiltersState {
  text: string;
  parsed: ParsedSearch;
  hideConnectionTests: boolean;
  saved: string[];
  setText(text: string): void;
  setHideConnectionTests(hide: boolean): void;
  save(): void;
  forget(text: string): void;
}

const loadSaved = (): string[] => {
  const value = parseJsonOrUndefined(localStorage.getItem(SAVED_KEY) ?? '[]');
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

export const useFilters = create<FiltersState>((set, get) => ({
  text: '',
  parsed: parseSearch(''),
  hideConnectionTests: false,
  saved: loadSaved(),
  setText: (text) => set({ text, parsed: parseSearch(text) }),
  setHideConnectionTests: (hideConnectionTests) => set({ hideConnectionTests }),
  save: () => {
    const text = get().text.trim();
    if (!text || get().saved.includes(text)) return;
    const saved = [...get().saved, text];
    localStorage.setItem(SAVED_KEY, JSON.stringify(saved));
    set({ saved });
  },
  forget: (text) => {
    const saved = get().saved.filter((item) => item !== text);
    localStorage.setItem(SAVED_KEY, JSON.stringify(saved));
    set({ saved });
  },
}));

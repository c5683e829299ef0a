import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: Theme[] = ['system', 'light', 'dark'];

/**
 * The inspector's theme, kept in localStorage. It is written to <html data-theme>, where
 * styles.css turns it into `color-scheme`, so native controls (inputs, selects, scrollbars) follow
 * it too. "system" follows prefers-color-scheme, which in the desktop app is View → Theme.
 */
interface ThemeState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

const applyTheme = (theme: Theme) => {
  document.documentElement.dataset.theme = theme;
};

export const useTheme = create<ThemeState>()(
  persist(
    (set) => ({
      theme: 'system',
      setTheme: (theme) => set({ theme: THEMES.includes(theme) ? theme : 'system' }),
    }),
    {
      name: 'scim-workbench.theme',
      storage: createJSONStorage(() => localStorage),
      // A value edited by hand or left by another version falls back to the system's theme.
      merge: (stored, current) => {
        const theme = (stored as Partial<ThemeState> | undefined)?.theme;
        return { ...current, theme: theme && THEMES.includes(theme) ? theme : 'system' };
      },
    },
  ),
);

// Set before the first render, so a reload in the dark theme does not flash light.
applyTheme(useTheme.getState().theme);
useTheme.subscribe((state) => applyTheme(state.theme));
// In the desktop app, View → Theme picks the theme here too (it is one setting, shown in two places).
window.workbench?.onThemeChosen?.((theme) => useTheme.getState().setTheme(theme));

import { THEMES, useTheme, type Theme } from '../store/theme';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light, dark or the system's theme (the desktop app's View → Theme), remembered across reloads. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  return (
    <select className="theme-toggle" aria-label="Theme" title="Theme" value={theme} onChange={(event) => setTheme(event.target.value as Theme)}>
      {THEMES.map((value) => (
        <option key={value} value={value}>
          {LABELS[value]}
        </option>
      ))}
    </select>
  );
}

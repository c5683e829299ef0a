/** The inspector's keyboard shortcuts, as the help overlay (components/KeyboardHelp.tsx) lists them; the hooks in hooks/ implement them. */
export interface Shortcut {
  keys: string[];
  does: string;
}

export const SHORTCUT_GROUPS: { title: string; shortcuts: Shortcut[] }[] = [
  {
    title: 'Anywhere',
    shortcuts: [
      { keys: ['/'], does: 'Go to the filter box (Traffic) or the search box (Resources)' },
      { keys: ['?'], does: 'Show these shortcuts' },
      { keys: ['Esc'], does: 'With nothing focused: back to the list' },
    ],
  },
  {
    title: 'Filter box',
    shortcuts: [
      { keys: ['Enter'], does: 'Apply the filter' },
      { keys: ['↓'], does: 'Apply it and go to the list' },
      { keys: ['Esc'], does: 'Clear the filter' },
    ],
  },
  {
    title: 'Lists (traffic, resources)',
    shortcuts: [
      { keys: ['↑', '↓'], does: 'Previous / next row; the detail follows' },
      { keys: ['PageUp', 'PageDown'], does: 'A screenful up / down' },
      { keys: ['Home', 'End'], does: 'First / last row' },
      { keys: ['Enter'], does: 'Open the row and go into its detail' },
      { keys: ['Space'], does: 'Open the row, staying in the list' },
      { keys: ['Esc'], does: 'Close the detail; with none open, clear the filter' },
    ],
  },
  {
    title: 'Detail',
    shortcuts: [
      { keys: ['←', '→'], does: 'Previous / next tab' },
      { keys: ['Home', 'End'], does: 'First / last tab' },
      { keys: ['Tab'], does: 'From the tabs into the tab’s content' },
      { keys: ['Esc'], does: 'Back to the list' },
    ],
  },
  {
    title: 'Faults view',
    shortcuts: [
      { keys: ['↑', '↓'], does: 'Previous / next rule (Home / End: first / last)' },
      { keys: ['Space'], does: 'Switch the rule on or off' },
      { keys: ['Enter'], does: 'Edit the rule' },
      { keys: ['Delete'], does: 'Delete the rule (after asking)' },
      { keys: ['Esc'], does: 'In the rule form: close it without saving' },
      { keys: ['Ctrl', 'Enter'], does: 'In a held exchange: release it with your edits' },
    ],
  },
];

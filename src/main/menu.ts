import type { MenuItemConstructorOptions } from 'electron';

/** What the menu can ask of the app; index.ts supplies them, tests pass fakes. */
export interface MenuActions {
  newSession(): void;
  openSessionFile(): void;
  exportSession(format: 'json' | 'har'): void;
  setTheme(theme: 'system' | 'light' | 'dark'): void;
  openDocs(): void;
  showAbout(): void;
}

/**
 * The application menu as a template (Menu.buildFromTemplate builds it). Pure, so the tests can
 * check every item: File (sessions), Edit, View (reload, zoom, theme; devtools only in
 * development), Help. macOS gets its app menu first, as its users expect.
 */
export function menuTemplate(options: {
  platform: NodeJS.Platform;
  development: boolean;
  appName: string;
  actions: MenuActions;
}): MenuItemConstructorOptions[] {
  const { platform, development, appName, actions } = options;
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: actions.showAbout },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        { label: 'New Session', accelerator: 'CmdOrCtrl+N', click: actions.newSession },
        { label: 'Open Session or HAR…', accelerator: 'CmdOrCtrl+O', click: actions.openSessionFile },
        { type: 'separator' },
        { label: 'Export Session…', accelerator: 'CmdOrCtrl+S', click: () => actions.exportSession('json') },
        { label: 'Export Session as HAR…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.exportSession('har') },
        ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(development ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        {
          label: 'Theme',
          submenu: (['system', 'light', 'dark'] as const).map((theme) => ({
            label: theme[0]!.toUpperCase() + theme.slice(1),
            type: 'radio' as const,
            checked: theme === 'system',
            click: () => actions.setTheme(theme),
          })),
        },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [{ label: 'Documentation', click: actions.openDocs }, ...(mac ? [] : [{ label: `About ${appName}`, click: actions.showAbout }])],
    },
  );
  return template;
}

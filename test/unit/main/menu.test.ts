import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from '../../../src/main/menu';

const actions = (): MenuActions => ({
  newSession: vi.fn(),
  openSessionFile: vi.fn(),
  exportSession: vi.fn(),
  setTheme: vi.fn(),
  openDocs: vi.fn(),
  showAbout: vi.fn(),
});
const find = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined => {
  for (const item of items) {
    if (item.label === label || item.role === label) return item;
    const inner = Array.isArray(item.submenu) ? find(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
};
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('menuTemplate', () => {
  it('has File, Edit, View and Help, with the app menu first on macOS only', () => {
    const linux = menuTemplate({ platform: 'linux', development: false, appName: 'SCIM Workbench', actions: actions() });
    expect(linux.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'help']);
    const mac = menuTemplate({ platform: 'darwin', development: false, appName: 'SCIM Workbench', actions: actions() });
    expect(mac.map((item) => item.label ?? item.role)).toEqual(['SCIM Workbench', 'File', 'Edit', 'View', 'help']);
    expect(find(linux, 'quit')).toBeDefined();
  });

  it('wires the session items and the theme choices to their actions', () => {
    const wired = actions();
    const template = menuTemplate({ platform: 'linux', development: false, appName: 'SCIM Workbench', actions: wired });
    click(find(template, 'New Session'));
    click(find(template, 'Open Session or HAR…'));
    click(find(template, 'Export Session…'));
    click(find(template, 'Export Session as HAR…'));
    click(find(template, 'Dark'));
    click(find(template, 'Documentation'));
    click(find(template, 'About SCIM Workbench'));
    expect(wired.newSession).toHaveBeenCalledOnce();
    expect(wired.openSessionFile).toHaveBeenCalledOnce();
    expect(wired.exportSession).toHaveBeenNthCalledWith(1, 'json');
    expect(wired.exportSession).toHaveBeenNthCalledWith(2, 'har');
    expect(wired.setTheme).toHaveBeenCalledWith('dark');
    expect(wired.openDocs).toHaveBeenCalledOnce();
    expect(wired.showAbout).toHaveBeenCalledOnce();
  });

  it('offers developer tools only in development', () => {
    expect(find(menuTemplate({ platform: 'linux', development: true, appName: 'A', actions: actions() }), 'toggleDevTools')).toBeDefined();
    expect(find(menuTemplate({ platform: 'linux', development: false, appName: 'A', actions: actions() }), 'toggleDevTools')).toBeUndefined();
  });
});

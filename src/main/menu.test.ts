import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, installMenu, menuLocale } from './menu';

vi.mock('electron', () => ({}));

const topLabels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label);
const allItems = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? allItems(i.submenu) : [])]);
const roleLabel = (items: MenuItemConstructorOptions[], role: string) =>
  allItems(items).find((i) => i.role === role)?.label;

describe('buildMenuTemplate', () => {
  it('speaks Portuguese', () => {
    const menu = buildMenuTemplate('pt-BR', false);
    expect(topLabels(menu)).toEqual(['Arquivo', 'Editar', 'Exibir', 'Janela', 'Ajuda']);
    expect(roleLabel(menu, 'quit')).toBe('Sair');
    expect(roleLabel(menu, 'copy')).toBe('Copiar');
    expect(roleLabel(menu, 'paste')).toBe('Colar');
    expect(roleLabel(menu, 'undo')).toBe('Desfazer');
  });

  it('speaks English', () => {
    const menu = buildMenuTemplate('en', false);
    expect(topLabels(menu)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roleLabel(menu, 'quit')).toBe('Quit');
    expect(roleLabel(menu, 'copy')).toBe('Copy');
  });

  it('puts the app menu first on macOS, with quit there', () => {
    const menu = buildMenuTemplate('pt-BR', true);
    expect(topLabels(menu)).toEqual(['Quita', 'Arquivo', 'Editar', 'Exibir', 'Janela', 'Ajuda']);
    const appMenu = menu[0]!.submenu as MenuItemConstructorOptions[];
    expect(appMenu.find((i) => i.role === 'quit')?.label).toBe('Sair');
  });

  it('uses roles for every actionable item (no custom click handlers)', () => {
    for (const locale of ['pt-BR', 'en'] as const) {
      for (const isMac of [true, false]) {
        const leaves = allItems(buildMenuTemplate(locale, isMac, { dev: true })).filter(
          (i) => i.type !== 'separator' && !Array.isArray(i.submenu),
        );
        expect(leaves.every((i) => i.role && !i.click)).toBe(true);
        expect(leaves.every((i) => typeof i.label === 'string' && i.label.length > 0)).toBe(true);
      }
    }
  });

  it('has no reload or developer tools in production builds', () => {
    for (const isMac of [true, false]) {
      const roles = allItems(buildMenuTemplate('en', isMac)).map((i) => i.role);
      expect(roles).not.toContain('reload');
      expect(roles).not.toContain('forceReload');
      expect(roles).not.toContain('toggleDevTools');
    }
    const dev = buildMenuTemplate('pt-BR', false, { dev: true });
    expect(roleLabel(dev, 'reload')).toBe('Recarregar');
    expect(roleLabel(dev, 'toggleDevTools')).toBe('Ferramentas do desenvolvedor');
  });
});

describe('menuLocale', () => {
  it.each([
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['en-US', 'en'],
    ['es-ES', 'en'],
    ['', 'en'],
  ])('%s → %s', (system, expected) => {
    expect(menuLocale(system)).toBe(expected);
  });
});

describe('installMenu', () => {
  it('builds the template and sets it as the application menu', () => {
    const built = { id: 'menu' };
    const Menu = { buildFromTemplate: vi.fn(() => built), setApplicationMenu: vi.fn() };
    installMenu(Menu as never, 'en', { isMac: false });
    expect(Menu.buildFromTemplate).toHaveBeenCalledWith(buildMenuTemplate('en', false));
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith(built);
  });
});

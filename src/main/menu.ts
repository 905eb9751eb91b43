// The application menu in the agent's language. Built from roles so the OS does the work; reload and
// developer tools exist only in development builds (an agent must not open a console over customer data).
import type { Menu as MenuClass, MenuItemConstructorOptions } from 'electron';

export type MenuLocale = 'pt-BR' | 'en';

const labels = {
  'pt-BR': {
    about: 'Sobre o Quita',
    file: 'Arquivo',
    closeWindow: 'Fechar janela',
    quit: 'Sair',
    hide: 'Ocultar o Quita',
    hideOthers: 'Ocultar outros',
    showAll: 'Mostrar todos',
    edit: 'Editar',
    undo: 'Desfazer',
    redo: 'Refazer',
    cut: 'Recortar',
    copy: 'Copiar',
    paste: 'Colar',
    selectAll: 'Selecionar tudo',
    view: 'Exibir',
    reload: 'Recarregar',
    devTools: 'Ferramentas do desenvolvedor',
    actualSize: 'Tamanho original',
    zoomIn: 'Aumentar',
    zoomOut: 'Diminuir',
    fullScreen: 'Tela cheia',
    window: 'Janela',
    minimize: 'Minimizar',
    zoom: 'Zoom',
    front: 'Trazer tudo para a frente',
    help: 'Ajuda',
  },
  en: {
    about: 'About Quita',
    file: 'File',
    closeWindow: 'Close Window',
    quit: 'Quit',
    hide: 'Hide Quita',
    hideOthers: 'Hide Others',
    showAll: 'Show All',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    devTools: 'Developer Tools',
    actualSize: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    help: 'Help',
  },
} as const;

/** 'pt-BR' for any Portuguese system locale (pt, pt-BR, pt-PT), otherwise English. */
export function menuLocale(systemLocale: string): MenuLocale {
  return systemLocale.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

export interface MenuOptions {
  /** Development build: adds reload and developer tools. */
  dev?: boolean;
}

export function buildMenuTemplate(
  locale: MenuLocale,
  isMac: boolean,
  options: MenuOptions = {},
): MenuItemConstructorOptions[] {
  const t = labels[locale];
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const template: MenuItemConstructorOptions[] = [];

  if (isMac) {
    template.push({
      label: 'Quita',
      submenu: [
        { role: 'about', label: t.about },
        separator,
        { role: 'hide', label: t.hide },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.showAll },
        separator,
        { role: 'quit', label: t.quit },
      ],
    });
  }

  template.push({
    label: t.file,
    submenu: isMac ? [{ role: 'close', label: t.closeWindow }] : [{ role: 'quit', label: t.quit }],
  });

  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      separator,
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  });

  template.push({
    label: t.view,
    submenu: [
      ...(options.dev
        ? ([
            { role: 'reload', label: t.reload },
            { role: 'toggleDevTools', label: t.devTools },
            separator,
          ] satisfies MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom', label: t.actualSize },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      separator,
      { role: 'togglefullscreen', label: t.fullScreen },
    ],
  });

  template.push({
    label: t.window,
    role: 'windowMenu',
    submenu: isMac
      ? [
          { role: 'minimize', label: t.minimize },
          { role: 'zoom', label: t.zoom },
          separator,
          { role: 'front', label: t.front },
        ]
      : [
          { role: 'minimize', label: t.minimize },
          { role: 'close', label: t.closeWindow },
        ],
  });

  template.push({
    label: t.help,
    role: 'help',
    submenu: isMac ? [] : [{ role: 'about', label: t.about }],
  });

  return template;
}

export function installMenu(
  Menu: Pick<typeof MenuClass, 'buildFromTemplate' | 'setApplicationMenu'>,
  locale: MenuLocale,
  options: MenuOptions & { isMac?: boolean } = {},
): void {
  const isMac = options.isMac ?? process.platform === 'darwin';
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(locale, isMac, options)));
}

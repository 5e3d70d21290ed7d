import type { ContextMenuParams, MenuItemConstructorOptions } from 'electron';

// The Chinese application menu (文件/编辑/视图/帮助) and the right-click menu. DevTools only when
// the app is not packaged.

export type MenuActions = {
  openData(): void;
  openLogs(): void;
  about(): void;
  quit(): void;
};

export function applicationMenu(actions: MenuActions, packaged: boolean): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { label: '重新加载', role: 'reload' },
    { type: 'separator' },
    { label: '实际大小', role: 'resetZoom' },
    { label: '放大', role: 'zoomIn' },
    { label: '缩小', role: 'zoomOut' },
    { type: 'separator' },
    { label: '全屏', role: 'togglefullscreen' },
  ];
  if (!packaged) view.push({ type: 'separator' }, { label: '开发者工具', role: 'toggleDevTools' });
  return [
    {
      label: '文件',
      submenu: [
        { label: '打开数据文件夹', click: () => actions.openData() },
        { label: '打开日志文件夹', click: () => actions.openLogs() },
        { type: 'separator' },
        { label: '退出', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    { label: '视图', submenu: view },
    {
      label: '帮助',
      submenu: [
        { label: '关于县域电商台账', click: () => actions.about() },
      ],
    },
  ];
}

/** 剪切/复制/粘贴, each enabled only where it makes sense at the click. */
export function contextMenu(params: Pick<ContextMenuParams, 'editFlags' | 'isEditable' | 'selectionText'>): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [
    { label: '剪切', role: 'cut', enabled: params.isEditable && params.editFlags.canCut },
    { label: '复制', role: 'copy', enabled: params.editFlags.canCopy || params.selectionText.length > 0 },
    { label: '粘贴', role: 'paste', enabled: params.isEditable && params.editFlags.canPaste },
  ];
  return items;
}

import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../electron/paths';
import { checkLayering, importsOf, readSources } from './layering';

describe('layer boundaries', () => {
  it('hold across the whole source tree', () => {
    const files = readSources(PROJECT_ROOT);
    expect(files.length).toBeGreaterThan(30);
    expect(checkLayering(files)).toEqual([]);
  });

  it('finds every form of import', () => {
    const text = `
      import a from 'a';
      import { b } from "b";
      import type { C } from './c';
      export { d } from '../d';
      import 'side-effect';
      const e = await import('e');
      const f = require('f');
      // import g from 'commented-out';
    `;
    expect(importsOf(text)).toEqual(['a', 'b', './c', '../d', 'side-effect', 'e', 'f']);
  });

  it('catches each kind of violation (the check can fail)', () => {
    const violations = checkLayering([
      { path: 'shared/money.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'shared/contract.ts', text: "import { x } from '../electron/core';" },
      { path: 'shared/dom.ts', text: "import React from 'react';" },
      { path: 'renderer/src/App.tsx', text: "import { ipcRenderer } from 'electron';" },
      { path: 'renderer/src/db.ts', text: "import { openCore } from '../../electron/core';" },
      { path: 'renderer/src/fs.ts', text: "import fs from 'fs';" },
      { path: 'electron/ledger/ledger.ts', text: "import { app } from 'electron';" },
      { path: 'electron/tasks/ui.ts', text: "import { TasksPage } from '../../renderer/src/pages/TasksPage';" },
      { path: 'electron/main.ts', text: "import { app } from 'electron';" },
      { path: 'electron/shell/ipc.ts', text: "import type { IpcMain } from 'electron';" },
    ]);
    expect(violations.map((v) => v.file)).toEqual([
      'shared/money.ts',
      'shared/contract.ts',
      'shared/dom.ts',
      'renderer/src/App.tsx',
      'renderer/src/db.ts',
      'renderer/src/fs.ts',
      'electron/ledger/ledger.ts',
      'electron/tasks/ui.ts',
    ]);
  });
});

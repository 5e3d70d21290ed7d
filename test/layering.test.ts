import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../electron/core/paths';
import { checkLayering, importEntries, importsOf, MAX_LINES, readSources } from './layering';

describe('layer boundaries', () => {
  it('hold across the whole source tree', () => {
    const files = readSources(PROJECT_ROOT);
    expect(files.length).toBeGreaterThan(30);
    expect(checkLayering(files)).toEqual([]);
  });

  it('finds every form of import, and which vanish at run time', () => {
    const text = `
      import a from 'a';
      import { b } from "b";
      import type { C } from './c';
      export { d } from '../d';
      import 'side-effect';
      const e = await import('e');
      const f = require('f');
      // import g from 'commented-out';
      export type { H } from './h';
    `;
    expect(importsOf(text)).toEqual(['a', 'b', './c', '../d', 'side-effect', 'e', 'f', './h']);
    expect(importEntries(text).filter((i) => i.typeOnly).map((i) => i.specifier)).toEqual(['./c', './h']);
  });

  it('catches each kind of violation between layers (the check can fail)', () => {
    const violations = checkLayering([
      { path: 'shared/money.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'shared/contract.ts', text: "import { x } from '../electron/core';" },
      { path: 'shared/dom.ts', text: "import React from 'react';" },
      { path: 'renderer/src/App.tsx', text: "import { ipcRenderer } from 'electron';" },
      { path: 'renderer/src/db.ts', text: "import { openCore } from '../../electron/core/core';" },
      { path: 'renderer/src/fs.ts', text: "import fs from 'fs';" },
      { path: 'electron/core/ledger/ledger.ts', text: "import { app } from 'electron';" },
      { path: 'electron/core/tasks/ui.ts', text: "import { TasksPage } from '../../../renderer/src/pages/TasksPage';" },
      { path: 'electron/core/tasks/menu.ts', text: "import { menu } from '../../shell/menu';" },
      { path: 'electron/host/server.ts', text: "import { main } from '../cli/main';" },
      { path: 'electron/shell/main.ts', text: "import { app } from 'electron';" },
      { path: 'electron/shell/ipc.ts', text: "import type { IpcMain } from 'electron';" },
      { path: 'electron/cli/main.ts', text: "import { openCore } from '../core/core';" },
    ]);
    expect(violations.map((v) => v.file)).toEqual([
      'shared/money.ts',
      'shared/contract.ts',
      'shared/dom.ts',
      'renderer/src/App.tsx',
      'renderer/src/db.ts',
      'renderer/src/fs.ts',
      'electron/core/ledger/ledger.ts',
      'electron/core/tasks/ui.ts',
      'electron/core/tasks/menu.ts',
      'electron/host/server.ts',
    ]);
  });

  it('catches import cycles at run time, not through type-only imports', () => {
    const cycle = checkLayering([
      { path: 'electron/core/a.ts', text: "import { b } from './b';" },
      { path: 'electron/core/b.ts', text: "import { c } from './c';" },
      { path: 'electron/core/c.ts', text: "import { a } from './a';" },
      { path: 'renderer/src/Page.tsx', text: "import { Drawer } from './Drawer';" },
      { path: 'renderer/src/Drawer.tsx', text: "import type { Row } from './Page';" },
    ]);
    expect(cycle).toEqual([{ file: 'electron/core/a.ts → electron/core/b.ts → electron/core/c.ts', specifier: '3 files', rule: 'runtime import cycle' }]);
  });

  it('catches events outside events.ts, SQL outside repositories, a table written twice, handlers importing handlers, long files', () => {
    const violations = checkLayering([
      { path: 'electron/core/claims/service.ts', text: "const e = defineEvent({ kind: 'x' });\nstatement(db, 'SELECT 1').get();" },
      { path: 'electron/core/claims/repository.ts', text: "statement(db, 'UPDATE claim SET state = ?').run(s);" },
      { path: 'electron/core/progress/repository.ts', text: "statement(db, 'UPDATE claim SET state = ?').run(s);" },
      { path: 'electron/core/progress/handlers.ts', text: "import { claimHandlers } from '../claims/handlers';" },
      { path: 'electron/core/handlers.ts', text: "import { claimHandlers } from './claims/handlers';" },
      { path: 'electron/core/db/open.ts', text: "db.pragma('journal_mode = WAL');" },
      { path: 'electron/core/rules/engine.ts', text: 'x\n'.repeat(MAX_LINES + 1) },
    ]);
    expect(violations.map((v) => [v.file, v.rule])).toEqual([
      ['electron/core/progress/handlers.ts', "a domain's handlers may not import another domain's handlers"],
      ['electron/core/claims/service.ts', "journal events are defined only in a domain's events.ts"],
      ['electron/core/claims/service.ts', 'SQL runs only in repositories'],
      ['electron/core/rules/engine.ts', `a source file stays under ${MAX_LINES} lines`],
      ['electron/core/claims/repository.ts, electron/core/progress/repository.ts', 'table claim is written by more than one repository'],
    ]);
  });
});

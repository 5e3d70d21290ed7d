import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

// The arrows between layers (../shared/CONVENTIONS.md), checked by reading every import.
//   shared/          imports only shared/ and zod; never electron, node:* or the DOM
//   renderer/        imports only renderer/, shared/ and browser libraries; never electron or node
//   electron/core/   never imports 'electron', the shell, the host or the CLI
//   electron/shell/  the only place that imports 'electron'; with host/ and cli/, a user of the core
//   nothing imports renderer/ from electron/
// and inside the core:
//   no runtime import cycle (in electron/ and renderer/; `import type` does not count)
//   journal events are defined only in a domain's events.ts
//   SQL runs only in repositories (files named *repository.ts) and in db/
//   each table is written by one repository only
//   a domain's handlers.ts never imports another domain's handlers: core/handlers.ts combines them
//   no source file (tests aside) over MAX_LINES lines

export type SourceFile = { path: string; text: string };
export type Violation = { file: string; specifier: string; rule: string };

export const MAX_LINES = 400;
const SHARED_PACKAGES = new Set(['zod']);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const IMPORT_PATTERN =
  /(?:^|[\s;])(import|export)\s(type\s)?[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

export type Import = { specifier: string; typeOnly: boolean };

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

export function importsOf(text: string): string[] {
  return importEntries(text).map((i) => i.specifier);
}

/** Every import and re-export; `import type` / `export type` ones are marked: they vanish at run time. */
export function importEntries(text: string): Import[] {
  const found: Import[] = [];
  for (const match of withoutComments(text).matchAll(IMPORT_PATTERN)) {
    const specifier = match[3] ?? match[4] ?? match[5] ?? match[6];
    if (specifier) found.push({ specifier, typeOnly: match[2] !== undefined });
  }
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const isTest = (path: string) => /\.test\.tsx?$/.test(path);
const inCore = (path: string) => path.startsWith('electron/core/');
/** The part of electron/ a file belongs to: core, shell, host or cli. */
const electronPart = (path: string) => path.split('/')[1] ?? '';
const targetOf = (from: string, specifier: string) => (specifier.startsWith('.') ? join(dirname(from), specifier).split(sep).join('/') : null);

/** Paths are repo-relative with forward slashes. */
export function checkLayering(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const layer = file.path.split('/')[0];
    const test = isTest(file.path);
    for (const { specifier } of importEntries(file.text)) {
      const add = (rule: string) => violations.push({ file: file.path, specifier, rule });
      const target = targetOf(file.path, specifier);
      if (target?.startsWith('..')) add('imports from outside the repository');
      if (layer === 'shared' && !test) {
        if (target && !target.startsWith('shared/')) add('shared/ may import only shared/');
        if (!target && !SHARED_PACKAGES.has(packageName(specifier))) add(`shared/ may not import the package ${specifier}`);
      }
      if (layer === 'renderer') {
        if (target && !target.startsWith('renderer/') && !target.startsWith('shared/')) add('renderer/ may import only renderer/ and shared/');
        if (!target && (NODE_BUILTINS.has(specifier) || packageName(specifier) === 'electron')) {
          if (!file.path.endsWith('vite.config.ts')) add('renderer/ may not import node or electron');
        }
      }
      if (layer === 'electron') {
        const part = electronPart(file.path);
        if (target?.startsWith('renderer/')) add('electron/ may not import renderer/');
        if (packageName(specifier) === 'electron' && part !== 'shell' && !test) add("only electron/shell/ may import 'electron'");
        if (target?.startsWith('electron/') && !test) {
          const to = electronPart(target);
          if (part === 'core' && to !== 'core') add(`electron/core/ may not import electron/${to}/`);
          if (part !== 'core' && to !== 'core' && to !== part) add(`electron/${part}/ may not import electron/${to}/: each uses the core alone`);
        }
        if (inCore(file.path) && !test && target && /\/handlers$/.test(target) && file.path !== 'electron/core/handlers.ts') {
          if (dirname(target) !== dirname(file.path)) add("a domain's handlers may not import another domain's handlers");
        }
      }
    }
  }
  return [...violations, ...checkCore(files), ...checkCycles(files)];
}

const SQL_CALL = /\bstatement\s*(?:<[^>]*>)?\s*\(|\.prepare\s*(?:<[^>]*>)?\s*\(|\.pragma\s*\(|\bdb\.exec\s*\(/;
const TABLE_WRITE = /\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)\b/g;

const isRepository = (path: string) => /(^|\/|-)repository\.ts$/.test(path);
const isDbLayer = (path: string) => path.startsWith('electron/core/db/');

/** The core's own rules: events, SQL and table ownership, file size. */
function checkCore(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  const writers = new Map<string, Set<string>>();
  for (const file of files) {
    if (!inCore(file.path) || isTest(file.path)) continue;
    const code = withoutComments(file.text);
    const add = (specifier: string, rule: string) => violations.push({ file: file.path, specifier, rule });
    if (/\bdefineEvent\s*\(/.test(code) && !file.path.endsWith('/events.ts')) add('defineEvent', "journal events are defined only in a domain's events.ts");
    if (SQL_CALL.test(code) && !isRepository(file.path) && !isDbLayer(file.path)) add(SQL_CALL.exec(code)?.[0] ?? 'SQL', 'SQL runs only in repositories');
    if (!isDbLayer(file.path)) {
      for (const match of code.matchAll(TABLE_WRITE)) {
        const table = match[1]!;
        writers.set(table, (writers.get(table) ?? new Set()).add(file.path));
      }
    }
    const lines = file.text.split('\n').length;
    if (lines > MAX_LINES) add(`${lines} lines`, `a source file stays under ${MAX_LINES} lines`);
  }
  for (const [table, byFiles] of writers) {
    if (byFiles.size > 1) violations.push({ file: [...byFiles].sort().join(', '), specifier: table, rule: `table ${table} is written by more than one repository` });
  }
  for (const file of files) {
    if (file.path.startsWith('electron/') && !inCore(file.path) && !isTest(file.path) && file.text.split('\n').length > MAX_LINES) {
      violations.push({ file: file.path, specifier: `${file.text.split('\n').length} lines`, rule: `a source file stays under ${MAX_LINES} lines` });
    }
  }
  return violations;
}

/** The file a relative import names, among the files given. */
function resolveImport(from: string, specifier: string, paths: ReadonlySet<string>): string | null {
  const target = targetOf(from, specifier);
  if (!target) return null;
  for (const candidate of [target, `${target}.ts`, `${target}.tsx`, `${target}/index.ts`, `${target}/index.tsx`]) if (paths.has(candidate)) return candidate;
  return null;
}

/** Runtime import cycles among electron/ and renderer/ sources (Tarjan's strongly connected components). */
function checkCycles(files: SourceFile[]): Violation[] {
  const scope = files.filter((f) => (f.path.startsWith('electron/') || f.path.startsWith('renderer/')) && !isTest(f.path));
  const paths = new Set(scope.map((f) => f.path));
  const edges = new Map<string, string[]>();
  for (const file of scope) {
    edges.set(
      file.path,
      importEntries(file.text)
        .filter((i) => !i.typeOnly)
        .map((i) => resolveImport(file.path, i.specifier, paths))
        .filter((t): t is string => t !== null),
    );
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const path of [...paths].sort()) if (!index.has(path)) visit(path);
  return cycles.map((c) => ({ file: c.join(' → '), specifier: `${c.length} files`, rule: 'runtime import cycle' }));
}

export function readSources(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|cts)$/.test(name)) {
        out.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
      }
    }
  };
  for (const layer of ['shared', 'renderer', 'electron', 'test', 'seeds', 'build']) {
    const dir = resolve(root, layer);
    if (statSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  }
  return out;
}

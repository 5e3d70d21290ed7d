import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

// The arrows between layers (../shared/CONVENTIONS.md), checked by reading every import.
//   shared/   imports only shared/ and zod; never electron, node:* or the DOM
//   renderer/ imports only renderer/, shared/ and browser libraries; never electron or node
//   electron/ core never imports 'electron'; only the shell files may; nothing imports renderer/

export type SourceFile = { path: string; text: string };
export type Violation = { file: string; specifier: string; rule: string };

export const SHELL_FILES = ['electron/main.ts', 'electron/preload.ts'];
export const SHELL_DIRS = ['electron/shell/'];
const SHARED_PACKAGES = new Set(['zod']);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const IMPORT_PATTERN =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importsOf(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of withoutComments.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (specifier) found.push(specifier);
  }
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isShell(path: string): boolean {
  return SHELL_FILES.includes(path) || SHELL_DIRS.some((d) => path.startsWith(d));
}

/** Paths are repo-relative with forward slashes. */
export function checkLayering(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const layer = file.path.split('/')[0];
    const isTest = /\.test\.tsx?$/.test(file.path);
    for (const specifier of importsOf(file.text)) {
      const add = (rule: string) => violations.push({ file: file.path, specifier, rule });
      const relativeImport = specifier.startsWith('.');
      const target = relativeImport ? join(dirname(file.path), specifier).split(sep).join('/') : null;
      if (target?.startsWith('..')) add('imports from outside the repository');
      if (layer === 'shared' && !isTest) {
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
        if (target?.startsWith('renderer/')) add('electron/ may not import renderer/');
        if (packageName(specifier) === 'electron' && !isShell(file.path) && !isTest) add("core modules may not import 'electron'");
      }
    }
  }
  return violations;
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

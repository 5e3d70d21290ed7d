import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNALS, RUNTIME_PACKAGES } from '../build/externals';
import { PROJECT_ROOT } from '../electron/core/paths';

// The packaged build cannot be made here (no Electron download), so its invariants are checked
// where they are written: electron-builder's configuration, package.json, the bundles the
// desktop app ships, and the release workflow that builds it elsewhere.

type Target = { target: string; arch: string[] };
type BuilderConfig = {
  artifactName: string;
  files: string[];
  extraResources: { from: string; to: string }[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  win: { icon: string; target: Target[] };
  nsis: { artifactName: string };
  linux: { icon: string; target: Target[] };
};

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const config = yaml.load(read('build/electron-builder.yml')) as BuilderConfig;
const pkg = JSON.parse(read('package.json')) as { main: string; engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };

let bundles: string;
beforeAll(() => {
  bundles = mkdtempSync(join(tmpdir(), 'county-ledger-bundles-'));
  execFileSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'build', 'build-electron.ts'), bundles]);
}, 120_000);
afterAll(() => rmSync(bundles, { recursive: true, force: true }));

describe('packaging', () => {
  it('targets NSIS for Windows x64, deb and AppImage for Linux x64 and arm64, with an icon and ASCII file names', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual([
      { target: 'deb', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ]);
    for (const icon of [config.win.icon, config.linux.icon]) expect(existsSync(join(PROJECT_ROOT, icon))).toBe(true);
    for (const name of [config.artifactName, config.nsis.artifactName]) expect(name).toMatch(/^[\x20-\x7e]+$/);
  });

  it('locks the Electron fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the bundles, the seeds, the CJK font with its licence and the Electron build of better-sqlite3, never rebuilding node_modules', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', '!**/*.map', '!node_modules/better-sqlite3/build/**']));
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: 'seeds', to: 'seeds' },
        { from: 'build/fonts', to: 'build/fonts' },
        { from: 'native/electron-${os}-${arch}/better_sqlite3.node', to: 'native/better_sqlite3.node' },
      ]),
    );
    for (const file of ['build/fonts/wqy-microhei.ttc', 'build/fonts/LICENSE-wqy-microhei.txt']) expect(existsSync(join(PROJECT_ROOT, file))).toBe(true);
    expect(config.npmRebuild).toBe(false);
    // the main process looks for the binding exactly where extraResources puts it
    expect(read('electron/shell/main.ts')).toContain("resourcePath('native', 'better_sqlite3.node')");
    // and the script that builds it names its output the way extraResources expects
    expect(read('build/native-electron.mjs')).toContain("join(root, 'native', `electron-${os}-${arch}`)");
    expect(pkg.main).toBe('dist/electron/main.mjs');
  });

  it('holds in dependencies only what the packaged app loads at run time, and every bundle needs nothing more', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...RUNTIME_PACKAGES].sort());
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    for (const bundle of ['main.mjs', 'core-process.mjs', 'preload.cjs']) {
      const text = readFileSync(join(bundles, bundle), 'utf8');
      const loaded = new Set(
        [...text.matchAll(/^import\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)|\brequire\(\s*["']([^"']+)["']\s*\)/gm)]
          .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
          .filter((s) => s && !s.startsWith('.') && !s.startsWith('/')),
      );
      const packages = [...loaded].filter((s) => !builtins.has(s) && !builtins.has(s.split('/')[0]!)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
      for (const name of packages) expect({ bundle, name, external: BUNDLE_EXTERNALS.includes(name) }).toEqual({ bundle, name, external: true });
    }
    // what the bundles leave outside is installed by npm ci, as a dependency (or Electron, which the app is)
    for (const name of RUNTIME_PACKAGES) expect(pkg.dependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('declares the Node.js version the tools need', () => {
    expect(pkg.engines.node).toBe('>=20.19.0');
  });

  it('has a release workflow that tests, then builds each target on a machine with network', () => {
    const workflow = yaml.load(read('.github/workflows/release.yml')) as { jobs: Record<string, { needs?: string; 'runs-on': string; strategy?: { matrix: { include: { os: string; platform: string; arch: string }[] } }; steps: { run?: string }[] }> };
    expect(workflow.jobs.test!.steps.some((s) => s.run === 'npm test')).toBe(true);
    const pack = workflow.jobs.package!;
    expect(pack.needs).toBe('test');
    expect(pack.strategy!.matrix.include.map((m) => `${m.platform}-${m.arch}`)).toEqual(['win32-x64', 'linux-x64', 'linux-arm64']);
    const runs = pack.steps.map((s) => s.run ?? '');
    expect(runs.some((r) => r.startsWith('node build/native-electron.mjs'))).toBe(true);
    expect(runs.some((r) => r.startsWith('npx electron-builder -c build/electron-builder.yml'))).toBe(true);
  });
});

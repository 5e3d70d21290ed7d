// Builds better-sqlite3 for Electron's ABI, one copy per target, without touching
// node_modules/better-sqlite3/build (the Node build that `npm test` and `npm run web` load).
//
//   node build/native-electron.mjs [--platform linux|win32] [--arch x64,arm64]
//
// For each target it copies the better-sqlite3 package into build/.native/<os>-<arch>/, fetches
// the matching prebuilt binary there (prebuild-install, which better-sqlite3 itself uses), or,
// where there is none, compiles it there with @electron/rebuild, and puts the result in
// native/electron-<os>-<arch>/better_sqlite3.node. electron-builder packs that file as
// resources/native/better_sqlite3.node (build/electron-builder.yml, extraResources), and the main
// process hands its path to the core's process (nativeBinding). Needs network: run it on the
// build machine (see .github/workflows/release.yml).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { platform: { type: 'string', default: process.platform }, arch: { type: 'string', default: process.arch } } });
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const os = values.platform === 'win32' ? 'win' : values.platform === 'darwin' ? 'mac' : 'linux';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

for (const arch of values.arch.split(',')) {
  const work = join(root, 'build', '.native', `${os}-${arch}`, 'better-sqlite3');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
  const run = (command, args) => execFileSync(command, args, { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' });
  try {
    run(npx, ['--no-install', 'prebuild-install', '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', values.platform]);
  } catch {
    console.error(`没有 Electron ${electronVersion} ${values.platform}-${arch} 的预编译 better-sqlite3，改为在 ${work} 中编译`);
    run(npx, ['--yes', '@electron/rebuild@4.2.1', '--version', electronVersion, '--arch', arch, '--module-dir', work, '--force']);
  }
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) throw new Error(`未生成 ${built}`);
  const out = join(root, 'native', `electron-${os}-${arch}`);
  mkdirSync(out, { recursive: true });
  cpSync(built, join(out, 'better_sqlite3.node'));
  console.log(`native/electron-${os}-${arch}/better_sqlite3.node ← Electron ${electronVersion}`);
}

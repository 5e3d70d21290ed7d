// Set-up before `npm run web`, `npm test` and `npm run bench`: what a fresh clone on a fresh
// machine lacks, installed or named. Plain Node with no dependencies, because it runs before
// `npm ci` has put anything in node_modules.
//
//   node build/setup.mjs                     npm dependencies only (installed when missing or stale)
//   node build/setup.mjs --browser           also Chromium and a CJK font for the end-to-end tests;
//                                            stops with a clear message where they cannot be installed
//   node build/setup.mjs --browser-optional  the same, but only warns (the bench skips what needs them)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const FONT_PACKAGE = 'fonts-wqy-microhei';
const MIN_NODE = [20, 19];

const wantBrowser = process.argv.includes('--browser') ? 'required' : process.argv.includes('--browser-optional') ? 'optional' : 'no';

checkNode();
installDependencies();
if (wantBrowser !== 'no') checkBrowser(wantBrowser === 'required');

function say(line) {
  console.log(`[准备] ${line}`);
}

function stop(lines) {
  console.error(['', ...lines.map((l) => `[准备] ${l}`), ''].join('\n'));
  process.exit(1);
}

function checkNode() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    stop([`需要 Node.js ${MIN_NODE.join('.')} 或更高的版本（测试在 Node.js 20 上进行），本机是 ${process.versions.node}。`]);
  }
}

/** Why node_modules does not match package-lock.json, or null when it does. */
function dependencyProblem() {
  const hidden = join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(hidden)) return '尚未安装';
  let lock;
  let installed;
  try {
    lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    installed = JSON.parse(readFileSync(hidden, 'utf8'));
  } catch {
    return '安装记录无法读取';
  }
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '') continue;
    const present = installed.packages?.[path];
    // Optional packages for other platforms (esbuild's, rolldown's) are never installed here.
    if (!present) {
      if (entry.optional) continue;
      return `缺少 ${path.replace(/^.*node_modules\//, '')}`;
    }
    if (present.version !== entry.version) return `${path.replace(/^.*node_modules\//, '')} 版本与 package-lock.json 不一致`;
  }
  // The native SQLite binding is compiled by its install script; an interrupted install lacks it.
  if (!existsSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) return 'better-sqlite3 未编译完成';
  return null;
}

function installDependencies() {
  const problem = dependencyProblem();
  if (!problem) return;
  say(`安装 npm 依赖（${problem}）：npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) stop(['npm ci 失败（见上方输出）。请检查能否访问 npm 仓库后重试。']);
  const after = dependencyProblem();
  if (after) stop([`npm ci 完成后依赖仍不完整：${after}`]);
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium() {
  if (process.env.CHROMIUM_PATH) return executable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  return CHROMIUM_CANDIDATES.find(executable) ?? null;
}

function hasCjkFont() {
  const listed = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return listed.status === 0 && listed.stdout.trim() !== '';
}

function canUseApt() {
  return process.platform === 'linux' && process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function aptInstall(packages) {
  say(`安装系统软件包：apt-get install ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...packages]]) {
    // apt's own chatter is shown only when it fails.
    const run = spawnSync('apt-get', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.status !== 0) {
      console.error(`${run.stdout}${run.stderr}`.trim());
      return false;
    }
  }
  return true;
}

function checkBrowser(required) {
  if (process.env.CHROMIUM_PATH && !executable(process.env.CHROMIUM_PATH)) {
    stop([`环境变量 CHROMIUM_PATH 指向的 ${process.env.CHROMIUM_PATH} 不存在或不可执行。`]);
  }
  const needed = [];
  if (!findChromium()) needed.push('chromium');
  // Without a CJK font Chromium draws Chinese as boxes in the screenshots; the tests' PDFs use the bundled font.
  if (!hasCjkFont()) needed.push(FONT_PACKAGE);
  if (needed.length === 0) return;
  if (canUseApt() && aptInstall(needed) && findChromium()) return;
  const lines = [
    `端到端测试需要 Chromium 浏览器${needed.includes(FONT_PACKAGE) ? '和一款中文字体' : ''}，本机缺少且无法自动安装（需要 root 权限和 apt-get）。`,
    `请安装软件包：${needed.join(' ')}（Debian/统信 UOS/麒麟：sudo apt-get install -y ${needed.join(' ')}），`,
    '或用环境变量 CHROMIUM_PATH 指向已安装的 Chromium，例如 CHROMIUM_PATH=/opt/chromium/chrome npm test',
  ];
  if (!findChromium()) {
    if (required) stop(lines);
    console.error(lines.map((l) => `[准备] ${l}`).join('\n'));
    return;
  }
  say(`未能安装 ${FONT_PACKAGE}：截图中的中文可能显示为方框，测试照常运行。`);
}

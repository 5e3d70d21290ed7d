import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { BUNDLE_EXTERNALS } from './externals';

// Bundles the desktop app's three pieces: the main process (ESM), the core's utility process
// (ESM: the whole core with pdfkit, exceljs, zod… inside it) and the sandboxed preload (which
// must be CommonJS). Only what cannot be bundled stays outside, and is all the packaged app's
// package.json `dependencies` hold: better-sqlite3 (a native module) and electron-updater.
//
//   tsx build/build-electron.ts [outDir]     (default dist/electron)

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = process.argv[2] ?? join(root, 'dist', 'electron');

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root } as const;
// ESM output has neither require nor __filename; bundled CommonJS packages (pdfkit) use both.
const esmBanner = [
  "import { createRequire as __cr } from 'node:module';",
  "import { fileURLToPath as __f2p } from 'node:url';",
  "import { dirname as __dn } from 'node:path';",
  'const require = __cr(import.meta.url);',
  'const __filename = __f2p(import.meta.url);',
  'const __dirname = __dn(__filename);',
].join(' ');

/**
 * pdfkit loads its standard fonts with a require() made by createRequire at run time, which a
 * bundler cannot follow: point those calls at the files, so they are bundled like any other.
 */
const pdfkitStandardFonts: Plugin = {
  name: 'pdfkit-standard-fonts',
  setup(b) {
    b.onLoad({ filter: /pdfkit[\\/]js[\\/]pdfkit\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replace(/require\$1\('#standard-fonts\/([A-Za-z]+)'\)/g, "require('./standard-fonts/$1.cjs')"),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

await build({
  ...common,
  entryPoints: ['electron/shell/main.ts'],
  outfile: join(outDir, 'main.mjs'),
  format: 'esm',
  external: BUNDLE_EXTERNALS,
  banner: { js: esmBanner },
});

await build({
  ...common,
  entryPoints: ['electron/shell/core-process.ts'],
  outfile: join(outDir, 'core-process.mjs'),
  format: 'esm',
  external: BUNDLE_EXTERNALS,
  banner: { js: esmBanner },
  plugins: [pdfkitStandardFonts],
});

await build({
  ...common,
  entryPoints: ['electron/shell/preload.ts'],
  outfile: join(outDir, 'preload.cjs'),
  format: 'cjs',
  external: ['electron'],
});

// pdfkit's colour profile and font metrics, read beside the bundle (__dirname/data)
mkdirSync(join(outDir, 'data'), { recursive: true });
cpSync(join(root, 'node_modules', 'pdfkit', 'js', 'data'), join(outDir, 'data'), { recursive: true });

/**
 * What the desktop bundles (build/build-electron.ts) leave outside: Electron itself, and the
 * packages the packaged app loads at run time from its node_modules, which are exactly
 * package.json's `dependencies` (test/packaging.test.ts holds both to that).
 */
export const RUNTIME_PACKAGES = ['better-sqlite3', 'electron-updater'] as const;
export const BUNDLE_EXTERNALS = ['electron', ...RUNTIME_PACKAGES];

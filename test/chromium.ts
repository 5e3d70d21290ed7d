import { accessSync, constants } from 'node:fs';

// Debian's Chromium (apt-get install chromium; build/setup.mjs installs it where it can), or the
// one CHROMIUM_PATH names. Playwright downloads no browser on our machines.

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags without which Chromium floods a closed network with refused connections. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to drive, or null when there is none. */
export function chromiumPath(): string | null {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return executable(configured) ? configured : null;
  return CANDIDATES.find(executable) ?? null;
}

export const NO_CHROMIUM_REASON = '未找到 Chromium（apt-get install chromium，或用 CHROMIUM_PATH 指定）';

import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

// The built renderer is served from one folder, by the Electron custom protocol and by the
// loopback host alike. Both go through this resolver, which never leaves that folder.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  // antd and AG Grid inject their styles at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  // the one-page 使用说明 of each role, shown as text in a new window
  '.md': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file inside root, or null. Refuses traversal (`..`, encoded or not),
 * absolute and drive paths, NUL bytes and backslashes; a path with no extension that matches
 * no file is the single-page app's route and gets index.html.
 */
export function resolveAsset(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || /(^|\/)\.\.(\/|$)/.test(decoded)) return null;
  const relative = decoded.replace(/^\/+/, '');
  if (/^[a-zA-Z]:/.test(relative)) return null;
  const base = resolve(root);
  const candidate = resolve(base, relative === '' ? 'index.html' : relative);
  if (candidate !== base && !candidate.startsWith(base + sep)) return null;
  if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  if (extname(relative) === '') {
    const index = resolve(base, 'index.html');
    return existsSync(index) ? index : null;
  }
  return null;
}

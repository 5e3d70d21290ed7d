import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/core';
import { contentType, resolveAsset } from './assets';

let root: string;
let outside: string;
let dispose: () => void;
beforeAll(() => {
  const t = tempDir();
  dispose = t.dispose;
  root = join(t.dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<html></html>');
  writeFileSync(join(root, 'assets', 'app.js'), '');
  outside = join(t.dir, 'secret.txt');
  writeFileSync(outside, '机密');
});
afterAll(() => dispose());

describe('serving the renderer from one folder', () => {
  it('serves files inside the folder and index.html for app routes', () => {
    expect(resolveAsset(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveAsset(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAsset(root, '/tasks')).toBe(join(root, 'index.html'));
    expect(resolveAsset(root, '/assets/missing.js')).toBeNull();
    expect(contentType('a.js')).toMatch(/javascript/);
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/../../secret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/C:/Windows/win.ini',
    '/index.html%00.js',
    '/%E0%A4%A',
    '//etc/passwd.txt',
  ])('refuses %s', (path) => {
    const resolved = resolveAsset(root, path);
    expect(resolved === null || resolved.startsWith(root)).toBe(true);
    expect(resolved).not.toBe(outside);
    if (/secret|win\.ini|passwd|%00|%E0/.test(path)) expect(resolved).toBeNull();
  });
});

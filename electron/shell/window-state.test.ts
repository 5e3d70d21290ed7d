import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialBounds, loadWindowState, saveWindowState } from './window-state';

// The window comes back where it was, unless that place is no longer on any screen.

const office = { x: 0, y: 0, width: 1366, height: 728 }; // a 1366×768 screen less its taskbar
const wide = { x: 0, y: 0, width: 1920, height: 1040 };

describe('window state', () => {
  it('reopens at the saved place and size, never below 1280×720', () => {
    expect(initialBounds({ x: 100, y: 50, width: 1500, height: 900, maximized: false }, [wide])).toEqual({ x: 100, y: 50, width: 1500, height: 900, maximized: false });
    expect(initialBounds({ x: 10, y: 10, width: 800, height: 600, maximized: true }, [wide])).toMatchObject({ width: 1280, height: 720, maximized: true });
  });

  it('ignores a place on a screen that is gone, and fills a 1366×768 screen', () => {
    const onSecondScreen = { x: 2200, y: 100, width: 1440, height: 900, maximized: false };
    expect(initialBounds(onSecondScreen, [office])).toEqual({ x: 0, y: 0, width: 1366, height: 728, maximized: true });
    expect(initialBounds(null, [wide])).toEqual({ x: 240, y: 70, width: 1440, height: 900, maximized: false });
  });

  it('reads back what it saved, and nothing from a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'county-ledger-window-'));
    try {
      const path = join(dir, 'window-state.json');
      saveWindowState(path, { x: 1, y: 2, width: 1300, height: 800, maximized: false });
      expect(loadWindowState(path)).toEqual({ x: 1, y: 2, width: 1300, height: 800, maximized: false });
      writeFileSync(path, '{"x": "左边"}');
      expect(loadWindowState(path)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

// The window opens where and as large as it was closed, if that place is still on a screen;
// otherwise centred at a size that suits common office screens (1366×768 and up).

export const MIN_WIDTH = 1280;
export const MIN_HEIGHT = 720;

const Saved = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int(), maximized: z.boolean() });
export type WindowState = z.infer<typeof Saved>;
export type Rect = { x: number; y: number; width: number; height: number };

export function loadWindowState(path: string): WindowState | null {
  try {
    const parsed = Saved.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveWindowState(path: string, state: WindowState): void {
  try {
    writeFileSync(path, JSON.stringify(state));
  } catch {
    // a window that opens at the default place next time is no loss
  }
}

/** Where to open: the saved bounds if most of the title bar is on one of the screens' work areas, else centred on the primary one. */
export function initialBounds(saved: WindowState | null, workAreas: readonly Rect[]): Rect & { maximized: boolean } {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: 1366, height: 768 };
  if (saved) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: 40 };
    const visible = workAreas.some((a) => overlap(a, titleBar) >= Math.min(200, saved.width / 2) * 20);
    if (visible) return { x: saved.x, y: saved.y, width: Math.max(saved.width, MIN_WIDTH), height: Math.max(saved.height, MIN_HEIGHT), maximized: saved.maximized };
  }
  const width = Math.max(MIN_WIDTH, Math.min(1440, primary.width));
  const height = Math.max(MIN_HEIGHT, Math.min(900, primary.height));
  // on a 1366×768 screen the window fills the work area rather than overflowing it
  const maximized = primary.width < width + 40 || primary.height < height;
  return { x: primary.x + Math.max(0, Math.round((primary.width - width) / 2)), y: primary.y + Math.max(0, Math.round((primary.height - height) / 2)), width, height, maximized };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

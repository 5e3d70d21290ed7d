import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, win32 } from 'node:path';
import * as fontkit from 'fontkit';
import { DomainError } from '../../../shared/result';
import { PROJECT_ROOT } from '../paths';

// Finding a Chinese font to embed in printed documents (public notices, reports).
// PDF viewers on the clerks' machines cannot be trusted to have a CJK font, so every
// PDF embeds a subset of one; this module decides which file and which face.
// The app ships its own (build/fonts/, WenQuanYi Micro Hei) and uses it unless the
// administrator configured another file: then a county and the city print the same bytes
// whatever fonts their PCs have. The PC's own fonts are only a fallback for a broken install.

/** A font file to embed, and for a collection (.ttc) the face inside it. */
export type CjkFont = { path: string; postscriptName?: string };

/** A location to try; `preferredFace` picks the Simplified Chinese face of a collection. */
export type CjkFontLocation = { path: string; preferredFace?: string };

/** The character every usable font must have: it is in every county name we print. */
const PROBE_CODE_POINT = '县'.codePointAt(0) ?? 0;

const FONT_FILE = /\.(ttf|ttc|otf|otc)$/i;

export const BUNDLED_FONT_FILE = 'wqy-microhei.ttc';
const BUNDLED_FONT_FACE = 'WenQuanYiMicroHei';

export const NO_CJK_FONT_MESSAGE =
  `未找到可嵌入的中文字体：程序自带的字体文件 ${BUNDLED_FONT_FILE} 缺失，请重新安装本程序，或在“用户与设置”中指定字体文件（.ttf/.ttc）`;

/**
 * Returns the font to embed: the configured file if it exists (it must be a font with
 * Chinese glyphs, else a Chinese error naming it), otherwise the first well-known font
 * that is installed. A configured path that no longer exists (settings carried over from
 * another machine) falls back to the search rather than blocking printing.
 */
export function findCjkFont(
  configuredPath?: string | null,
  locations: CjkFontLocation[] = [...bundledFontLocations(), ...wellKnownCjkFontLocations()],
): CjkFont {
  const configured = configuredPath?.trim();
  if (configured && existsSync(configured)) {
    const face = openCjkFace(configured);
    if (!face.ok) throw new DomainError('VALIDATION', face.message, { path: configured });
    return face.font;
  }
  for (const location of locations) {
    if (!isFile(location.path)) continue;
    // An installed but unreadable or non-CJK file is skipped, not fatal: the next may do.
    const face = openCjkFace(location.path, location.preferredFace);
    if (face.ok) return face.font;
  }
  throw new DomainError('NOT_FOUND', NO_CJK_FONT_MESSAGE);
}

/**
 * Where the shipped font is: in the desktop build, under Electron's resources folder
 * (electron-builder's extraResources); from the source tree (the loopback host, the CLI,
 * tests, and an unpackaged Electron whose bundle sits in dist/electron/: both two folders below the
 * project), under build/fonts/.
 */
export function bundledFontLocations(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): CjkFontLocation[] {
  const paths = resourcesPath ? [join(resourcesPath, 'build', 'fonts', BUNDLED_FONT_FILE)] : [];
  paths.push(join(PROJECT_ROOT, 'build', 'fonts', BUNDLED_FONT_FILE));
  return paths.map((path) => ({ path, preferredFace: BUNDLED_FONT_FACE }));
}

/** The search order: Windows, then domestic Linux (UOS/Kylin) and Debian, then macOS. */
export function wellKnownCjkFontLocations(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): CjkFontLocation[] {
  const locations: CjkFontLocation[] = [];
  // Windows paths only make sense on Windows; elsewhere they would be relative file names.
  if (platform === 'win32') {
    const fonts = win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts');
    locations.push(
      { path: win32.join(fonts, 'simhei.ttf') },
      { path: win32.join(fonts, 'msyh.ttc'), preferredFace: 'MicrosoftYaHei' },
      { path: win32.join(fonts, 'simsun.ttc'), preferredFace: 'SimSun' },
    );
  }
  locations.push(
    { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', preferredFace: 'WenQuanYiMicroHei' },
    // The first face of the Noto collection is Japanese; its glyph variants look wrong in Chinese.
    { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', preferredFace: 'NotoSansCJKsc-Regular' },
    { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', preferredFace: 'WenQuanYiZenHei' },
    ...fontFilesIn('/usr/share/fonts/fonts-cesi'),
    ...fontFilesIn('/usr/share/fonts/truetype/arphic'),
    { path: '/System/Library/Fonts/PingFang.ttc', preferredFace: 'PingFangSC-Regular' },
    { path: '/Library/Fonts/Arial Unicode.ttf' },
  );
  return locations;
}

export type CjkFaceResult = { ok: true; font: CjkFont; face: fontkit.Font } | { ok: false; message: string };

/**
 * Opens `path` and picks a face that has Chinese glyphs: `postscriptName` when given and
 * present, else the first such face of a collection. Errors are Chinese and name the file.
 */
export function openCjkFace(path: string, postscriptName?: string, bytes?: Buffer): CjkFaceResult {
  let opened: fontkit.Font | fontkit.FontCollection;
  try {
    opened = fontkit.create(bytes ?? readFileSync(path));
  } catch {
    return { ok: false, message: `字体文件无法使用：${path} 不是可识别的字体文件（应为 .ttf/.ttc/.otf）` };
  }
  const faces = 'fonts' in opened ? opened.fonts : [opened];
  const named = postscriptName ? faces.find((face) => face.postscriptName === postscriptName) : undefined;
  const face = named && hasCjkGlyphs(named) ? named : faces.find(hasCjkGlyphs);
  if (!face) {
    return { ok: false, message: `字体文件无法使用：${path} 不含中文字形（如“县”），请选择中文字体（如黑体、宋体、文泉驿微米黑）` };
  }
  // A single-face file needs no postscript name; a collection does, to pick the face again.
  const font: CjkFont = 'fonts' in opened ? { path, postscriptName: face.postscriptName } : { path };
  return { ok: true, font, face };
}

function hasCjkGlyphs(face: fontkit.Font): boolean {
  try {
    return face.hasGlyphForCodePoint(PROBE_CODE_POINT);
  } catch {
    return false; // a face with a broken cmap is as good as none
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Font files directly in `dir`, sorted so that the choice does not depend on readdir order. */
function fontFilesIn(dir: string): CjkFontLocation[] {
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir)
      .filter((name) => FONT_FILE.test(name))
      .sort()
      .map((name) => ({ path: posix.join(dir, name) }));
  } catch {
    return [];
  }
}

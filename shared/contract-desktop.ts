import { z } from 'zod';

// What the renderer may ask of the desktop shell itself: opening a folder 关于 shows, the update
// from the administrator's server, restarting. Answered by the main process; in a browser the
// loopback host has none of them (the renderer does not offer them there).

export const UpdateState = z.object({
  state: z.enum(['idle', 'off', 'checking', 'none', 'available', 'downloading', 'downloaded', 'error']),
  version: z.string().nullable(),
  notes: z.string(),
  percent: z.number(),
  message: z.string(),
});
export type UpdateState = z.infer<typeof UpdateState>;

export const desktopMethods = {
  'desktop.openFolder': { input: z.object({ which: z.enum(['data', 'database', 'evidence', 'logs', 'backups']) }).strict(), output: z.null() },
  'desktop.checkUpdate': { input: z.object({}).strict(), output: UpdateState },
  'desktop.downloadUpdate': { input: z.object({}).strict(), output: UpdateState },
  'desktop.updateStatus': { input: z.object({}).strict(), output: UpdateState },
  /** Backs up, then installs the downloaded update (or the verified offline one) and restarts. */
  'desktop.installUpdate': { input: z.object({}).strict(), output: z.null() },
  'desktop.relaunch': { input: z.object({}).strict(), output: z.null() },
} as const;

export type DesktopMethodName = keyof typeof desktopMethods;
export type DesktopInput<K extends DesktopMethodName> = z.input<(typeof desktopMethods)[K]['input']>;
export type DesktopOutput<K extends DesktopMethodName> = z.output<(typeof desktopMethods)[K]['output']>;

export function isDesktopMethod(name: unknown): name is DesktopMethodName {
  return typeof name === 'string' && Object.hasOwn(desktopMethods, name);
}

import { DEFAULT_IDLE_MINUTES, type Principal } from '../../../shared/domain/accounts';
import { DEFAULT_NOTICE_DAYS } from '../../../shared/domain/claims';
import type { Db } from '../db/open';
import type { Ledger } from '../ledger/ledger';
import { settingRecorded } from './events';
import { readSetting } from './repository';

// The administrator's settings for this install, with their defaults. Every group of handlers
// may read them (the claims group needs the 公示 defaults, dispatch the idle lock).

export const SETTING_KEYS = ['idleMinutes', 'noticeDays', 'noticeContact', 'fontPath'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export type InstallSettings = { idleMinutes: number; noticeDays: number; noticeContact: string; fontPath: string };

function positiveInteger(text: string | null, fallback: number): number {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n > 0 ? n : fallback;
}

export function idleMinutes(db: Db): number {
  return positiveInteger(readSetting(db, 'idleMinutes'), DEFAULT_IDLE_MINUTES);
}

/** The font file the administrator chose for PDFs, or null for the one the app ships. */
export function configuredFontPath(db: Db): string | null {
  return readSetting(db, 'fontPath');
}

export function installSettings(db: Db): InstallSettings {
  return {
    idleMinutes: idleMinutes(db),
    noticeDays: positiveInteger(readSetting(db, 'noticeDays'), DEFAULT_NOTICE_DAYS),
    noticeContact: readSetting(db, 'noticeContact') ?? '',
    fontPath: readSetting(db, 'fontPath') ?? '',
  };
}

/** Records the settings given (one journal entry each), in one write. */
export function saveSettings(ledger: Ledger, by: Principal, input: Partial<InstallSettings>): void {
  const values: [SettingKey, string | undefined][] = [
    ['idleMinutes', input.idleMinutes === undefined ? undefined : String(input.idleMinutes)],
    ['noticeDays', input.noticeDays === undefined ? undefined : String(input.noticeDays)],
    ['noticeContact', input.noticeContact?.trim()],
    ['fontPath', input.fontPath?.trim()],
  ];
  ledger.appendMany(
    by.username,
    values.flatMap(([key, value]) => (value === undefined ? [] : [{ kind: settingRecorded.kind, entity: `setting:${key}`, payload: { key, value } }])),
  );
}

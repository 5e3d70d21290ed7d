import { z } from 'zod';
import { defineEvent } from '../ledger/events';
import { writeSetting } from './repository';

/** An install-wide setting set by the administrator (idle lock minutes, 公示 period and contact, font file). */
export const settingRecorded = defineEvent({
  kind: 'setting.recorded',
  payload: z.object({ key: z.string().regex(/^[a-zA-Z]+$/), value: z.string() }),
  leaves: 'digest',
  apply(db, p, meta) {
    writeSetting(db, p.key, p.value, meta.seq);
  },
});

export const SETTINGS_EVENTS = [settingRecorded];

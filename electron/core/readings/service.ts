import type { Principal } from '../../../shared/domain/accounts';
import { DomainError } from '../../../shared/result';
import { displayNameOf } from '../accounts/repository';
import type { Db } from '../db/open';
import type { Ledger } from '../ledger/ledger';
import type { PolicyPackContent } from '../policy/content';
import { activePack } from '../policy/repository';
import { readingSet } from './events';
import { readingOf, type Readings } from './readings';
import { readingRows } from './repository';

// The county's readings of its policy pack: what it decided where the plan is silent, or the
// pack's default while it has not decided. The engine and progress read them from here.

/** The county's readings now, by id: its own decisions, or the pack's defaults while it has made none. */
export function countyReadings(db: Db, pack: Pick<PolicyPackContent, 'readings'> = activePack(db)): Readings {
  const set = new Map(readingRows(db).map((r) => [r.id, r]));
  return new Map(pack.readings.map((definition) => [definition.id, readingOf(definition, set.get(definition.id), (u) => displayNameOf(db, u))]));
}

/** The county's administrator decides a reading; the choice must be one the pack offers. */
export function setReading(ledger: Ledger, by: Principal, input: { id: string; value: string; note?: string }): void {
  ledger.db.transaction(() => {
    const definition = activePack(ledger.db).readings.find((r) => r.id === input.id);
    if (!definition) throw new DomainError('VALIDATION', `当前政策包中没有需要本县决定的事项「${input.id}」`, { field: 'id' });
    if (!(input.value in definition.options)) {
      throw new DomainError('VALIDATION', `${definition.label}：只能选择${Object.values(definition.options).join('；')}`, { field: 'value' });
    }
    const before = readingRows(ledger.db).find((r) => r.id === input.id)?.value ?? null;
    ledger.append(by.username, { kind: readingSet.kind, entity: `reading:${input.id}`, payload: { id: input.id, value: input.value, before, note: input.note?.trim() ?? '' } });
  })();
}

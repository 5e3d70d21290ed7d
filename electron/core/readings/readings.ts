import type { CountyReading, ReadingDefinition } from '../../../shared/domain/readings';
import { DomainError } from '../../../shared/result';
import type { PolicyPackContent } from '../policy/content';

// The county's readings of its policy pack: what it decided where the plan is silent, or the
// pack's default while it has not decided. Pure: the engine takes them as they are given.

/** Readings by id, as the engine and progress take them: the value in force, and who decided it. */
export type Readings = ReadonlyMap<string, CountyReading>;

/** A pack's readings with nothing decided yet: every default, as not confirmed (the CLI's evaluate, a what-if). */
export function defaultReadings(pack: Pick<PolicyPackContent, 'readings'>): Readings {
  return new Map(pack.readings.map((d) => [d.id, readingOf(d, undefined, (u) => u)]));
}

/** One reading: the county's value when it is still one the pack offers, else the default. */
export function readingOf(d: ReadingDefinition, row: { value: string; note: string; set_by: string; set_at: string } | undefined, nameOf: (username: string) => string): CountyReading {
  // a value the pack no longer offers (a newer pack narrowed the options) falls back to the default
  const value = row && row.value in d.options ? row.value : d.default;
  const decided = row !== undefined && row.value === value;
  return {
    id: d.id,
    kind: d.kind,
    label: d.label,
    why: d.why,
    options: d.options,
    value,
    valueLabel: d.options[value] ?? value,
    setBy: decided ? nameOf(row.set_by) : null,
    setAt: decided ? row.set_at : null,
    note: decided ? row.note : '',
  };
}

/** The pack's readings with some decided by `chosen` (a settings file for the CLI): each value must be one the pack offers. */
export function readingsWith(pack: Pick<PolicyPackContent, 'readings'>, chosen: readonly { id: string; value: string }[], decidedBy: string): Readings {
  const byId = new Map(chosen.map((c) => [c.id, c.value]));
  for (const [id, value] of byId) {
    const definition = pack.readings.find((d) => d.id === id);
    if (!definition) throw new DomainError('VALIDATION', `政策包中没有需要本县决定的事项「${id}」`, { field: 'id' });
    if (!(value in definition.options)) throw new DomainError('VALIDATION', `${definition.label}：只能选择 ${Object.keys(definition.options).join('、')}，不能是 ${value}`, { field: 'value' });
  }
  return new Map(
    pack.readings.map((d) => {
      const value = byId.get(d.id);
      return [d.id, readingOf(d, value === undefined ? undefined : { value, note: '', set_by: decidedBy, set_at: '' }, (u) => u)];
    }),
  );
}

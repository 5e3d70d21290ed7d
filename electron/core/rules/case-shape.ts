import type { ZodError } from 'zod';
import { isIsoDate } from '../../../shared/dates';
import { EvaluationCase } from '../../../shared/domain/rules';

// The happy path of reading a case without building a new object: accepts exactly what the zod
// schema EvaluationCase accepts (or less); anything else goes to zod for its field-by-field message.

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A case's year as EvaluationCase accepts it. */
export const isYear = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 2000 && v <= 2100;

export function quickCase(raw: unknown): EvaluationCase | null {
  if (!isRecord(raw)) return null;
  if (typeof raw.id !== 'string' || raw.id.length === 0 || typeof raw.rule !== 'string' || !isYear(raw.year)) return null;
  const subject = raw.subject;
  if (!isRecord(subject) || typeof subject.type !== 'string' || typeof subject.county !== 'string') return null;
  if (!isRecord(raw.facts)) return null;
  if (raw.decidedOn !== undefined && (typeof raw.decidedOn !== 'string' || !isIsoDate(raw.decidedOn))) return null;
  const previous = raw.previousAwards;
  if (previous !== undefined) {
    if (!Array.isArray(previous)) return null;
    for (const award of previous) {
      if (!isRecord(award) || typeof award.rule !== 'string' || typeof award.year !== 'number' || !Number.isInteger(award.year)) return null;
      if (award.course !== undefined && typeof award.course !== 'string') return null;
    }
  }
  return raw as EvaluationCase;
}

export function parseCase(raw: unknown): { ok: true; value: EvaluationCase } | { ok: false; error: ZodError } {
  const quick = quickCase(raw);
  if (quick) return { ok: true, value: quick };
  const parsed = EvaluationCase.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: parsed.error };
}

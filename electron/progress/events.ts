import { z } from 'zod';
import { ProgressText, Quarter } from '../../shared/domain/progress';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';

// Journal entries of quarterly progress. Each carries what it changed from, so the journal alone
// shows who changed what; apply depends only on the payload and the entry's meta.

const Value = z.object({ value: z.number(), source: z.string() });

export const progressTextRecorded = defineEvent({
  kind: 'progress.text',
  payload: z.object({ quarter: Quarter, task: z.number().int(), before: ProgressText, after: ProgressText }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO task_progress (quarter, task, narrative, problems, next_steps, revision, updated_by, updated_seq)
       VALUES (?, ?, ?, ?, ?, 1, ?, ?)
       ON CONFLICT (quarter, task) DO UPDATE SET narrative = excluded.narrative, problems = excluded.problems,
         next_steps = excluded.next_steps, revision = revision + 1, updated_by = excluded.updated_by, updated_seq = excluded.updated_seq`,
    ).run(p.quarter, p.task, p.after.narrative, p.after.problems, p.after.nextSteps, meta.actor, meta.seq);
  },
});

export const indicatorValueEntered = defineEvent({
  kind: 'progress.value',
  payload: z.object({ quarter: Quarter, indicator: z.string(), task: z.number().int(), before: Value.nullable(), after: Value }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO indicator_value (quarter, indicator, value, source, entered_by, updated_seq) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (quarter, indicator) DO UPDATE SET value = excluded.value, source = excluded.source,
         entered_by = excluded.entered_by, updated_seq = excluded.updated_seq`,
    ).run(p.quarter, p.indicator, p.after.value, p.after.source, meta.actor, meta.seq);
  },
});

export const indicatorTargetSet = defineEvent({
  kind: 'progress.target',
  payload: z.object({ indicator: z.string(), before: Value.nullable(), after: Value }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO indicator_target (indicator, value, source, set_by, updated_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (indicator) DO UPDATE SET value = excluded.value, source = excluded.source, set_by = excluded.set_by, updated_seq = excluded.updated_seq`,
    ).run(p.indicator, p.after.value, p.after.source, meta.actor, meta.seq);
  },
});

export const progressEvidenceAdded = defineEvent({
  kind: 'progress.evidence',
  payload: z.object({ quarter: Quarter, task: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string(), size: z.number().int() }),
  apply(db, p, meta) {
    statement(db, 'INSERT OR IGNORE INTO progress_evidence (quarter, task, sha256, file_name, size, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      p.quarter,
      p.task,
      p.sha256,
      p.fileName,
      p.size,
      meta.actor,
      meta.at,
    );
  },
});

/** A report was generated: which content (digest) and which bytes (sha256). */
export const quarterReportGenerated = defineEvent({
  kind: 'progress.report',
  payload: z.object({ quarter: Quarter, format: z.enum(['pdf', 'xlsx']), digest: z.string(), sha256: z.string(), fileName: z.string() }),
  apply(db, p, meta) {
    statement(db, 'INSERT INTO quarter_report (seq, quarter, format, digest, sha256, generated_by, generated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      meta.seq,
      p.quarter,
      p.format,
      p.digest,
      p.sha256,
      meta.actor,
      meta.at,
    );
  },
});

/** The quarter is locked on this snapshot: its report is rendered from it from now on. */
export const quarterClosed = defineEvent({
  kind: 'progress.close',
  payload: z.object({ quarter: Quarter, digest: z.string(), snapshot: z.unknown() }),
  apply(db, p, meta) {
    statement(
      db,
      `INSERT INTO quarter_state (quarter, state, digest, snapshot, closed_by, closed_at, reopen_reason, updated_seq)
       VALUES (?, 'closed', ?, ?, ?, ?, NULL, ?)
       ON CONFLICT (quarter) DO UPDATE SET state = 'closed', digest = excluded.digest, snapshot = excluded.snapshot,
         closed_by = excluded.closed_by, closed_at = excluded.closed_at, reopen_reason = NULL, updated_seq = excluded.updated_seq`,
    ).run(p.quarter, p.digest, canonicalJson(p.snapshot), meta.actor, meta.at, meta.seq); // canonical: the same text when replayed
  },
});

export const quarterReopened = defineEvent({
  kind: 'progress.reopen',
  payload: z.object({ quarter: Quarter, reason: z.string().min(1), closedDigest: z.string() }),
  apply(db, p, meta) {
    const result = statement(
      db,
      "UPDATE quarter_state SET state = 'open', snapshot = NULL, digest = NULL, closed_by = NULL, closed_at = NULL, reopen_reason = ?, updated_seq = ? WHERE quarter = ? AND state = 'closed'",
    ).run(p.reason, meta.seq, p.quarter);
    if (result.changes !== 1) throw new Error(`quarter ${p.quarter} is not closed`);
  },
});

export const PROGRESS_EVENTS = [
  progressTextRecorded,
  indicatorValueEntered,
  indicatorTargetSet,
  progressEvidenceAdded,
  quarterReportGenerated,
  quarterClosed,
  quarterReopened,
];

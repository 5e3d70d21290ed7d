import { z } from 'zod';
import { ProgressText, Quarter } from '../../../shared/domain/progress';
import { defineEvent } from '../ledger/events';
import { closeQuarterRow, upsertBaseline, insertProgressEvidence, insertQuarterReport, reopenQuarterRow, upsertIndicatorTarget, upsertIndicatorValue, upsertProgressText } from './repository';

// Journal entries of quarterly progress. Each carries what it changed from, so the journal alone
// shows who changed what; apply depends only on the payload and the entry's meta.

const Value = z.object({ value: z.number(), source: z.string() });

export const progressTextRecorded = defineEvent({
  kind: 'progress.text',
  payload: z.object({ quarter: Quarter, task: z.number().int(), before: ProgressText, after: ProgressText }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertProgressText(db, p.quarter, p.task, p.after, meta.actor, meta.seq);
  },
});

export const indicatorValueEntered = defineEvent({
  kind: 'progress.value',
  payload: z.object({ quarter: Quarter, indicator: z.string(), task: z.number().int(), before: Value.nullable(), after: Value }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertIndicatorValue(db, p.quarter, p.indicator, p.after, meta.actor, meta.seq);
  },
});

export const indicatorTargetSet = defineEvent({
  kind: 'progress.target',
  payload: z.object({ indicator: z.string(), before: Value.nullable(), after: Value }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertIndicatorTarget(db, p.indicator, p.after, meta.actor, meta.seq);
  },
});

export const progressEvidenceAdded = defineEvent({
  kind: 'progress.evidence',
  payload: z.object({ quarter: Quarter, task: z.number().int(), sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string(), size: z.number().int() }),
  leaves: 'whole',
  apply(db, p, meta) {
    insertProgressEvidence(db, { quarter: p.quarter, task: p.task, sha256: p.sha256, fileName: p.fileName, size: p.size, addedBy: meta.actor, addedAt: meta.at });
  },
});

/** A report was generated: which content (digest) and which bytes (sha256). */
export const quarterReportGenerated = defineEvent({
  kind: 'progress.report',
  payload: z.object({ quarter: Quarter, format: z.enum(['pdf', 'xlsx']), digest: z.string(), sha256: z.string(), fileName: z.string() }),
  leaves: 'whole',
  apply(db, p, meta) {
    insertQuarterReport(db, { seq: meta.seq, quarter: p.quarter, format: p.format, digest: p.digest, sha256: p.sha256, generatedBy: meta.actor, generatedAt: meta.at });
  },
});

/** The quarter is locked on this snapshot: its report is rendered from it from now on. */
export const quarterClosed = defineEvent({
  kind: 'progress.close',
  payload: z.object({ quarter: Quarter, digest: z.string(), snapshot: z.unknown() }),
  leaves: 'whole',
  apply(db, p, meta) {
    closeQuarterRow(db, { quarter: p.quarter, digest: p.digest, snapshot: p.snapshot, closedBy: meta.actor, closedAt: meta.at, seq: meta.seq });
  },
});

export const quarterReopened = defineEvent({
  kind: 'progress.reopen',
  payload: z.object({ quarter: Quarter, reason: z.string().min(1), closedDigest: z.string() }),
  leaves: 'whole',
  apply(db, p, meta) {
    if (!reopenQuarterRow(db, p.quarter, p.reason, meta.seq)) throw new Error(`quarter ${p.quarter} is not closed`);
  },
});

/** A rate's or coverage's value when the plan was issued (its progress is read from there). */
export const indicatorBaselineSet = defineEvent({
  kind: 'progress.baseline',
  payload: z.object({ indicator: z.string(), before: Value.nullable(), after: Value }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertBaseline(db, p.indicator, p.after, meta.actor, meta.seq);
  },
});

export const PROGRESS_EVENTS = [
  indicatorBaselineSet,
  progressTextRecorded,
  indicatorValueEntered,
  indicatorTargetSet,
  progressEvidenceAdded,
  quarterReportGenerated,
  quarterClosed,
  quarterReopened,
];

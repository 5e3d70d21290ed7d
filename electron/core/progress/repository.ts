import { type EvidenceFile, type ProgressText, QuarterReport } from '../../../shared/domain/progress';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';

// Quarterly progress: each task's text per quarter (task_progress), the values entered for
// indicators (indicator_value) and the county's own targets (indicator_target), attachments
// (progress_evidence), every report generated (quarter_report) and which quarters are closed on
// which snapshot (quarter_state). Written only by the events of progress/events.ts.

export type Value = { value: number; source: string };

// ── Writing ──────────────────────────────────────────────────────────────────────────────────

export function upsertProgressText(db: Db, quarter: string, task: number, text: ProgressText, by: string, seq: number): void {
  statement<[string, number, string, string, string, string, number]>(
    db,
    `INSERT INTO task_progress (quarter, task, narrative, problems, next_steps, revision, updated_by, updated_seq)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?)
     ON CONFLICT (quarter, task) DO UPDATE SET narrative = excluded.narrative, problems = excluded.problems,
       next_steps = excluded.next_steps, revision = revision + 1, updated_by = excluded.updated_by, updated_seq = excluded.updated_seq`,
  ).run(quarter, task, text.narrative, text.problems, text.nextSteps, by, seq);
}

export function upsertIndicatorValue(db: Db, quarter: string, indicator: string, v: Value, by: string, seq: number): void {
  statement<[string, string, number, string, string, number]>(
    db,
    `INSERT INTO indicator_value (quarter, indicator, value, source, entered_by, updated_seq) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (quarter, indicator) DO UPDATE SET value = excluded.value, source = excluded.source,
       entered_by = excluded.entered_by, updated_seq = excluded.updated_seq`,
  ).run(quarter, indicator, v.value, v.source, by, seq);
}

export function upsertIndicatorTarget(db: Db, indicator: string, v: Value, by: string, seq: number): void {
  statement<[string, number, string, string, number]>(
    db,
    `INSERT INTO indicator_target (indicator, value, source, set_by, updated_seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (indicator) DO UPDATE SET value = excluded.value, source = excluded.source, set_by = excluded.set_by, updated_seq = excluded.updated_seq`,
  ).run(indicator, v.value, v.source, by, seq);
}

export function insertProgressEvidence(db: Db, e: { quarter: string; task: number; sha256: string; fileName: string; size: number; addedBy: string; addedAt: string }): void {
  statement<[string, number, string, string, number, string, string]>(
    db,
    'INSERT OR IGNORE INTO progress_evidence (quarter, task, sha256, file_name, size, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(e.quarter, e.task, e.sha256, e.fileName, e.size, e.addedBy, e.addedAt);
}

export function insertQuarterReport(db: Db, r: { seq: number; quarter: string; format: string; digest: string; sha256: string; generatedBy: string; generatedAt: string }): void {
  statement<[number, string, string, string, string, string, string]>(
    db,
    'INSERT INTO quarter_report (seq, quarter, format, digest, sha256, generated_by, generated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(r.seq, r.quarter, r.format, r.digest, r.sha256, r.generatedBy, r.generatedAt);
}

/** The snapshot is stored as canonical JSON: replay writes the same text. */
export function closeQuarterRow(db: Db, c: { quarter: string; digest: string; snapshot: unknown; closedBy: string; closedAt: string; seq: number }): void {
  statement<[string, string, string, string, string, number]>(
    db,
    `INSERT INTO quarter_state (quarter, state, digest, snapshot, closed_by, closed_at, reopen_reason, updated_seq)
     VALUES (?, 'closed', ?, ?, ?, ?, NULL, ?)
     ON CONFLICT (quarter) DO UPDATE SET state = 'closed', digest = excluded.digest, snapshot = excluded.snapshot,
       closed_by = excluded.closed_by, closed_at = excluded.closed_at, reopen_reason = NULL, updated_seq = excluded.updated_seq`,
  ).run(c.quarter, c.digest, canonicalJson(c.snapshot), c.closedBy, c.closedAt, c.seq);
}

/** Returns false when the quarter was not closed. */
export function reopenQuarterRow(db: Db, quarter: string, reason: string, seq: number): boolean {
  return (
    statement<[string, number, string]>(
      db,
      "UPDATE quarter_state SET state = 'open', snapshot = NULL, digest = NULL, closed_by = NULL, closed_at = NULL, reopen_reason = ?, updated_seq = ? WHERE quarter = ? AND state = 'closed'",
    ).run(reason, seq, quarter).changes === 1
  );
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

/** Quarters with anything of their own: a task's text, an entered value, an attachment, a report or a close. */
export function quartersWithEntries(db: Db): Set<string> {
  const rows = statement<[], { quarter: string }>(
    db,
    `SELECT quarter FROM task_progress UNION SELECT quarter FROM indicator_value UNION SELECT quarter FROM progress_evidence
     UNION SELECT quarter FROM quarter_report UNION SELECT quarter FROM quarter_state`,
  ).all();
  return new Set(rows.map((r) => r.quarter));
}

export function quarterStates(db: Db): Map<string, 'open' | 'closed'> {
  const rows = statement<[], { quarter: string; state: 'open' | 'closed' }>(db, 'SELECT quarter, state FROM quarter_state').all();
  return new Map(rows.map((r) => [r.quarter, r.state]));
}

export function quarterState(db: Db, quarter: string): { state: 'open' | 'closed'; closedBy: string | null; closedAt: string | null; digest: string | null } | null {
  const row = statement<[string], { state: 'open' | 'closed'; closed_by: string | null; closed_at: string | null; digest: string | null }>(
    db,
    'SELECT state, closed_by, closed_at, digest FROM quarter_state WHERE quarter = ?',
  ).get(quarter);
  return row ? { state: row.state, closedBy: row.closed_by, closedAt: row.closed_at, digest: row.digest } : null;
}

/** The report a closed quarter was closed on, with who closed it and when. */
export function closedSnapshot(db: Db, quarter: string): { report: QuarterReport; closedBy: string; closedAt: string } | null {
  const row = statement<[string], { snapshot: string; closed_by: string; closed_at: string }>(
    db,
    "SELECT snapshot, closed_by, closed_at FROM quarter_state WHERE quarter = ? AND state = 'closed'",
  ).get(quarter);
  return row ? { report: parseJsonColumn(QuarterReport, row.snapshot, `${quarter} 的关闭快照`), closedBy: row.closed_by, closedAt: row.closed_at } : null;
}

/** The quarter's last generated report: its content digest and who generated it. */
export function lastQuarterReport(db: Db, quarter: string): { digest: string; generatedBy: string } | null {
  const row = statement<[string], { digest: string; generated_by: string }>(db, 'SELECT digest, generated_by FROM quarter_report WHERE quarter = ? ORDER BY seq DESC LIMIT 1').get(quarter);
  return row ? { digest: row.digest, generatedBy: row.generated_by } : null;
}

export function progressTextOf(db: Db, quarter: string, task: number): (ProgressText & { revision: number }) | null {
  const row = statement<[string, number], { narrative: string; problems: string; next_steps: string; revision: number }>(
    db,
    'SELECT narrative, problems, next_steps, revision FROM task_progress WHERE quarter = ? AND task = ?',
  ).get(quarter, task);
  return row ? { narrative: row.narrative, problems: row.problems, nextSteps: row.next_steps, revision: row.revision } : null;
}

export function progressEvidenceOf(db: Db, quarter: string, task: number): EvidenceFile[] {
  return statement<[string, number], { sha256: string; file_name: string; size: number; added_by: string; added_at: string }>(
    db,
    'SELECT sha256, file_name, size, added_by, added_at FROM progress_evidence WHERE quarter = ? AND task = ? ORDER BY added_at, sha256',
  )
    .all(quarter, task)
    .map((r) => ({ sha256: r.sha256, fileName: r.file_name, size: r.size, addedBy: r.added_by, addedAt: r.added_at }));
}

export function progressEvidenceFileName(db: Db, quarter: string, task: number, sha256: string): string | null {
  return (
    statement<[string, number, string], { file_name: string }>(db, 'SELECT file_name FROM progress_evidence WHERE quarter = ? AND task = ? AND sha256 = ?').get(quarter, task, sha256)?.file_name ??
    null
  );
}

/** The value entered for an indicator in the quarter, or the latest earlier one (carried forward). */
export function enteredValueAsOf(db: Db, indicator: string, quarter: string): (Value & { quarter: string }) | null {
  return (
    statement<[string, string], Value & { quarter: string }>(db, 'SELECT quarter, value, source FROM indicator_value WHERE indicator = ? AND quarter <= ? ORDER BY quarter DESC LIMIT 1').get(
      indicator,
      quarter,
    ) ?? null
  );
}

/** The value entered in exactly this quarter, or null. */
export function enteredValueIn(db: Db, quarter: string, indicator: string): Value | null {
  return statement<[string, string], Value>(db, 'SELECT value, source FROM indicator_value WHERE quarter = ? AND indicator = ?').get(quarter, indicator) ?? null;
}

export function upsertBaseline(db: Db, indicator: string, v: Value, by: string, seq: number): void {
  statement<[string, number, string, string, number]>(
    db,
    `INSERT INTO indicator_baseline (indicator, value, source, set_by, updated_seq) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (indicator) DO UPDATE SET value = excluded.value, source = excluded.source, set_by = excluded.set_by, updated_seq = excluded.updated_seq`,
  ).run(indicator, v.value, v.source, by, seq);
}

/** A rate's or coverage's value when the plan was issued, as the county recorded it. */
export function baselineOf(db: Db, indicator: string): Value | null {
  return statement<[string], Value>(db, 'SELECT value, source FROM indicator_baseline WHERE indicator = ?').get(indicator) ?? null;
}

export function localTarget(db: Db, indicator: string): Value | null {
  return statement<[string], Value>(db, 'SELECT value, source FROM indicator_target WHERE indicator = ?').get(indicator) ?? null;
}

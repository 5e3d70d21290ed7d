import type { NoticeView, Objection } from '../../../shared/domain/claims';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

// notice and objection: the 公示 lists and the objections received during them. Written only by
// the events of claims/events.ts.

export type NoticeRow = { id: string; no: string; title: string; starts_on: string; ends_on: string; contact: string; state: 'open' | 'ended'; created_by: string };

export function insertNotice(db: Db, n: { id: string; no: string; title: string; startsOn: string; endsOn: string; contact: string; createdBy: string; seq: number }): void {
  statement<[string, string, string, string, string, string, string, number]>(
    db,
    "INSERT INTO notice (id, no, title, starts_on, ends_on, contact, state, created_by, created_seq) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?)",
  ).run(n.id, n.no, n.title, n.startsOn, n.endsOn, n.contact, n.createdBy, n.seq);
}

export function markNoticeEnded(db: Db, id: string): void {
  statement<[string]>(db, "UPDATE notice SET state = 'ended' WHERE id = ?").run(id);
}

export function noticeRow(db: Db, id: string): NoticeRow | null {
  return statement<[string], NoticeRow>(db, 'SELECT id, no, title, starts_on, ends_on, contact, state, created_by FROM notice WHERE id = ?').get(id) ?? null;
}

export function listNotices(db: Db): NoticeView[] {
  const rows = statement<[], NoticeRow & { claims: number; total: number }>(
    db,
    `SELECT n.*, count(c.id) AS claims, coalesce(sum(c.amount_fen), 0) AS total FROM notice n LEFT JOIN claim c ON c.notice_id = n.id AND c.state <> 'voided'
     GROUP BY n.id ORDER BY n.created_seq DESC`,
  ).all();
  return rows.map((n) => ({ id: n.id, no: n.no, title: n.title, startsOn: n.starts_on, endsOn: n.ends_on, contact: n.contact, state: n.state, createdBy: n.created_by, claims: n.claims, totalFen: n.total }));
}

type ObjectionRow = { id: string; claim_id: string; received_on: string; text: string; recorded_by: string; resolution: string | null; upheld: number | null; resolved_by: string | null };

export function insertObjection(db: Db, o: { id: string; claimId: string; receivedOn: string; text: string; recordedBy: string; seq: number }): void {
  statement<[string, string, string, string, string, number]>(db, 'INSERT INTO objection (id, claim_id, received_on, text, recorded_by, created_seq) VALUES (?, ?, ?, ?, ?, ?)').run(
    o.id,
    o.claimId,
    o.receivedOn,
    o.text,
    o.recordedBy,
    o.seq,
  );
}

export function resolveObjectionRow(db: Db, id: string, resolution: string, upheld: boolean, resolvedBy: string): void {
  statement<[string, number, string, string]>(db, 'UPDATE objection SET resolution = ?, upheld = ?, resolved_by = ? WHERE id = ?').run(resolution, upheld ? 1 : 0, resolvedBy, id);
}

/** The claim an objection was raised against, and whether it has been resolved. */
export function objectionState(db: Db, id: string): { claimId: string; resolved: boolean } | null {
  const row = statement<[string], { claim_id: string; resolution: string | null }>(db, 'SELECT claim_id, resolution FROM objection WHERE id = ?').get(id);
  return row ? { claimId: row.claim_id, resolved: row.resolution !== null } : null;
}

export function objectionsOf(db: Db, claimId: string): Objection[] {
  return statement<[string], ObjectionRow>(db, 'SELECT * FROM objection WHERE claim_id = ? ORDER BY created_seq')
    .all(claimId)
    .map((o) => ({
      id: o.id,
      claimId: o.claim_id,
      receivedOn: o.received_on,
      text: o.text,
      recordedBy: o.recorded_by,
      resolution: o.resolution,
      upheld: o.upheld === null ? null : o.upheld === 1,
      resolvedBy: o.resolved_by,
    }));
}

import type { CountyMeasure, CountyPlan, EvidenceFile, Responsibility } from '../../../shared/domain/progress';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

// The county's own plan (county_plan), who in the county answers for each task (task_assignment),
// and what it did under 二(八) and 二(九) (county_measure, with evidence files). Written only by
// county-plan/events.ts.

export function upsertCountyPlan(db: Db, p: { docNo: string; title: string; issuedOn: string; fileSha256: string | null; fileName: string | null }, seq: number): void {
  statement<[string, string, string, string | null, string | null, number]>(
    db,
    `INSERT INTO county_plan (id, doc_no, title, issued_on, file_sha256, file_name, updated_seq) VALUES (1, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET doc_no = excluded.doc_no, title = excluded.title, issued_on = excluded.issued_on,
       file_sha256 = excluded.file_sha256, file_name = excluded.file_name, updated_seq = excluded.updated_seq`,
  ).run(p.docNo, p.title, p.issuedOn, p.fileSha256, p.fileName, seq);
}

export function countyPlanRow(db: Db): (CountyPlan & { fileSha256: string | null }) | null {
  const row = statement<[], { doc_no: string; title: string; issued_on: string; file_sha256: string | null; file_name: string | null }>(
    db,
    'SELECT doc_no, title, issued_on, file_sha256, file_name FROM county_plan WHERE id = 1',
  ).get();
  return row ? { docNo: row.doc_no, title: row.title, issuedOn: row.issued_on, fileName: row.file_name, fileSha256: row.file_sha256 } : null;
}

export function insertAssignment(db: Db, a: Responsibility, seq: number): void {
  statement<[string, number, string, string, string, string | null, number]>(
    db,
    'INSERT INTO task_assignment (id, task, part, unit, unit_kind, deadline, created_seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(a.id, a.task, a.part, a.unit, a.unitKind, a.deadline, seq);
}

export function deleteAssignment(db: Db, id: string): boolean {
  return statement<[string]>(db, 'DELETE FROM task_assignment WHERE id = ?').run(id).changes === 1;
}

export function assignments(db: Db): Responsibility[] {
  return statement<[], { id: string; task: number; part: string; unit: string; unit_kind: 'department' | 'town'; deadline: string | null }>(
    db,
    'SELECT id, task, part, unit, unit_kind, deadline FROM task_assignment ORDER BY task, created_seq',
  )
    .all()
    .map((r) => ({ id: r.id, task: r.task, part: r.part, unit: r.unit, unitKind: r.unit_kind, deadline: r.deadline }));
}

export function insertMeasure(db: Db, m: Omit<CountyMeasure, 'evidence'>, seq: number): void {
  statement<[string, string, string, string, string, number | null, number]>(
    db,
    'INSERT INTO county_measure (id, kind, title, doc_no, date, amount_fen, created_seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(m.id, m.kind, m.title, m.docNo, m.date, m.amountFen, seq);
}

export function insertMeasureEvidence(db: Db, measureId: string, e: EvidenceFile): void {
  statement<[string, string, string, number, string, string]>(
    db,
    'INSERT OR IGNORE INTO county_measure_evidence (measure_id, sha256, file_name, size, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(measureId, e.sha256, e.fileName, e.size, e.addedBy, e.addedAt);
}

export function measureExists(db: Db, id: string): boolean {
  return statement<[string], { id: string }>(db, 'SELECT id FROM county_measure WHERE id = ?').get(id) !== undefined;
}

export function countyMeasures(db: Db): CountyMeasure[] {
  const evidence = statement<[string], { sha256: string; file_name: string; size: number; added_by: string; added_at: string }>(
    db,
    'SELECT sha256, file_name, size, added_by, added_at FROM county_measure_evidence WHERE measure_id = ? ORDER BY added_at, sha256',
  );
  return statement<[], { id: string; kind: 'public-service' | 'talent'; title: string; doc_no: string; date: string; amount_fen: number | null }>(
    db,
    'SELECT id, kind, title, doc_no, date, amount_fen FROM county_measure ORDER BY date, created_seq',
  )
    .all()
    .map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      docNo: m.doc_no,
      date: m.date,
      amountFen: m.amount_fen,
      evidence: evidence.all(m.id).map((e) => ({ sha256: e.sha256, fileName: e.file_name, size: e.size, addedBy: e.added_by, addedAt: e.added_at })),
    }));
}

export function measureEvidenceName(db: Db, measureId: string, sha256: string): string | null {
  return statement<[string, string], { file_name: string }>(db, 'SELECT file_name FROM county_measure_evidence WHERE measure_id = ? AND sha256 = ?').get(measureId, sha256)?.file_name ?? null;
}

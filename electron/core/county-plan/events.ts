import { z } from 'zod';
import { IsoDate } from '../../../shared/domain/tasks';
import { defineEvent } from '../ledger/events';
import { deleteAssignment, insertAssignment, insertMeasure, insertMeasureEvidence, upsertCountyPlan } from './repository';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** 各县区要及时制定细化方案: the county's plan document, with its file in the evidence store. */
export const countyPlanRecorded = defineEvent({
  kind: 'county-plan.recorded',
  payload: z.object({ docNo: z.string().min(1), title: z.string().min(1), issuedOn: IsoDate, fileSha256: Sha256.nullable(), fileName: z.string().nullable() }),
  leaves: 'whole',
  apply(db, p, meta) {
    upsertCountyPlan(db, p, meta.seq);
  },
});

/** 明确县直区直各部门和乡（镇）村工作责任: a task, or a part of it, given to a department or a town. */
export const assignmentRecorded = defineEvent({
  kind: 'county-plan.assigned',
  payload: z.object({ id: z.string().min(1), task: z.number().int().min(1), part: z.string(), unit: z.string().min(1), unitKind: z.enum(['department', 'town']), deadline: IsoDate.nullable() }),
  leaves: 'whole',
  apply(db, p, meta) {
    insertAssignment(db, p, meta.seq);
  },
});

export const assignmentRemoved = defineEvent({
  kind: 'county-plan.unassigned',
  payload: z.object({ id: z.string().min(1), reason: z.string().min(1) }),
  leaves: 'whole',
  apply(db, p) {
    if (!deleteAssignment(db, p.id)) throw new Error(`no assignment ${p.id}`);
  },
});

/** What the county did under 二(八) or 二(九): document, date, amount where there is one. */
export const measureRecorded = defineEvent({
  kind: 'county-plan.measure',
  payload: z.object({ id: z.string().min(1), kind: z.enum(['public-service', 'talent']), title: z.string().min(1), docNo: z.string().min(1), date: IsoDate, amountFen: z.number().int().min(0).nullable() }),
  leaves: 'whole',
  apply(db, p, meta) {
    insertMeasure(db, p, meta.seq);
  },
});

export const measureEvidenceAdded = defineEvent({
  kind: 'county-plan.evidence',
  payload: z.object({ measureId: z.string().min(1), sha256: Sha256, fileName: z.string(), size: z.number().int() }),
  leaves: 'whole',
  apply(db, p, meta) {
    insertMeasureEvidence(db, p.measureId, { sha256: p.sha256, fileName: p.fileName, size: p.size, addedBy: meta.actor, addedAt: meta.at });
  },
});

export const COUNTY_PLAN_EVENTS = [countyPlanRecorded, assignmentRecorded, assignmentRemoved, measureRecorded, measureEvidenceAdded];

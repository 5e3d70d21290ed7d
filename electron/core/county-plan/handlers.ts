import { chinaToday } from '../../../shared/dates';
import { DomainError } from '../../../shared/result';
import { base64, type HandlerGroup, signedIn } from '../calls';
import type { Core } from '../core';
import { readStoredEvidence } from '../evidence';
import { assignments, countyMeasures, countyPlanRow, measureEvidenceName } from './repository';
import { addMeasureEvidence, assignTask, progressByUnit, recordCountyPlan, recordMeasure, removeAssignment } from './service';

function view(core: Core) {
  const plan = countyPlanRow(core.db);
  return {
    plan: plan && { docNo: plan.docNo, title: plan.title, issuedOn: plan.issuedOn, fileName: plan.fileName },
    responsibilities: assignments(core.db),
    measures: countyMeasures(core.db),
  };
}

const upload = (f: { fileName: string; contentBase64: string }) => ({ fileName: f.fileName, bytes: Buffer.from(f.contentBase64, 'base64') });

export const countyPlanHandlers: HandlerGroup<'countyPlan'> = {
  'countyPlan.get': (_input, core) => view(core),
  'countyPlan.save': (input, core, ctx) => {
    recordCountyPlan(core.ledger, signedIn(ctx), core.dataDir, { ...input, file: input.file && upload(input.file) });
    return view(core);
  },
  'countyPlan.byUnit': (input, core, ctx) => {
    const now = core.sessions.time();
    return progressByUnit(core.db, chinaToday(now), input.quarter, signedIn(ctx).displayName, now.toISOString());
  },
  'countyPlan.file': (_input, core) => {
    const plan = countyPlanRow(core.db);
    if (!plan?.fileSha256 || !plan.fileName) throw new DomainError('NOT_FOUND', '本县细化方案尚未上传文件');
    return { fileName: plan.fileName, contentBase64: base64(readStoredEvidence(core.dataDir, plan.fileSha256, plan.fileName)) };
  },
  'countyPlan.assign': (input, core, ctx) => {
    assignTask(core.ledger, signedIn(ctx), input);
    return view(core);
  },
  'countyPlan.unassign': (input, core, ctx) => {
    removeAssignment(core.ledger, signedIn(ctx), input);
    return view(core);
  },
  'countyPlan.addMeasure': (input, core, ctx) => {
    recordMeasure(core.ledger, signedIn(ctx), input);
    return view(core);
  },
  'countyPlan.addMeasureEvidence': (input, core, ctx) => {
    addMeasureEvidence(core.ledger, signedIn(ctx), core.dataDir, { measureId: input.measureId, file: upload(input) });
    return view(core);
  },
  'countyPlan.measureEvidence': (input, core) => {
    const fileName = measureEvidenceName(core.db, input.measureId, input.sha256);
    if (fileName === null) throw new DomainError('NOT_FOUND', '该事项没有这个附件');
    return { fileName, contentBase64: base64(readStoredEvidence(core.dataDir, input.sha256, fileName)) };
  },
};

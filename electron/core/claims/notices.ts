import type { Principal } from '../../../shared/domain/accounts';
import { CLAIM_STATE_LABELS } from '../../../shared/domain/claims';
import { formatChineseDate, isIsoDate } from '../../../shared/dates';
import { DomainError } from '../../../shared/result';
import { countyName } from '../counties/repository';
import type { Ledger } from '../ledger/ledger';
import { allow, installCounty, mustClaim, newId, numberer } from './access';
import { claimNoticed, noticeCreated, noticeEnded, objectionRecorded, objectionResolved } from './events';
import { noticeRow, objectionState } from './notice-repository';
import { claimRows } from './repository';

// 公示: reviewed claims published for a period, objections received and settled before approval.

export function createNotice(ledger: Ledger, by: Principal, input: { claimIds: string[]; startsOn: string; endsOn: string; contact: string; title?: string }): string {
  const db = ledger.db;
  return db.transaction(() => {
    if (input.claimIds.length === 0) throw new DomainError('VALIDATION', '公示名单：至少选择一条审核通过的申报');
    if (!isIsoDate(input.startsOn) || !isIsoDate(input.endsOn)) throw new DomainError('VALIDATION', '公示期：日期无效');
    if (input.endsOn < input.startsOn) throw new DomainError('VALIDATION', `公示期：结束日期 ${formatChineseDate(input.endsOn)} 早于开始日期 ${formatChineseDate(input.startsOn)}`);
    if (!input.contact.trim()) throw new DomainError('VALIDATION', '异议受理联系方式：请填写');
    const claims = input.claimIds.map((id) => mustClaim(db, id));
    for (const c of claims) allow(by, 'notice', c);
    const county = installCounty(db);
    const name = countyName(db, county) ?? county;
    const year = Math.max(...claims.map((c) => c.year));
    const id = newId('N');
    const no = numberer(db, 'notice', 'GS')(year);
    const batch = Number(no.slice(-4));
    const title = input.title?.trim() || `${name}${year}年度农村电商奖补资金公示名单（第${batch}批）`;
    ledger.appendMany(by.username, [
      { kind: noticeCreated.kind, entity: `notice:${id}`, payload: { id, no, title, startsOn: input.startsOn, endsOn: input.endsOn, contact: input.contact.trim() } },
      ...claims.map((c) => ({ kind: claimNoticed.kind, entity: `claim:${c.id}`, payload: { id: c.id, noticeId: id } })),
    ]);
    return id;
  })();
}

/** A notice ends once its period is over; its claims (not voided meanwhile) move to 公示结束. */
export function endNotice(ledger: Ledger, by: Principal, id: string, today: string): void {
  const db = ledger.db;
  db.transaction(() => {
    const notice = noticeRow(db, id);
    if (!notice) throw new DomainError('NOT_FOUND', '找不到该公示');
    if (notice.state !== 'open') throw new DomainError('STATE', `公示 ${notice.no} 已结束`);
    if (today <= notice.ends_on) throw new DomainError('STATE', `公示期至 ${formatChineseDate(notice.ends_on)} 止，尚未届满，不能结束公示`);
    const claims = claimRows(db, { noticeId: id }).filter((c) => c.state === 'noticing');
    for (const c of claims) allow(by, 'endNotice', c);
    if (claims.length === 0) allow(by, 'endNotice', null);
    ledger.append(by.username, { kind: noticeEnded.kind, entity: `notice:${id}`, payload: { id, claims: claims.map((c) => c.id) } });
  })();
}

export function recordObjection(ledger: Ledger, by: Principal, input: { claimId: string; receivedOn: string; text: string }): string {
  const db = ledger.db;
  return db.transaction(() => {
    if (!by.roles.some((r) => r === 'clerk' || r === 'reviewer' || r === 'director')) throw new DomainError('FORBIDDEN', '登记异议需要录入员、审核员或审批人角色');
    const claim = mustClaim(db, input.claimId);
    if (claim.state !== 'noticing' && claim.state !== 'noticed') {
      throw new DomainError('STATE', `申报 ${claim.no} 当前状态为「${CLAIM_STATE_LABELS[claim.state]}」，只有公示中或公示结束的申报可以登记异议`);
    }
    if (!input.text.trim()) throw new DomainError('VALIDATION', '异议内容：请填写');
    const id = newId('O');
    ledger.append(by.username, { kind: objectionRecorded.kind, entity: `claim:${claim.id}`, payload: { id, claimId: claim.id, receivedOn: input.receivedOn, text: input.text.trim() } });
    return id;
  })();
}

/** Settles an objection; returns the claim it was raised against. */
export function resolveObjection(ledger: Ledger, by: Principal, input: { id: string; resolution: string; upheld: boolean }): string {
  const db = ledger.db;
  return db.transaction(() => {
    if (!by.roles.some((r) => r === 'reviewer' || r === 'director')) throw new DomainError('FORBIDDEN', '处理异议需要审核员或审批人角色');
    const objection = objectionState(db, input.id);
    if (!objection) throw new DomainError('NOT_FOUND', '找不到该异议');
    if (objection.resolved) throw new DomainError('STATE', '该异议已处理');
    if (!input.resolution.trim()) throw new DomainError('VALIDATION', '处理结果：请填写');
    ledger.append(by.username, {
      kind: objectionResolved.kind,
      entity: `claim:${objection.claimId}`,
      payload: { id: input.id, claimId: objection.claimId, resolution: input.resolution.trim(), upheld: input.upheld },
    });
    return objection.claimId;
  })();
}

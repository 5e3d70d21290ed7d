import { randomBytes } from 'node:crypto';
import { type Principal, rolesLabel } from '../../../shared/domain/accounts';
import { CLAIM_STATE_LABELS, type ClaimAction, TRANSITIONS } from '../../../shared/domain/claims';
import { DomainError } from '../../../shared/result';
import type { Db } from '../db/open';
import { installRole } from '../policy/repository';
import { type ClaimRow, claimRow, numbersGivenWith } from './repository';

// What every step of a claim checks first, in this order: the person's role for the step, the
// claim's state, then the four-eyes rule; and the identifiers steps give out.

export function newId(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** The county this install belongs to; claims are handled only in a county's install. */
export function installCounty(db: Db): string {
  const role = installRole(db);
  if (role?.role !== 'county') throw new DomainError('FORBIDDEN', '请先在首页选择本机所属县区，奖补申报只在县区版中办理');
  return role.county;
}

export function mustClaim(db: Db, id: string): ClaimRow {
  const row = claimRow(db, id);
  if (!row) throw new DomainError('NOT_FOUND', '找不到该申报');
  return row;
}

/** Role, then state: the messages say who may do it and what the claim's state allows. */
export function allow(principal: Principal, action: ClaimAction, claim: ClaimRow | null): void {
  const t = TRANSITIONS[action];
  if (!t.roles.some((r) => principal.roles.includes(r))) {
    throw new DomainError('FORBIDDEN', `「${t.label}」需要${rolesLabel(t.roles)}角色，当前用户「${principal.displayName}」没有该角色`);
  }
  if (claim && !t.from.includes(claim.state)) {
    throw new DomainError('STATE', `申报 ${claim.no} 当前状态为「${CLAIM_STATE_LABELS[claim.state]}」，不能${t.label}（只有${t.from.map((s) => `「${CLAIM_STATE_LABELS[s]}」`).join('、')}的申报可以）`);
  }
}

/** Four eyes: whoever entered or submitted a claim neither reviews nor approves it; its reviewer does not approve it. */
export function fourEyes(principal: Principal, claim: ClaimRow, action: 'pass' | 'return' | 'approve'): void {
  const me = principal.username;
  if (claim.entered_by === me || claim.submitted_by === me) {
    throw new DomainError('FORBIDDEN', `四眼原则：申报 ${claim.no} 由您录入或提交，不能由您${action === 'approve' ? '审批' : '审核'}`);
  }
  if (action === 'approve' && claim.reviewed_by === me) {
    throw new DomainError('FORBIDDEN', `四眼原则：申报 ${claim.no} 由您审核，不能再由您审批`);
  }
}

/**
 * Numbers given in order within a year (SB2019-0001, GS2019-0001…): the count so far is read once,
 * then counted on, so a batch of many claims numbers them as one at a time would.
 */
export function numberer(db: Db, table: 'claim' | 'notice', prefix: 'SB' | 'GS'): (year: number) => string {
  const given = new Map<number, number>();
  return (year) => {
    const n = (given.get(year) ?? numbersGivenWith(db, table, `${prefix}${year}-`)) + 1;
    given.set(year, n);
    return `${prefix}${year}-${String(n).padStart(4, '0')}`;
  };
}

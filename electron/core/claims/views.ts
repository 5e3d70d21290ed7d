import type { ClaimView } from '../../../shared/domain/claims';
import { namesOf } from '../accounts/repository';
import type { Db } from '../db/open';
import { activePack } from '../policy/repository';
import { objectionsOf } from './notice-repository';
import { type ClaimRow, evidenceOf, purchasesOf, toClaimView } from './repository';

// A claim as the clerk reads it: the rule's title and clause from the active pack beside the row.

export type RuleTitles = Map<string, { title: string; clause: string }>;

export function ruleTitles(db: Db): RuleTitles {
  return new Map(activePack(db).rules.map((r) => [r.id, { title: r.title, clause: `${r.clause.section} ${r.clause.quote}` }]));
}

/** People are shown by name (李录入); the journal and the four-eyes checks keep the username. */
export function claimView(db: Db, row: ClaimRow, titles: RuleTitles = ruleTitles(db), name: (username: string) => string = namesOf(db)): ClaimView {
  const view = toClaimView(row, titles.get(row.rule), {
    evidence: evidenceOf(db, row.id).map((e) => ({ ...e, addedBy: name(e.addedBy) })),
    objections: objectionsOf(db, row.id).map((o) => ({ ...o, recordedBy: name(o.recordedBy), resolvedBy: o.resolvedBy === null ? null : name(o.resolvedBy) })),
    purchases: purchasesOf(db, row.id),
  });
  const maybe = (u: string | null) => (u === null ? null : name(u));
  return { ...view, enteredBy: name(view.enteredBy), submittedBy: maybe(view.submittedBy), reviewedBy: maybe(view.reviewedBy), approvedBy: maybe(view.approvedBy) };
}

import type { ClaimView } from '../../../shared/domain/claims';
import type { Db } from '../db/open';
import { activePack } from '../policy/repository';
import { objectionsOf } from './notice-repository';
import { type ClaimRow, evidenceOf, purchasesOf, toClaimView } from './repository';

// A claim as the clerk reads it: the rule's title and clause from the active pack beside the row.

export type RuleTitles = Map<string, { title: string; clause: string }>;

export function ruleTitles(db: Db): RuleTitles {
  return new Map(activePack(db).rules.map((r) => [r.id, { title: r.title, clause: `${r.clause.section} ${r.clause.quote}` }]));
}

export function claimView(db: Db, row: ClaimRow, titles: RuleTitles = ruleTitles(db)): ClaimView {
  return toClaimView(row, titles.get(row.rule), { evidence: evidenceOf(db, row.id), objections: objectionsOf(db, row.id), purchases: purchasesOf(db, row.id) });
}

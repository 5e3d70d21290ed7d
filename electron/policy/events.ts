import { LoadedPolicyPack } from '../../shared/domain/policy';
import { statement } from '../db/statements';
import { defineEvent } from '../ledger/events';

/** Records which policy pack (by digest) the ledger runs on; the newest load is the active one. */
export const policyPackLoaded = defineEvent({
  kind: 'policy.loaded',
  payload: LoadedPolicyPack,
  apply(db, p, meta) {
    statement(db, 'UPDATE policy_pack SET active = 0').run();
    statement(
      db,
      `INSERT INTO policy_pack (id, doc_no, title, issuer, issued_on, years, version, digest, active, loaded_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
       ON CONFLICT (id) DO UPDATE SET doc_no = excluded.doc_no, title = excluded.title, issuer = excluded.issuer,
         issued_on = excluded.issued_on, years = excluded.years, version = excluded.version,
         digest = excluded.digest, active = 1, loaded_seq = excluded.loaded_seq`,
    ).run(p.id, p.docNo, p.title, p.issuer, p.issuedOn, JSON.stringify(p.years), p.version, p.digest, meta.seq);
  },
});

export const POLICY_EVENTS = [policyPackLoaded];

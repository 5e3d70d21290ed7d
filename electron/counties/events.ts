import { County } from '../../shared/domain/counties';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';
import { defineEvent } from '../ledger/events';

/** A county-level unit and its sourced facts, as seeded or as corrected by the configuring unit. */
export const countyRecorded = defineEvent({
  kind: 'county.recorded',
  payload: County,
  apply(db, c, meta) {
    const facts = canonicalJson({
      populationResident: c.populationResident,
      populationRegistered: c.populationRegistered,
      povertyCounty2019: c.povertyCounty2019,
      floodStorage: c.floodStorage,
    });
    statement(
      db,
      `INSERT INTO county (code, code_official, name, kind, facts, note, updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code) DO UPDATE SET code_official = excluded.code_official, name = excluded.name,
         kind = excluded.kind, facts = excluded.facts, note = excluded.note, updated_seq = excluded.updated_seq`,
    ).run(c.code, c.codeOfficial ? 1 : 0, c.name, c.kind, facts, c.note, meta.seq);
  },
});

export const COUNTY_EVENTS = [countyRecorded];

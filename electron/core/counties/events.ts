import { County } from '../../../shared/domain/counties';
import { defineEvent } from '../ledger/events';
import { upsertCounty } from './repository';

/** A county-level unit and its sourced facts, as seeded or as corrected by the configuring unit. */
export const countyRecorded = defineEvent({
  kind: 'county.recorded',
  payload: County,
  leaves: 'whole',
  apply(db, c, meta) {
    upsertCounty(db, c, meta.seq);
  },
});

export const COUNTY_EVENTS = [countyRecorded];

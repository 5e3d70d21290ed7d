import type { Database } from 'better-sqlite3';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-policy-content-and-settings';
import * as m0003 from './0003-registry';
import * as m0004 from './0004-accounts-claims';
import * as m0005 from './0005-progress';
import * as m0006 from './0006-exchange';
import * as m0007 from './0007-subject-number-indexes';
import * as m0008 from './0008-claim-lookups';
import * as m0009 from './0009-county-readings-and-plan';
import * as m0010 from './0010-recheck';
import * as m0011 from './0011-claim-list';
import * as m0012 from './0012-recheck-order';
import * as m0013 from './0013-recheck-unsettled';

// Ordered; the position + 1 is the schema version stored in PRAGMA user_version.
// A shipped migration is never edited: add a new file instead.
export type Migration = { name: string; up: (db: Database) => void };

export const MIGRATIONS: readonly Migration[] = [
  { name: '0001-initial', up: m0001.up },
  { name: '0002-policy-content-and-settings', up: m0002.up },
  { name: '0003-registry', up: m0003.up },
  { name: '0004-accounts-claims', up: m0004.up },
  { name: '0005-progress', up: m0005.up },
  { name: '0006-exchange', up: m0006.up },
  { name: '0007-subject-number-indexes', up: m0007.up },
  { name: '0008-claim-lookups', up: m0008.up },
  { name: '0009-county-readings-and-plan', up: m0009.up },
  { name: '0010-recheck', up: m0010.up },
  { name: '0011-claim-list', up: m0011.up },
  { name: '0012-recheck-order', up: m0012.up },
  { name: '0013-recheck-unsettled', up: m0013.up },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

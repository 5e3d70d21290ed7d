import { hash } from 'node:crypto';
import type { Principal } from '../../../shared/domain/accounts';
import { chinaToday } from '../../../shared/dates';
import type { Core } from '../core';
import type { Db } from '../db/open';
import { findCjkFont } from '../documents/fonts';
import { configuredFontPath } from '../settings/service';
import { quarterReportGenerated } from './events';
import { quarterReportFileName, quarterReportPdf, quarterReportXlsx } from './report';
import { quarterReport, reportDigest } from './service';

// Generating the quarter's report: the snapshot (computed, or frozen if the quarter is closed),
// rendered as xlsx or PDF, and journaled with the content digest and the file's SHA-256 — the
// digest is what closing the quarter checks against.

export type ReportFile = { fileName: string; bytes: Uint8Array; digest: string };

/** The report as a file, without journaling it (the CLI renders a closed quarter's this way beside a running app). */
export async function renderQuarterReport(db: Db, now: Date, byName: string, quarter: string, format: 'pdf' | 'xlsx'): Promise<ReportFile> {
  const report = quarterReport({ db, today: chinaToday(now) }, quarter, byName, now.toISOString());
  const bytes = format === 'pdf' ? await quarterReportPdf(report, findCjkFont(configuredFontPath(db))) : await quarterReportXlsx(report);
  return { fileName: quarterReportFileName(report, format), bytes, digest: reportDigest(report) };
}

export async function generateQuarterReport(core: Core, by: Pick<Principal, 'username' | 'displayName'>, quarter: string, format: 'pdf' | 'xlsx'): Promise<ReportFile> {
  const { fileName, bytes, digest } = await renderQuarterReport(core.db, core.sessions.time(), by.displayName, quarter, format);
  core.ledger.append(by.username, {
    kind: quarterReportGenerated.kind,
    entity: `quarter:${quarter}`,
    payload: { quarter, format, digest, sha256: hash('sha256', bytes, 'hex'), fileName },
  });
  return { fileName, bytes, digest };
}

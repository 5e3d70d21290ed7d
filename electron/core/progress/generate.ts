import { hash } from 'node:crypto';
import type { Principal } from '../../../shared/domain/accounts';
import { chinaToday } from '../../../shared/dates';
import type { Core } from '../core';
import { findCjkFont } from '../documents/fonts';
import { configuredFontPath } from '../settings/service';
import { quarterReportGenerated } from './events';
import { quarterReportFileName, quarterReportPdf, quarterReportXlsx } from './report';
import { quarterReport, reportDigest } from './service';

// Generating the quarter's report: the snapshot (computed, or frozen if the quarter is closed),
// rendered as xlsx or PDF, and journaled with the content digest and the file's SHA-256 — the
// digest is what closing the quarter checks against.

export type ReportFile = { fileName: string; bytes: Uint8Array; digest: string };

export async function generateQuarterReport(core: Core, by: Pick<Principal, 'username' | 'displayName'>, quarter: string, format: 'pdf' | 'xlsx'): Promise<ReportFile> {
  const now = core.sessions.time();
  const report = quarterReport({ db: core.db, today: chinaToday(now) }, quarter, by.displayName, now.toISOString());
  const bytes = format === 'pdf' ? await quarterReportPdf(report, findCjkFont(configuredFontPath(core.db))) : await quarterReportXlsx(report);
  const fileName = quarterReportFileName(report, format);
  const digest = reportDigest(report);
  core.ledger.append(by.username, {
    kind: quarterReportGenerated.kind,
    entity: `quarter:${quarter}`,
    payload: { quarter, format, digest, sha256: hash('sha256', bytes, 'hex'), fileName },
  });
  return { fileName, bytes, digest };
}

import { z } from 'zod';

// The bounds on what a clerk (or anyone holding the access token) can hand the core, as one set of
// numbers: the contract, the loopback host and the importers all read them from here, and the
// clerk sees the same number in the message that refuses a file.

const MIB = 1024 * 1024;

/** The largest file one call may upload (spreadsheets, evidence, bank returns, bundles). */
export const MAX_UPLOAD_BYTES = 20 * MIB;
export const MAX_UPLOAD_MB = MAX_UPLOAD_BYTES / MIB;
/** The same file as base64, which is how it crosses the contract. */
export const MAX_UPLOAD_BASE64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;
/** The host's body limit: one file in base64 and the few fields around it in the JSON body. */
export const MAX_REQUEST_BYTES = MAX_UPLOAD_BASE64 + MIB;
export const UPLOAD_TOO_LARGE = `文件过大：一次最多上传 ${MAX_UPLOAD_MB} MB`;

/** Rows one import may hold (a file's sheet or a pasted block), header aside. */
export const MAX_IMPORT_ROWS = 100_000;
/** Columns one import row may hold. */
export const MAX_IMPORT_COLUMNS = 200;
/** Excel's own limit for one cell's text: longer means the file was not made by an office suite. */
export const MAX_CELL_CHARS = 32_767;
/** A spreadsheet's shared-string table (xl/sharedStrings.xml), unpacked. */
export const MAX_STRING_TABLE_BYTES = 64 * MIB;
/** Everything read from one zipped spreadsheet (.xlsx, .ods), unpacked. */
export const MAX_UNPACKED_BYTES = 256 * MIB;
/** Entries one zipped spreadsheet may hold. */
export const MAX_ZIP_ENTRIES = 2_000;
/** How long reading one spreadsheet may take before it is refused. */
export const MAX_READ_SECONDS = 120;

/** A file crossing the contract as base64, refused above the one upload limit. */
export const UploadBase64 = z.string().max(MAX_UPLOAD_BASE64, { message: UPLOAD_TOO_LARGE });

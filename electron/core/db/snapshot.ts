import type { Db } from './open';

// A consistent copy of a live database in a new file, for backups.

/** SQLite's online backup: copies page by page and lets other calls run in between. */
export async function snapshotDatabase(db: Db, destination: string): Promise<void> {
  await db.backup(destination);
}

/** The same, synchronously (before a migration, while the database is being opened): VACUUM INTO writes a compact copy in one statement. */
export function snapshotDatabaseSync(db: Db, destination: string): void {
  db.prepare('VACUUM INTO ?').run(destination);
}

import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { Unzip, UnzipInflate, Zip, ZipDeflate } from 'fflate';

// Zip files written and read a piece at a time, synchronously: a backup holds a database of
// hundreds of megabytes and every evidence file, so nothing is ever held whole in memory, and the
// backup before a migration runs inside the (synchronous) opening of the database.

const CHUNK = 1024 * 1024;

export type ZipWriter = {
  /** Adds a file from disk under `name`. */
  addFile(name: string, path: string): void;
  addBytes(name: string, bytes: Uint8Array): void;
  /** Finishes the archive and flushes it to disk. */
  close(): void;
};

export function createZipWriter(outPath: string): ZipWriter {
  const fd = openSync(outPath, 'wx');
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else writeSync(fd, chunk);
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    addFile(name, path) {
      const entry = new ZipDeflate(name, { level: 1 });
      zip.add(entry);
      const input = openSync(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(CHUNK);
        for (;;) {
          const n = readSync(input, buffer, 0, CHUNK, null);
          entry.push(buffer.subarray(0, n), n === 0);
          check();
          if (n === 0) break;
        }
      } finally {
        closeSync(input);
      }
    },
    addBytes(name, bytes) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      entry.push(bytes, true);
      check();
    },
    close() {
      zip.end();
      check();
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

/** What to do with one entry's bytes as they are inflated; throwing from either stops the reading. */
export type EntrySink = { write(chunk: Uint8Array): void; end(): void };

/**
 * Reads a zip from its start, entry by entry, handing each one's inflated bytes to the sink
 * `onEntry` returns for its name (which may throw to refuse the name). Entries are read in the
 * order they were written, so a manifest written first is read first.
 */
export function readZip(path: string, onEntry: (name: string) => EntrySink): void {
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    if (failure) return;
    let sink: EntrySink;
    try {
      sink = onEntry(file.name);
    } catch (error) {
      failure = error;
      return;
    }
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      try {
        if (error) throw error;
        sink.write(chunk);
        if (final) sink.end();
      } catch (caught) {
        failure = caught;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      // fflate keeps references to pushed chunks until it has parsed them: give it a copy
      unzip.push(Uint8Array.prototype.slice.call(buffer, 0, n), n === 0);
      if (failure) throw failure;
      if (n === 0) break;
    }
  } catch (error) {
    throw failure ?? error;
  } finally {
    closeSync(fd);
  }
}

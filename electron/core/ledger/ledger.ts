import { createHash, hash as digest } from 'node:crypto';
import type { z } from 'zod';
import type { JournalEntry, LedgerVerification } from '../../../shared/domain/ledger';
import { DomainError } from '../../../shared/result';
import { describeIssues } from '../../../shared/validation';
import type { Db } from '../db/open';
import { canonicalJson } from './canonical';
import type { EventDef, EventRegistry } from './events';
import { allJournalRows, journalCount, journalInserter, journalHead, type JournalRow, recentJournalRows } from './repository';

export const GENESIS_HASH = '0'.repeat(64);
const HASH_FORMAT_VERSION = 1;

export type AppendInput = { kind: string; entity: string; payload: unknown };
/**
 * An entry whose payload is already its kind's parsed output, typed by the kind's schema (made by
 * `checkedEntry`): the rows of an import or a bundle were checked value by value as they were read,
 * so the ledger does not parse them a second time.
 */
export type CheckedInput = { readonly event: EventDef; readonly entity: string; readonly payload: unknown };

/** A checked entry: the compiler holds the payload to the kind's parsed type. */
export function checkedEntry<S extends z.ZodType>(event: EventDef<S>, entity: string, payload: z.output<S>): CheckedInput {
  return { event, entity, payload };
}
export type AppendResult = { firstSeq: number; lastSeq: number; headHash: string };
export type Clock = () => string;

/**
 * SHA-256 over the canonical JSON array [format, seq, at, actor, kind, entity, payload, prevHash].
 * payload must already be canonical JSON; it is spliced in as is.
 */
export function entryHash(e: Omit<JournalRow, 'hash'>): string {
  return hashWithPrefix(entryPrefix(e.at, e.actor), e.seq, e.kind, e.entity, e.payload, e.prev_hash);
}

/**
 * entryHash for an entry whose payload was read as its UTF-8 bytes: the same digest, since the
 * hashed text's bytes are its parts' bytes in turn. Spares decoding and re-encoding the payload
 * when a whole journal is re-hashed.
 */
export function entryHashOfBytes(e: Omit<JournalRow, 'hash' | 'payload'>, payload: Uint8Array): string {
  return createHash('sha256')
    .update(`[${HASH_FORMAT_VERSION},${e.seq},${entryPrefix(e.at, e.actor)},${canonicalJson(e.kind)},${canonicalJson(e.entity)},`)
    .update(payload)
    .update(`,${canonicalJson(e.prev_hash)}]`)
    .digest('hex');
}

/** The part of the hashed text that every entry of one write shares. */
function entryPrefix(at: string, actor: string): string {
  return `${canonicalJson(at)},${canonicalJson(actor)}`;
}

function hashWithPrefix(prefix: string, seq: number, kind: string, entity: string, payload: string, prevHash: string): string {
  return hashWithQuoted(prefix, seq, canonicalJson(kind), entity, payload, prevHash);
}

/**
 * The same digest with the kind already quoted (one write quotes each kind once). A previous hash
 * is 64 hex digits, which canonical JSON quotes as they are.
 */
function hashWithQuoted(prefix: string, seq: number, quotedKind: string, entity: string, payload: string, prevHash: string): string {
  const text = `[${HASH_FORMAT_VERSION},${seq},${prefix},${quotedKind},${canonicalJson(entity)},${payload},"${prevHash}"]`;
  return digest('sha256', text, 'hex');
}

/**
 * The one way anything is written: each append adds a hash-chained journal entry and applies it
 * to the current-state tables in the same transaction. Either both happen or neither does.
 */
export class Ledger {
  constructor(
    readonly db: Db,
    /** What each kind of entry is: its payload, how it may leave the county, how it applies. */
    readonly events: EventRegistry,
    private readonly clock: Clock = () => new Date().toISOString(),
  ) {}

  /** The instant the next entry would carry (the journal's clock). */
  now(): string {
    return this.clock();
  }

  append(actor: string, input: AppendInput): JournalEntry {
    // the entry is built from what was written, not read back (a read per write was 7% of a
    // county's batch of claim steps)
    const { last } = this.write(actor, [input]);
    if (!last) throw new Error('unreachable');
    return toEntry(last);
  }

  /**
   * Appends entries in order in one transaction (nested inside the caller's, if any). They share
   * one timestamp: a single write happens at a single instant.
   */
  appendMany(actor: string, inputs: readonly (AppendInput | CheckedInput)[]): AppendResult {
    return this.write(actor, inputs).result;
  }

  private write(actor: string, inputs: readonly (AppendInput | CheckedInput)[]): { result: AppendResult; last: JournalRow | undefined } {
    const run = this.db.transaction((): { result: AppendResult; last: JournalRow | undefined } => {
      const head = this.readHead();
      let { seq, hash } = head;
      let previous = hash;
      const at = this.clock();
      const prefix = entryPrefix(at, actor);
      const insert = journalInserter(this.db);
      // a write usually appends many entries of one kind: it is looked up and quoted once
      let def: EventDef | undefined;
      let quotedKind = '';
      let payload = '';
      for (const input of inputs) {
        let data: unknown;
        if ('event' in input) {
          if (input.event !== def) {
            def = input.event;
            if (this.events.get(def.kind) !== def) throw new DomainError('INTERNAL', `未知的台账记录类型：${def.kind}`);
            quotedKind = canonicalJson(def.kind);
          }
          data = input.payload;
        } else {
          if (def?.kind !== input.kind) {
            def = this.events.get(input.kind);
            if (!def) throw new DomainError('INTERNAL', `未知的台账记录类型：${input.kind}`);
            quotedKind = canonicalJson(def.kind);
          }
          const parsed = def.payload.safeParse(input.payload);
          if (!parsed.success) {
            throw new DomainError('VALIDATION', `台账记录「${input.kind}」内容无效：${describeIssues(parsed.error).message}`);
          }
          data = parsed.data;
        }
        payload = canonicalJson(data);
        const next = seq + 1;
        const rowHash = hashWithQuoted(prefix, next, quotedKind, input.entity, payload, hash);
        insert(next, at, actor, def.kind, input.entity, payload, hash, rowHash);
        previous = hash;
        def.apply(this.db, data, { seq: next, at, actor, entity: input.entity });
        seq = next;
        hash = rowHash;
      }
      const result = { firstSeq: head.seq + 1, lastSeq: seq, headHash: hash };
      const last = def && seq > head.seq ? { seq, at, actor, kind: def.kind, entity: inputs[inputs.length - 1]!.entity, payload, prev_hash: previous, hash } : undefined;
      return { result, last };
    });
    return run();
  }

  /** The chain's last entry (seq 0 and the genesis hash when empty), read inside the write. */
  readHead(): { seq: number; hash: string } {
    return journalHead(this.db) ?? { seq: 0, hash: GENESIS_HASH };
  }

  count(): number {
    return journalCount(this.db);
  }

  recent(limit: number, beforeSeq?: number): JournalEntry[] {
    return recentJournalRows(this.db, limit, beforeSeq ?? Number.MAX_SAFE_INTEGER).map(toEntry);
  }

  /** All entries in order, for replay and export. */
  *entries(): Generator<JournalEntry> {
    for (const row of allJournalRows(this.db)) yield toEntry(row);
  }

  verify(): LedgerVerification {
    return verifyJournal(this.db);
  }
}

export function toEntry(row: JournalRow): JournalEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    entity: row.entity,
    payload: JSON.parse(row.payload) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Recomputes the whole chain and names the first entry that does not hold. */
export function verifyJournal(db: Db): LedgerVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  const bad = (seq: number, reason: string): LedgerVerification => ({ ok: false, entries, firstBadSeq: seq, reason });
  for (const row of allJournalRows(db)) {
    if (row.seq !== expectedSeq) return bad(expectedSeq, `缺少第 ${expectedSeq} 条记录（下一条为第 ${row.seq} 条）`);
    if (row.prev_hash !== prevHash) return bad(row.seq, `第 ${row.seq} 条记录的前序哈希与上一条不符`);
    let canonical: string;
    try {
      canonical = canonicalJson(JSON.parse(row.payload));
    } catch {
      return bad(row.seq, `第 ${row.seq} 条记录的内容不是有效 JSON`);
    }
    if (canonical !== row.payload) return bad(row.seq, `第 ${row.seq} 条记录的内容不是规范编码`);
    if (entryHash(row) !== row.hash) return bad(row.seq, `第 ${row.seq} 条记录的哈希与内容不符（记录被改动）`);
    prevHash = row.hash;
    expectedSeq++;
    entries++;
  }
  return { ok: true, entries, headSeq: expectedSeq - 1, headHash: prevHash };
}

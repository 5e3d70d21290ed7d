import type { z } from 'zod';
import { County } from '../../../shared/domain/counties';
import type { Db } from '../db/open';
import { parseJsonColumn } from '../db/json';
import { statement } from '../db/statements';
import { canonicalJson } from '../ledger/canonical';

// county: the county-level units of the active pack and their sourced facts.

type CountyRow = { code: string; code_official: number; name: string; kind: string; facts: string; note: string };

const Facts = County.pick({ populationResident: true, populationRegistered: true, povertyCounty2019: true, floodStorage: true });

export function upsertCounty(db: Db, c: County, seq: number): void {
  const facts = canonicalJson({
    populationResident: c.populationResident,
    populationRegistered: c.populationRegistered,
    povertyCounty2019: c.povertyCounty2019,
    floodStorage: c.floodStorage,
  });
  statement<[string, number, string, string, string, string, number]>(
    db,
    `INSERT INTO county (code, code_official, name, kind, facts, note, updated_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (code) DO UPDATE SET code_official = excluded.code_official, name = excluded.name,
       kind = excluded.kind, facts = excluded.facts, note = excluded.note, updated_seq = excluded.updated_seq`,
  ).run(c.code, c.codeOfficial ? 1 : 0, c.name, c.kind, facts, c.note, seq);
}

export function listCounties(db: Db): County[] {
  const rows = statement<[], CountyRow>(db, 'SELECT * FROM county ORDER BY code').all();
  return rows.map((row) =>
    County.parse({
      code: row.code,
      codeOfficial: row.code_official === 1,
      name: row.name,
      kind: row.kind,
      note: row.note,
      ...parseJsonColumn(Facts, row.facts, `县区 ${row.code} 的事实`),
    }),
  );
}

export function countyName(db: Db, code: string): string | null {
  return statement<[string], { name: string }>(db, 'SELECT name FROM county WHERE code = ?').get(code)?.name ?? null;
}

export type CountyFacts = z.infer<typeof Facts>;

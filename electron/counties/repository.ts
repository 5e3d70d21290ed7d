import { County } from '../../shared/domain/counties';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

type CountyRow = { code: string; code_official: number; name: string; kind: string; facts: string; note: string };

export function listCounties(db: Db): County[] {
  const rows = statement(db, 'SELECT * FROM county ORDER BY code').all() as CountyRow[];
  return rows.map((row) =>
    County.parse({
      code: row.code,
      codeOfficial: row.code_official === 1,
      name: row.name,
      kind: row.kind,
      note: row.note,
      ...(JSON.parse(row.facts) as object),
    }),
  );
}

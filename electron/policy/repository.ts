import { LoadedPolicyPack } from '../../shared/domain/policy';
import type { Db } from '../db/open';
import { statement } from '../db/statements';

type PackRow = {
  id: string;
  doc_no: string;
  title: string;
  issuer: string;
  issued_on: string;
  years: string;
  version: string;
  digest: string;
};

export function activePolicyPack(db: Db): LoadedPolicyPack | null {
  const row = statement(db, 'SELECT * FROM policy_pack WHERE active = 1').get() as PackRow | undefined;
  if (!row) return null;
  return LoadedPolicyPack.parse({
    id: row.id,
    docNo: row.doc_no,
    title: row.title,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    years: JSON.parse(row.years) as unknown,
    version: row.version,
    digest: row.digest,
  });
}

import { principalOf } from '../../electron/core/accounts/service';
import { type Core } from '../../electron/core/core';
import { exportBundle } from '../../electron/core/exchange/export';
import { currentPublicKey, installSigner, passphraseProtector } from '../../electron/core/exchange/keys';
import { configureInstallRole } from '../../electron/core/policy/service';
import { generateQuarterReport } from '../../electron/core/progress/generate';
import { closeQuarter, saveText } from '../../electron/core/progress/service';
import { importList } from '../../electron/core/registry/service';
import type { Principal } from '../../shared/domain/accounts';
import { actor, signIn } from './core';

// A county and a city on real ledgers, for the bundle tests: the county keeps its quarter, closes
// it and exports; the city registers the county's key and imports.

export const EXCHANGE_NOW = Date.parse('2020-04-10T02:00:00Z');
export const PASSPHRASE = '县里的口令2019';

/** The core's sessions on a fixed clock, so quarter checks see 2020-04-10. */
export function onFixedClock<C extends Core>(core: C, now = EXCHANGE_NOW): C {
  return Object.assign(core, { sessions: new (core.sessions.constructor as new (now: () => number) => typeof core.sessions)(() => now) });
}

export type CountyPeople = { clerk: Principal; director: Principal };

/** Makes the install a county with a clerk and a director, and its signing key (Ed25519 or SM2). */
export function setUpCounty(core: Core, code: string, algorithm: 'sm2-sm3' | 'ed25519' = 'sm2-sm3'): CountyPeople {
  configureInstallRole(core.ledger, actor('测试'), { role: 'county', county: code });
  signIn(core, 'lu', ['clerk']);
  signIn(core, 'pi', ['director']);
  installSigner(core.ledger, actor('lu'), core.dataDir, passphraseProtector(PASSPHRASE), algorithm);
  return { clerk: principalOf(core.db, 'lu')!, director: principalOf(core.db, 'pi')! };
}

/** Trainees with ID numbers and bank accounts: what a bundle must carry only as keyed hashes. */
export async function importTrainees(core: Core, rows: { name: string; id: string; bank: string }[]): Promise<void> {
  const headers = ['姓名', '身份证号', '培训课程', '培训日期', '是否合格', '课程经人社部门认定', '乡镇', '银行账号'];
  const table = { sheet: 's', headerRow: 0, headers, rows: rows.map((r, i) => ({ rowNumber: i + 2, cells: [r.name, r.id, '直播营销', '2019-10-20', '是', '是', '镇', r.bank] })) };
  await importList(core.ledger, actor('测试'), 'trainees', { fileName: 'x.xlsx', table }, true);
}

/** The clerk writes the quarter, the report is generated, the director closes it. */
export async function closeQuarterOf(core: Core, people: CountyPeople, quarter: string, text = `${quarter}进展`): Promise<void> {
  saveText(core.ledger, people.clerk, '2020-04-10', { quarter, task: 1, expectedRevision: 0, narrative: text });
  await generateQuarterReport(core, people.clerk, quarter, 'xlsx');
  closeQuarter(core.ledger, people.director, '2020-04-10', quarter, new Date(EXCHANGE_NOW).toISOString());
}

export function exportQuarter(core: Core, quarter: string, outDir: string) {
  return exportBundle(core, actor('lu'), passphraseProtector(PASSPHRASE), quarter, outDir);
}

/** The county's public key file, as it is handed to the city. */
export function countyKeyFile(core: Core, code: string, name: string) {
  return { format: 'county-ledger-public-key/1' as const, county: { code, name }, ...currentPublicKey(core.db)! };
}

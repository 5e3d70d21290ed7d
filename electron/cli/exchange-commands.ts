import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { DomainError } from '../../shared/result';
import { verify } from '../core/crypto/signing';
import { bundleSummary, openBundle, verifyBundle } from '../core/exchange/bundle';
import { importBundle, PublicKeyFileSchema, registerCountyKey } from '../core/exchange/city';
import { exportBundle } from '../core/exchange/export';
import { currentPublicKey, installSigner, passphraseProtector, publicKeyFile, rotateKey } from '../core/exchange/keys';
import { loadSignedPack, signPackFolder, trustCityKey } from '../core/exchange/signed-pack';
import { GENESIS_HASH } from '../core/ledger/ledger';
import { DEFAULT_POLICY_DIR } from '../core/paths';
import { loadPolicyPack } from '../core/policy/pack';
import { activePack, installRole } from '../core/policy/repository';
import { runRecheck } from '../core/exchange/recheck';
import { VERDICT_LABELS } from '../../shared/domain/recheck';
import { Quarter } from '../../shared/domain/progress';
import { type Command, printJson, readJsonFile, required, UsageError, withExistingCore } from './io';

const AnyPublicKeyFile = PublicKeyFileSchema.extend({ county: PublicKeyFileSchema.shape.county.nullable() });

// Keys and bundles from the command line. The signing key's passphrase comes from a file
// (--passphrase-file) or the environment (COUNTY_LEDGER_KEY_PASSPHRASE), never from the command
// line, where other users of the machine could read it.

const PASSPHRASE_ENV = 'COUNTY_LEDGER_KEY_PASSPHRASE';

function passphrase(file: string | undefined): string {
  if (file) return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (!fromEnv) throw new UsageError(`请用 --passphrase-file 或环境变量 ${PASSPHRASE_ENV} 提供签名密钥口令`);
  return fromEnv;
}

export const EXCHANGE_COMMANDS: Record<string, Command> = {
  'keys export-public': {
    usage: 'keys export-public --db FILE --out county.pub.json [--passphrase-file F]（尚无密钥时生成）',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
      const out = required(values.out, '--out');
      return withExistingCore(required(values.db, '--db'), (core) => {
        if (!currentPublicKey(core.db)) {
          const pack = activePack(core.db);
          installSigner(core.ledger, core.actor, core.dataDir, passphraseProtector(passphrase(values['passphrase-file'])), pack.exchange?.algorithm ?? 'sm2-sm3');
        }
        const file = publicKeyFile(core.db);
        writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
        printJson({ ok: true, out, ...file });
        console.error(`公钥已写入 ${out}；指纹 ${file.fingerprint}（请与市局电话或书面核对）`);
        return 0;
      });
    },
  },
  'keys register': {
    usage: 'keys register --db CITYDB --key county.pub.json --fingerprint 核对过的指纹 [--note 说明]',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, key: { type: 'string' }, fingerprint: { type: 'string' }, note: { type: 'string' } } });
      const key = readJsonFile(required(values.key, '--key'), '公钥');
      const confirmed = required(values.fingerprint, '--fingerprint');
      return withExistingCore(required(values.db, '--db'), (core) => {
        printJson({ ok: true, ...registerCountyKey(core.ledger, core.actor, key, confirmed, values.note ?? '') });
        return 0;
      });
    },
  },
  'keys rotate': {
    usage: 'keys rotate --db FILE [--passphrase-file F]（生成新密钥，由下一个数据包宣告）',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
      return withExistingCore(required(values.db, '--db'), (core) => {
        const next = rotateKey(core.ledger, core.actor, core.dataDir, passphraseProtector(passphrase(values['passphrase-file'])), activePack(core.db).exchange?.algorithm ?? 'sm2-sm3');
        printJson({ ok: true, next });
        console.error(`新密钥指纹 ${next.fingerprint}：下一个数据包由原密钥签名宣告，之后由新密钥签名`);
        return 0;
      });
    },
  },
  'keys trust-city': {
    usage: 'keys trust-city --db FILE --key city.pub.json --fingerprint 核对过的指纹',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, key: { type: 'string' }, fingerprint: { type: 'string' } } });
      const key = readJsonFile(required(values.key, '--key'), '市局公钥');
      const confirmed = required(values.fingerprint, '--fingerprint');
      return withExistingCore(required(values.db, '--db'), (core) => {
        printJson({ ok: true, ...trustCityKey(core.ledger, core.actor, key, confirmed) });
        return 0;
      });
    },
  },
  'policy sign': {
    usage: 'policy sign --db CITYDB --policy DIR --out FILE [--passphrase-file F]（市局签名下发政策包）',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, policy: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
      const dir = required(values.policy, '--policy');
      const out = required(values.out, '--out');
      return withExistingCore(required(values.db, '--db'), (core) => {
        if (installRole(core.db)?.role !== 'city') throw new DomainError('FORBIDDEN', '只有市级版可以签名下发政策包');
        const signer = installSigner(core.ledger, core.actor, core.dataDir, passphraseProtector(passphrase(values['passphrase-file'])), activePack(core.db).exchange?.algorithm ?? 'sm2-sm3');
        const signed = signPackFolder(dir, signer);
        writeFileSync(out, signed.bytes);
        printJson({ ok: true, out, digest: signed.digest, fingerprint: signer.fingerprint });
        return 0;
      });
    },
  },
  'policy load-signed': {
    usage: 'policy load-signed --db FILE --file 签名政策包',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, file: { type: 'string' } } });
      const file = required(values.file, '--file');
      if (!existsSync(file)) throw new DomainError('NOT_FOUND', `文件「${file}」不存在`);
      return withExistingCore(required(values.db, '--db'), (core) => {
        printJson({ ok: true, ...loadSignedPack(core.ledger, core.actor, readFileSync(file)) });
        console.error('已核验市局签名并载入政策包');
        return 0;
      });
    },
  },
  'bundle export': {
    usage: 'bundle export --db FILE --period 2019Q4 --out DIR [--passphrase-file F]',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
      const period = required(values.period, '--period');
      const out = required(values.out, '--out');
      return withExistingCore(required(values.db, '--db'), async (core) => {
        const result = await exportBundle(core, core.actor, passphraseProtector(passphrase(values['passphrase-file'])), period, out);
        process.stdout.write(`${result.path}\n`);
        console.error(`已生成第 ${result.sequence} 号数据包（摘要 ${result.digest.slice(0, 16)}…）`);
        return 0;
      });
    },
  },
  'bundle verify': {
    usage: 'bundle verify FILE --keys KEYFILE... [--after PREVIOUS_BUNDLE] [--policy DIR]',
    run(args) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { keys: { type: 'string', multiple: true }, after: { type: 'string' }, policy: { type: 'string' } },
      });
      const file = positionals[0];
      if (!file) throw new UsageError('缺少数据包文件');
      // a county's key files; the city's own (county null) may be passed too and is left out
      const keys = (values.keys ?? []).flatMap((k) => {
        const parsed = AnyPublicKeyFile.safeParse(readJsonFile(k, '公钥'));
        if (!parsed.success) throw new DomainError('VALIDATION', `公钥文件「${k}」格式无效：应为县区导出的报送公钥文件（.pub.json）`);
        const { county } = parsed.data;
        return county ? [{ ...parsed.data, county }] : [];
      });
      if (keys.length === 0) throw new UsageError('缺少参数 --keys（县区公钥文件）');
      const previous = values.after ? openBundle(readFileSync(values.after)) : null;
      const pack = loadPolicyPack(values.policy ?? DEFAULT_POLICY_DIR);
      const verified = verifyBundle(
        openBundle(readFileSync(file)),
        {
          keys: keys.map((k) => ({ county: k.county.code, algorithm: k.algorithm, publicKey: k.publicKey, fingerprint: k.fingerprint })),
          last: previous
            ? { sequence: previous.manifest.sequence, digest: previous.digest, headSeq: previous.manifest.ledger.headSeq, headHash: previous.manifest.ledger.headHash }
            : null,
          packDigests: [pack.meta.digest],
          genesisHash: GENESIS_HASH,
        },
        verify,
      );
      const summary = bundleSummary(verified, basename(file));
      const m = verified.manifest;
      printJson(summary);
      console.error(`数据包有效：${m.county.name}${m.period} 第 ${m.sequence} 号`);
      return 0;
    },
  },
  'bundle import': {
    usage: 'bundle import --db CITYDB FILE [--commit]',
    run(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { db: { type: 'string' }, commit: { type: 'boolean' } } });
      const file = positionals[0];
      if (!file) throw new UsageError('缺少数据包文件');
      const bytes = readFileSync(file);
      return withExistingCore(required(values.db, '--db'), (core) => {
        const outcome = importBundle(core.ledger, core.actor, bytes, basename(file), values.commit === true);
        printJson({ ...outcome.summary, committed: outcome.committed, changes: outcome.changes });
        console.error(outcome.committed ? '数据包已导入' : '预检通过（未写入）；加 --commit 导入');
        return 0;
      });
    },
  },
  'city recheck': {
    usage: 'city recheck --db CITYDB [--county CODE] [--period 2019Q4]（市级复核：重新判定各县区已审批、已拨付的奖补并记入账本）',
    run(args) {
      const { values } = parseArgs({ args, options: { db: { type: 'string' }, county: { type: 'string' }, period: { type: 'string' } } });
      const county = values.county;
      if (county !== undefined && !/^\d{6}$/.test(county)) throw new UsageError('--county 应为 6 位县区代码');
      const period = values.period === undefined ? undefined : Quarter.safeParse(values.period);
      if (period && !period.success) throw new UsageError('--period 应为季度，如 2019Q4');
      return withExistingCore(required(values.db, '--db'), (core) => {
        const summary = runRecheck(core.ledger, core.actor, { county: county ?? null, period: period?.data ?? null });
        // a finding is data, not an error: exit 0 either way
        printJson({ counties: summary.counties.map((c) => ({ ...c, findings: c.findings.map((f) => ({ ...f, verdictLabel: VERDICT_LABELS[f.verdict] })) })) });
        const found = summary.counties.reduce((n, c) => n + c.findings.length, 0);
        console.error(`复核 ${summary.counties.reduce((n, c) => n + c.claims, 0)} 笔，发现 ${found} 笔与规则不符`);
        return 0;
      });
    },
  },
};

import type { Role } from '../../shared/domain/accounts';
import { type ClaimFacts, type ClaimState, CLAIM_STATES, RULE_LISTS, TRANSITIONS, type ClaimAction } from '../../shared/domain/claims';
import { quarterEnd, quarterLabel } from '../../shared/domain/progress';
import { LIST_IDS, LISTS, type ListId, type SubjectFields } from '../../shared/domain/registry';
import type { RuleSetting } from '../../shared/domain/rules';
import { fenToYuanString } from '../../shared/money';
import { DomainError } from '../../shared/result';
import { createAccount, type Principal, principalOf, Sessions } from '../accounts/service';
import { claimApproved, claimCreated, claimPassed, claimSubmitted } from '../claims/events';
import { LIVE_AWARD_STATES, claimRow, subjectTypeOf } from '../claims/repository';
import {
  approveClaim,
  chinaToday,
  committedFen,
  createClaim,
  createNotice,
  currentFlags,
  editClaim,
  endNotice,
  newId,
  passClaim,
  prefillFacts,
  purchasesFor,
  recordObjection,
  recordPayments,
  resolveObjection,
  returnClaim,
  setBudget,
  submitClaim,
  voidClaim,
} from '../claims/service';
import type { Core } from '../core';
import { statement } from '../db/statements';
import type { AppendInput, Clock } from '../ledger/ledger';
import { activePack, activePolicyPack, installRole } from '../policy/repository';
import { configureInstallRole, engineFor, saveRuleSetting } from '../policy/service';
import { generateQuarterReport } from '../progress/generate';
import { closeQuarter, enterValue, saveText, setTarget } from '../progress/service';
import type { Engine } from '../rules/engine';
import { subjectById } from '../registry/repository';
import { importList } from '../registry/service';
import type { TableRow } from '../registry/table';
import { subjectKey } from '../registry/validate';

// A reproducible demo county: the same county, sizes and seed give the same registry, claims and
// quarters (a seeded PRNG, never Math.random). Everything is written through the ledger's real
// events: imports through importList (every row validated), accounts, rule settings, budget,
// progress and quarter closing through their services.
//
// Claims take two paths, both ending in the real journal events:
//  · stage 1 ("walked"): about 1% of the claims (at least 100) — every claim on a rule whose amount
//    varies (企业/品牌/跨境分档, 收购补助, 购销协作) plus a sample of the others — go one by one
//    through createClaim → submitClaim → passClaim/returnClaim/editClaim → createNotice → endNotice
//    → recordObjection/resolveObjection → approveClaim → recordPayments → voidClaim, with four eyes
//    checked by those services. It runs before the bulk of the registry is imported, because the
//    fraud checks behind submit and pass scan the subject table (no index on bank account or ID
//    number) and cost ~50 ms a call at 100,000 subjects.
//  · stage 2 ("batched"): the bulk, all on fixed-amount rules (培训补贴, 网点奖励, 网点上行服务单档,
//    示范镇村). Returns, notices, objections, payments and voids still go through the services;
//    create, submit, pass and approve are appended with ledger.appendMany in batches, with payloads
//    made the way the services make them: facts by prefillFacts, the decision by the rules engine
//    with the same input as decide(), the claim number by the same count as nextNumber, the budget
//    check of approveClaim, roles and four eyes checked once per batch. The one thing not computed
//    per claim is the fraud flags (claimFlags): the demo data is made so that they are empty for
//    these claims (unique bank accounts and ID numbers, figures well clear of thresholds, no
//    earlier year's figures, one amount per rule), and after the build `verifyQuietFlags` checks
//    it with the real claimFlags on a sample. `claimPath: 'services'` sends stage 2 through the
//    services too; demo.test.ts builds both ways and finds the same claims.

export const DEMO_PASSWORD = 'demo2019a';
/** 2020-04-10 10:00 in China: 2019Q3 and 2019Q4 have ended and can be closed. */
export const DEMO_NOW = Date.parse('2020-04-10T02:00:00Z');
export const DEMO_YEAR = 2019;
export const DEMO_QUARTERS = ['2019Q3', '2019Q4'] as const;

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'demo-admin', displayName: '演示管理员', roles: ['admin'] },
  { username: 'demo-clerk', displayName: '演示录入员', roles: ['clerk'] },
  { username: 'demo-reviewer', displayName: '演示审核员', roles: ['reviewer'] },
  { username: 'demo-director', displayName: '演示审批人', roles: ['director'] },
];

export type DemoOptions = {
  county: string;
  subjects: number;
  claims: number;
  seed: number | string;
  /** Milliseconds: "today" for the services, reports and closing (default DEMO_NOW). */
  now?: number;
  /** 'batched' (default) or 'services': the path of stage-2 claims (see above). */
  claimPath?: 'batched' | 'services';
  /** Called at each step, for a progress line. */
  log?: (message: string) => void;
};

export type DemoSummary = {
  county: { code: string; name: string };
  seed: number;
  subjects: number;
  lists: Record<ListId, number>;
  claims: Record<ClaimState, number>;
  /** How many claims went one by one through the services, and how many in batches. */
  claimPaths: { services: number; batched: number };
  budget: { year: number; baseFen: number; upliftFen: number };
  closedQuarters: string[];
  accounts: { username: string; displayName: string; roles: Role[]; password: string }[];
};

/** A ticking clock for the ledger (one second per write), so journal times are reproducible. */
export function demoClock(start = '2019-12-16T01:00:00.000Z'): Clock {
  let ms = Date.parse(start);
  return () => {
    const at = new Date(ms).toISOString();
    ms += 1000;
    return at;
  };
}

// ── Randomness ──────────────────────────────────────────────────────────────────────────────

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A numeric seed as is; any other text by FNV-1a. */
export function seedNumber(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed >>> 0;
  const text = String(seed);
  if (/^\d+$/.test(text)) return Number(text) >>> 0;
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

class Random {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  /** A day between two ISO dates, inclusive. */
  date(from: string, to: string): string {
    const a = Date.parse(`${from}T00:00:00Z`);
    const b = Date.parse(`${to}T00:00:00Z`);
    return new Date(a + this.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
  }
  /** Yuan (as text with two decimals) between two amounts in yuan. */
  yuan(lo: number, hi: number): string {
    return fenToYuanString(this.int(lo * 100, hi * 100));
  }
}

// ── Identifiers (valid check characters, unique by construction) ───────────────────────────

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_SPACE = 16_000 * 1000; // birth days from 1955-01-01 × three-digit sequence
const BIRTH_START = Date.UTC(1955, 0, 1);

/** The k-th person's ID number: k is scrambled by a bijection, so neighbours do not look alike. */
function idNumberOf(county: string, k: number, offset: number): string {
  const n = (k * 1_000_003 + offset) % ID_SPACE;
  const birth = new Date(BIRTH_START + (n % 16_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const first = `${county}${birth}${String(Math.floor(n / 16_000)).padStart(3, '0')}`;
  const sum = [...first].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i]!, 0);
  return first + '10X98765432'[sum % 11];
}

function usccOf(prefix: '91' | '93', county: string, k: number, offset: number): string {
  const n = (k * 7_919 + offset) % 10_000_000;
  const first = `${prefix}${county}MA${String(n).padStart(7, '0')}`;
  const sum = [...first].reduce((s, c, i) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i]!, 0);
  return first + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A 19-digit card number passing Luhn. */
function bankCardOf(k: number, offset: number): string {
  const n = (k * 1_000_033 + offset) % 1_000_000_000_000;
  const body = `621700${String(n).padStart(12, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

function phoneOf(k: number, offset: number): string {
  const n = (k * 7_003 + offset) % 100_000_000;
  return `1${['39', '38', '58', '86', '87', '55', '52', '37'][k % 8]}${String(n).padStart(8, '0')}`;
}

// ── Names ───────────────────────────────────────────────────────────────────────────────────

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红建国文辉鹏飞俊峰宇浩亮志刚春梅海燕秀云凤琴'];
const TOWNS = ['城关镇', '新集镇', '桃园镇', '岗集镇', '杨庙镇', '朱巷镇', '双墩镇', '安丰镇', '瓦埠镇', '保义镇', '堰口镇', '众兴镇', '丰庄镇', '小甸镇', '茶庵镇', '隐贤镇', '迎河镇', '板桥镇'];
const VILLAGE_FIRST = [...'东西南北新老大小前后上下高黄张李王刘陈周花桃柳杨枣梨石河湖塘'];
const VILLAGE_SECOND = [...'庄集圩湾岗桥店楼郢洼营寨坝园岭林沟埠'];
const PLACES = ['寿州', '淮上', '八公山', '正阳', '安丰', '瓦埠湖', '楚都', '淝水', '芍陂', '淮河湾', '皖北', '古城', '淮南', '江淮', '丰庄', '菱湖', '清水', '东津', '北山', '南塘'];
const WORDS = ['好物', '优品', '农情', '乡味', '鲜达', '田园', '禾丰', '惠农', '农谷', '云仓', '乡遇', '源味', '百禾', '鑫农', '丰采', '沃土', '嘉禾', '润田', '良品', '青禾', '福满', '万家', '聚鲜', '绿源', '金穗', '本味', '原乡', '汇农', '农旺', '益家'];
const KINDS = ['电子商务有限公司', '农业科技有限公司', '食品有限公司', '供应链管理有限公司', '网络科技有限公司'];
const PRODUCTS = ['草莓', '香米', '黑猪肉', '大白鹅', '豆腐', '酥糖', '香芋', '紫薯', '黄桃', '葡萄', '蜂蜜', '麻鸭', '龙虾', '银鱼', '茶叶', '山药', '芡实', '莲藕', '菱角', '板鸭'];
const COURSES = ['农产品直播营销', '网店运营实务', '农村电商物流', '短视频带货', '电商客服实务', '农产品包装与品牌'];
const BANKS = ['中国农业银行', '中国邮政储蓄银行', '农村商业银行', '中国建设银行', '中国工商银行'];
const CO_BUILT = ['无', '村党群服务中心', '就业扶贫驿站', '益农信息社'];

function villageOf(index: number): string {
  return `${VILLAGE_FIRST[index % VILLAGE_FIRST.length]}${VILLAGE_SECOND[Math.floor(index / VILLAGE_FIRST.length) % VILLAGE_SECOND.length]}村`;
}
const VILLAGES_PER_TOWN = VILLAGE_FIRST.length * VILLAGE_SECOND.length;

// ── The plan: subjects (as import rows) and claims ─────────────────────────────────────────

type RuleId = keyof typeof RULE_LISTS;
/** Rules whose amount is the same for every claim: the fraud checks' z-score stays quiet. */
const FIXED_AMOUNT_RULES: ReadonlySet<string> = new Set(['training-subsidy', 'service-point-sales', 'poverty-point-service', 'demo-town', 'demo-village']);

type PlannedSubject = {
  list: ListId;
  /** Cells by header, as a clerk's sheet has them. */
  cells: Record<string, string>;
  key: string;
  slots: RuleId[];
  /** Stage 1: imported before the walked claims. */
  early: boolean;
  /** Upper bound of an award on a rule, in fen, for sizing the budget. */
  maxAward: Partial<Record<RuleId, number>>;
  hasPurchases?: boolean;
};

type PlannedClaim = {
  subject: PlannedSubject;
  rule: RuleId;
  target: ClaimState;
  /** For a voided claim: the state it was voided from. */
  voidFrom: ClaimState | null;
  /** Walked through the services one by one (stage 1). */
  walked: boolean;
  /** Returned, corrected and submitted again before going on. */
  detour: boolean;
  objection: 'resolved' | 'open' | 'upheld' | null;
  /** Set when created. */
  id?: string;
};

/** Shares of the registry per list; the rest are trainees. */
const SHARES: Record<Exclude<ListId, 'trainees'>, { share: number; min: number }> = {
  'service-points': { share: 0.22, min: 8 },
  'poor-households': { share: 0.06, min: 4 },
  enterprises: { share: 0.03, min: 4 },
  cooperatives: { share: 0.02, min: 3 },
  'poverty-purchases': { share: 0.02, min: 3 },
  brands: { share: 0.007, min: 2 },
  'demo-divisions': { share: 0.003, min: 3 },
};

const HEADERS: Record<ListId, string[]> = {
  enterprises: ['企业名称', '统一社会信用代码', '法定代表人', '成立日期', '手机号', '乡镇', '村', '银行账号', '开户行', '年度', '农村产品上行年网络销售额（元）', '购销协作网络销售额（元）', '年在线出口交易额（美元）', '收购贫困村贫困户产品金额（元）'],
  cooperatives: ['名称', '统一社会信用代码', '类型', '负责人', '成立日期', '手机号', '乡镇', '村', '银行账号', '开户行', '年度', '收购贫困村贫困户产品金额（元）'],
  brands: ['品牌名称', '所属企业', '所属企业统一社会信用代码', '乡镇', '年度', '品牌农村产品上行年网络销售额（元）'],
  'service-points': ['网点名称', '乡镇', '村', '经营者', '经营者身份证号', '手机号', '是否贫困村', '融合共建', '是否示范点', '示范点认定日期', '银行账号', '开户行', '年度', '农产品上行年网络销售额（元）', '上行服务形成的网络销售额（元）'],
  trainees: ['姓名', '身份证号', '手机号', '培训课程', '培训日期', '证书编号', '是否合格', '课程经人社部门认定', '乡镇', '村', '银行账号', '开户行'],
  'poor-households': ['户主姓名', '身份证号', '乡镇', '村', '手机号', '家庭人口', '银行账号', '开户行'],
  'demo-divisions': ['名称', '级别', '乡镇', '认定日期', '认定文件'],
  'poverty-purchases': ['收购主体', '收购主体统一社会信用代码', '收购日期', '贫困户或贫困村', '贫困户身份证号', '乡镇', '村', '产品', '收购金额（元）', '凭证号'],
};

/** The county's tier tables (within the city's caps). 网点上行服务 has one tier, so its amount is fixed. */
const TIERS: RuleSetting[] = [
  { type: 'tiers', rule: 'enterprise-10m', tiers: [{ atLeast: 1_000_000_000, awardFen: 30_000_000 }, { atLeast: 3_000_000_000, awardFen: 60_000_000 }, { atLeast: 5_000_000_000, awardFen: 100_000_000 }] },
  { type: 'tiers', rule: 'brand-1m', tiers: [{ atLeast: 100_000_000, awardFen: 10_000_000 }, { atLeast: 300_000_000, awardFen: 20_000_000 }, { atLeast: 500_000_000, awardFen: 30_000_000 }] },
  { type: 'tiers', rule: 'cross-border-export', tiers: [{ atLeast: 50_000_000, awardFen: 20_000_000 }, { atLeast: 100_000_000, awardFen: 50_000_000 }, { atLeast: 200_000_000, awardFen: 100_000_000 }] },
  { type: 'tiers', rule: 'poverty-point-service', tiers: [{ atLeast: 1_000_000, awardFen: 200_000 }] },
];

const FIXED_AWARD_FEN: Record<string, number> = { 'training-subsidy': 120_000, 'service-point-sales': 1_000_000, 'poverty-point-service': 200_000, 'demo-town': 15_000_000, 'demo-village': 5_000_000 };

/** Figures as fen from a cell written in yuan. */
const fenOf = (yuan: string) => Math.round(Number(yuan) * 100);

function listCounts(total: number): Record<ListId, number> {
  const counts = {} as Record<ListId, number>;
  let rest = total;
  for (const [list, { share, min }] of Object.entries(SHARES) as [Exclude<ListId, 'trainees'>, { share: number; min: number }][]) {
    counts[list] = Math.max(min, Math.floor(total * share));
    rest -= counts[list];
  }
  counts.trainees = rest;
  return counts;
}

function planSubjects(county: string, total: number, r: Random): Record<ListId, PlannedSubject[]> {
  const counts = listCounts(total);
  const offsets = { person: r.int(0, ID_SPACE - 1), uscc: r.int(0, 9_999_999), bank: r.int(0, 999_999_999_999), phone: r.int(0, 99_999_999) };
  let persons = 0;
  let banks = 0;
  let phones = 0;
  let usccs = 0;
  const personName = () => `${r.pick(SURNAMES)}${r.pick(GIVEN)}${r.chance(0.7) ? r.pick(GIVEN) : ''}`;
  const person = () => ({ name: personName(), id: idNumberOf(county, persons++, offsets.person) });
  const bank = () => bankCardOf(banks++, offsets.bank);
  const phone = () => phoneOf(phones++, offsets.phone);
  const bankName = () => `${r.pick(BANKS)}${r.pick(TOWNS).replace(/镇$/, '')}支行`;
  const place = () => {
    const t = r.int(0, TOWNS.length - 1);
    return { town: TOWNS[t]!, village: villageOf(r.int(0, VILLAGES_PER_TOWN - 1)) };
  };
  const subject = (list: ListId, cells: Record<string, string>, slots: RuleId[] = [], maxAward: PlannedSubject['maxAward'] = {}): PlannedSubject => {
    const def = LISTS[list];
    const fields: SubjectFields = {};
    for (const f of def.fields) {
      const value = cells[f.header];
      fields[f.key] = value === undefined || value === '' ? null : value;
    }
    return { list, cells, key: subjectKey(def, fields), slots, early: false, maxAward };
  };
  const out = {} as Record<ListId, PlannedSubject[]>;

  out.enterprises = Array.from({ length: counts.enterprises }, (_, i) => {
    const round = Math.floor(i / (PLACES.length * WORDS.length));
    const name = `${PLACES[i % PLACES.length]}${WORDS[Math.floor(i / PLACES.length) % WORDS.length]}${KINDS[round % KINDS.length]}${round >= KINDS.length ? `（${Math.floor(round / KINDS.length) + 1}）` : ''}`;
    const { town, village } = place();
    const big = r.chance(0.2);
    const tier = r.int(0, 2);
    const sales = big ? r.yuan([11_000_000, 31_000_000, 52_000_000][tier]!, [29_000_000, 49_000_000, 80_000_000][tier]!) : r.yuan(300_000, 9_000_000);
    const cooperation = r.chance(0.3) ? r.yuan(200_000, 3_000_000) : '';
    const exportRoll = r.next();
    const exportUsd = exportRoll < 0.15 ? r.yuan(550_000, 3_000_000) : exportRoll < 0.25 ? r.yuan(50_000, 400_000) : '';
    const purchase = r.chance(0.6) ? r.yuan(20_000, 500_000) : '';
    // the rules this enterprise may claim, with the most each could award (for the budget)
    const maxAward: PlannedSubject['maxAward'] = {};
    if (fenOf(sales) > 1_000_000_000) maxAward['enterprise-10m'] = 100_000_000;
    if (exportUsd && fenOf(exportUsd) >= 50_000_000) maxAward['cross-border-export'] = 100_000_000;
    if (cooperation) maxAward['purchase-cooperation'] = Math.floor(fenOf(cooperation) * 0.05);
    if (purchase) maxAward['poverty-purchase'] = Math.floor(fenOf(purchase) * 0.1); // its slot is added with the purchase records
    const slots = Object.keys(maxAward).filter((rule) => rule !== 'poverty-purchase');
    return subject(
      'enterprises',
      {
        企业名称: name,
        统一社会信用代码: usccOf('91', county, usccs++, offsets.uscc),
        法定代表人: personName(),
        成立日期: r.chance(0.3) ? r.date('2019-01-05', '2019-12-20') : r.date('2008-03-01', '2018-12-28'),
        手机号: phone(),
        乡镇: town,
        村: village,
        银行账号: bank(),
        开户行: bankName(),
        年度: String(DEMO_YEAR),
        '农村产品上行年网络销售额（元）': sales,
        '购销协作网络销售额（元）': cooperation,
        '年在线出口交易额（美元）': exportUsd,
        '收购贫困村贫困户产品金额（元）': purchase,
      },
      slots,
      maxAward,
    );
  });

  out.cooperatives = Array.from({ length: counts.cooperatives }, () => {
    const { town, village } = place();
    const kind = r.pick(['专业合作社', '农业基地', '家庭农场'] as const);
    const product = r.pick(PRODUCTS);
    const head = personName();
    const name = kind === '专业合作社' ? `${town.replace(/镇$/, '')}${village}${product}专业合作社` : kind === '农业基地' ? `${village}${product}种植基地` : `${head}家庭农场`;
    const purchase = r.chance(0.6) ? r.yuan(20_000, 300_000) : '';
    return subject(
      'cooperatives',
      {
        名称: name,
        统一社会信用代码: usccOf('93', county, usccs++, offsets.uscc),
        类型: kind,
        负责人: head,
        成立日期: r.chance(0.3) ? r.date('2019-01-05', '2019-12-20') : r.date('2010-03-01', '2018-12-28'),
        手机号: phone(),
        乡镇: town,
        村: village,
        银行账号: bank(),
        开户行: bankName(),
        年度: String(DEMO_YEAR),
        '收购贫困村贫困户产品金额（元）': purchase,
      },
      [],
      purchase ? { 'poverty-purchase': Math.floor(fenOf(purchase) * 0.1) } : {},
    );
  });

  out.brands = Array.from({ length: counts.brands }, (_, i) => {
    const owner = out.enterprises[i % out.enterprises.length]!;
    const round = Math.floor(i / (PLACES.length * PRODUCTS.length));
    const name = `${PLACES[i % PLACES.length]}${PRODUCTS[Math.floor(i / PLACES.length) % PRODUCTS.length]}${round > 0 ? String(round + 1) : ''}`;
    const roll = r.next();
    const sales = roll < 0.3 ? r.yuan(200_000, 950_000) : roll < 0.6 ? r.yuan(1_100_000, 2_900_000) : roll < 0.8 ? r.yuan(3_200_000, 4_800_000) : r.yuan(5_200_000, 9_000_000);
    const eligible = fenOf(sales) > 100_000_000;
    return subject(
      'brands',
      { 品牌名称: name, 所属企业: owner.cells.企业名称!, 所属企业统一社会信用代码: owner.cells.统一社会信用代码!, 乡镇: owner.cells.乡镇!, 年度: String(DEMO_YEAR), '品牌农村产品上行年网络销售额（元）': sales },
      eligible ? ['brand-1m'] : [],
      eligible ? { 'brand-1m': 30_000_000 } : {},
    );
  });

  out['service-points'] = Array.from({ length: counts['service-points'] }, (_, i) => {
    const town = TOWNS[i % TOWNS.length]!;
    const spot = Math.floor(i / TOWNS.length);
    const village = villageOf(spot % VILLAGES_PER_TOWN);
    const round = Math.floor(spot / VILLAGES_PER_TOWN);
    const operator = person();
    const demo = r.chance(0.1);
    return subject(
      'service-points',
      {
        网点名称: `${village}电商服务站${round > 0 ? `${round + 1}号` : ''}`,
        乡镇: town,
        村: village,
        经营者: operator.name,
        经营者身份证号: operator.id,
        手机号: phone(),
        是否贫困村: r.chance(0.3) ? '是' : '否',
        融合共建: r.pick(CO_BUILT),
        是否示范点: demo ? '是' : '否',
        示范点认定日期: demo ? r.date('2019-08-15', '2019-12-20') : '',
        银行账号: bank(),
        开户行: bankName(),
        年度: String(DEMO_YEAR),
        // well above the 5 万 threshold and the 1 万 tier: no "just over the line" flags
        '农产品上行年网络销售额（元）': r.yuan(56_000, 600_000),
        '上行服务形成的网络销售额（元）': r.yuan(12_000, 200_000),
      },
      ['service-point-sales', 'poverty-point-service'],
      { 'service-point-sales': FIXED_AWARD_FEN['service-point-sales']!, 'poverty-point-service': FIXED_AWARD_FEN['poverty-point-service']! },
    );
  });

  out.trainees = Array.from({ length: counts.trainees }, (_, i) => {
    const p = person();
    const { town, village } = place();
    const passed = r.chance(0.97);
    return subject(
      'trainees',
      {
        姓名: p.name,
        身份证号: p.id,
        手机号: phone(),
        培训课程: r.pick(COURSES),
        培训日期: r.date('2019-07-01', '2019-12-20'),
        证书编号: passed ? `PX${DEMO_YEAR}${String(i + 1).padStart(6, '0')}` : '',
        是否合格: passed ? '是' : '否',
        课程经人社部门认定: '是',
        乡镇: town,
        村: village,
        银行账号: bank(),
        开户行: bankName(),
      },
      passed ? ['training-subsidy'] : [],
      passed ? { 'training-subsidy': FIXED_AWARD_FEN['training-subsidy']! } : {},
    );
  });

  out['poor-households'] = Array.from({ length: counts['poor-households'] }, () => {
    const p = person();
    const { town, village } = place();
    return subject('poor-households', { 户主姓名: p.name, 身份证号: p.id, 乡镇: town, 村: village, 手机号: phone(), 家庭人口: String(r.int(1, 6)), 银行账号: bank(), 开户行: bankName() });
  });

  const towns = Math.min(TOWNS.length, Math.max(1, Math.round(counts['demo-divisions'] * 0.1)));
  out['demo-divisions'] = Array.from({ length: counts['demo-divisions'] }, (_, i) => {
    const isTown = i < towns;
    const town = TOWNS[i % TOWNS.length]!;
    const name = isTown ? town : villageOf(Math.floor((i - towns) / TOWNS.length) % VILLAGES_PER_TOWN);
    return subject(
      'demo-divisions',
      { 名称: name, 级别: isTown ? '示范镇' : '示范村', 乡镇: town, 认定日期: r.date('2019-07-10', '2019-12-20'), 认定文件: `皖商办秘〔${DEMO_YEAR}〕${r.int(100, 300)}号` },
      [isTown ? 'demo-town' : 'demo-village'],
      { [isTown ? 'demo-town' : 'demo-village']: FIXED_AWARD_FEN[isTown ? 'demo-town' : 'demo-village']! },
    );
  });

  const buyers = [...out.enterprises, ...out.cooperatives];
  const households = out['poor-households'];
  const recordTotals = new Map<PlannedSubject, number>();
  out['poverty-purchases'] = Array.from({ length: counts['poverty-purchases'] }, (_, i) => {
    const buyer = buyers[r.int(0, buyers.length - 1)]!;
    const seller = households.length > 0 && r.chance(0.8) ? households[r.int(0, households.length - 1)]! : null;
    const amount = r.yuan(2_000, 50_000);
    buyer.hasPurchases = true;
    recordTotals.set(buyer, (recordTotals.get(buyer) ?? 0) + fenOf(amount));
    const name = buyer.cells.企业名称 ?? buyer.cells.名称!;
    return subject('poverty-purchases', {
      收购主体: name,
      收购主体统一社会信用代码: buyer.cells.统一社会信用代码!,
      收购日期: r.date('2019-07-01', '2019-12-25'),
      贫困户或贫困村: seller ? seller.cells.户主姓名! : (buyer.cells.村 ?? '花园村'),
      贫困户身份证号: seller ? seller.cells.身份证号! : '',
      乡镇: seller ? seller.cells.乡镇! : buyer.cells.乡镇!,
      村: seller ? seller.cells.村! : (buyer.cells.村 ?? ''),
      产品: r.pick(PRODUCTS),
      '收购金额（元）': amount,
      凭证号: `SG${DEMO_YEAR}${String(i + 1).padStart(6, '0')}`,
    });
  });
  // 收购补助: on the records when a buyer has them, else on the yearly figure.
  for (const buyer of buyers) {
    const fromRecords = recordTotals.get(buyer);
    if (fromRecords !== undefined) buyer.maxAward['poverty-purchase'] = Math.floor(fromRecords * 0.1);
    if (buyer.maxAward['poverty-purchase'] !== undefined) buyer.slots.push('poverty-purchase');
  }
  return out;
}

/** States of the claims, in proportion (paid the most: the plan's money reaches people). */
const STATE_WEIGHTS: [ClaimState, number][] = [
  ['draft', 8],
  ['submitted', 10],
  ['returned', 5],
  ['reviewed', 9],
  ['noticing', 8],
  ['noticed', 8],
  ['approved', 14],
  ['paid', 32],
  ['voided', 6],
];
const VOIDABLE: ClaimState[] = ['draft', 'submitted', 'returned', 'reviewed', 'noticing', 'noticed', 'approved'];

function stateSequence(count: number, r: Random, everyStateFirst: boolean): ClaimState[] {
  const total = STATE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const states: ClaimState[] = [];
  for (const [state, w] of STATE_WEIGHTS) for (let i = 0; i < Math.round((count * w) / total); i++) states.push(state);
  while (states.length < count) states.push('paid');
  states.length = count;
  r.shuffle(states);
  if (everyStateFirst) {
    // each state at least once, as soon as there are nine claims
    CLAIM_STATES.slice(0, Math.min(count, CLAIM_STATES.length)).forEach((state, i) => {
      const at = states.indexOf(state, i);
      if (at >= 0) [states[i], states[at]] = [states[at]!, states[i]!];
      else states[i] = state;
    });
  }
  return states;
}

function planClaims(subjects: Record<ListId, PlannedSubject[]>, count: number, r: Random): PlannedClaim[] {
  const slots = LIST_IDS.flatMap((list) => subjects[list].flatMap((subject) => subject.slots.map((rule) => ({ subject, rule }))));
  const varying = r.shuffle(slots.filter((s) => !FIXED_AMOUNT_RULES.has(s.rule)));
  const fixed = r.shuffle(slots.filter((s) => FIXED_AMOUNT_RULES.has(s.rule)));
  if (count > slots.length) {
    throw new DomainError('VALIDATION', `申报数 ${count} 超过 ${Object.values(subjects).flat().length} 个主体可申报的上限 ${slots.length}（同一主体、同一规则、同一年度只能有一条有效申报），请减少申报数或增加主体数`, { field: 'claims', capacity: slots.length });
  }
  // about 1% walked (at least 100): half of them on the rules whose amounts vary, as far as there are such claims
  const walkTarget = Math.min(count, 100 + Math.floor(count / 100));
  let walkedVarying = Math.min(varying.length, Math.ceil(walkTarget / 2));
  const walkedFixed = Math.min(fixed.length, walkTarget - walkedVarying);
  walkedVarying = Math.min(varying.length, walkTarget - walkedFixed);
  // the batched bulk is on fixed-amount rules only; if those run short, more varying claims are walked
  let bulkCount = count - walkedVarying - walkedFixed;
  if (bulkCount > fixed.length - walkedFixed) {
    walkedVarying += bulkCount - (fixed.length - walkedFixed);
    bulkCount = fixed.length - walkedFixed;
  }
  const walkedSlots = r.shuffle([...varying.slice(0, walkedVarying), ...fixed.slice(0, walkedFixed)]);
  const bulkSlots = fixed.slice(walkedFixed, walkedFixed + bulkCount);
  const walkedStates = stateSequence(walkedSlots.length, r, true);
  const bulkStates = stateSequence(bulkSlots.length, r, false);
  const claim = (slot: { subject: PlannedSubject; rule: RuleId }, target: ClaimState, walked: boolean): PlannedClaim => {
    const voidFrom = target === 'voided' ? r.pick(VOIDABLE) : null;
    const end = voidFrom ?? target;
    const reachesReview = ['reviewed', 'noticing', 'noticed', 'approved', 'paid'].includes(end);
    const detour = walked && reachesReview && r.chance(0.15);
    let objection: PlannedClaim['objection'] = null;
    if (walked && (end === 'noticed' || end === 'approved' || end === 'paid') && r.chance(0.12)) objection = end === 'noticed' ? (voidFrom ? 'upheld' : 'open') : 'resolved';
    if (walked && voidFrom === 'noticed' && r.chance(0.5)) objection = 'upheld';
    return { subject: slot.subject, rule: slot.rule, target, voidFrom, walked, detour, objection };
  };
  const walked = walkedSlots.map((s, i) => claim(s, walkedStates[i]!, true));
  const bulk = bulkSlots.map((s, i) => claim(s, bulkStates[i]!, false));
  for (const c of walked) c.subject.early = true;
  return [...walked, ...bulk];
}

// ── Building ───────────────────────────────────────────────────────────────────────────────

const ORDER: ClaimState[] = ['draft', 'submitted', 'reviewed', 'noticing', 'noticed', 'approved', 'paid'];

/** Whether a claim passes through a state on its way to its final one. */
function reaches(c: PlannedClaim, state: ClaimState): boolean {
  const end = c.voidFrom ?? c.target;
  if (state === 'voided') return c.target === 'voided';
  if (state === 'returned') return end === 'returned' || c.detour;
  if (end === 'returned') return state === 'draft' || state === 'submitted';
  return ORDER.indexOf(state) <= ORDER.indexOf(end);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Actors = { admin: Principal; clerk: Principal; reviewer: Principal; director: Principal };

/** The four-eyes rule and the roles, checked once for a batch (the services check them per claim). */
function mustAllow(principal: Principal, action: ClaimAction, others: Principal[] = []): void {
  if (!TRANSITIONS[action].roles.some((role) => principal.roles.includes(role))) throw new DomainError('FORBIDDEN', `「${TRANSITIONS[action].label}」：${principal.username} 没有相应角色`);
  if (others.some((o) => o.username === principal.username)) throw new DomainError('FORBIDDEN', `四眼原则：${principal.username} 不能${TRANSITIONS[action].label}自己录入或审核的申报`);
}

type Decision = { amountFen: number; trace: unknown[]; packDigest: string };

/** decide() of the claim service: the same engine input, the same refusals. */
function decision(db: Core['db'], engine: Engine, county: string, packDigest: string, c: { id: string; no: string; subjectId: string; rule: string; year: number; facts: ClaimFacts }): Decision {
  const previousAwards = (
    statement(db, `SELECT rule, year, course FROM claim WHERE subject_id = ? AND rule = ? AND id <> ? AND state IN (${LIVE_AWARD_STATES.map(() => '?').join(', ')})`).all(c.subjectId, c.rule, c.id, ...LIVE_AWARD_STATES) as {
      rule: string;
      year: number;
      course: string | null;
    }[]
  ).map((a) => (a.course ? { rule: a.rule, year: a.year, course: a.course } : { rule: a.rule, year: a.year }));
  const subject = subjectById(db, c.subjectId)!;
  const outcome = engine.evaluate({ id: c.no, rule: c.rule, year: c.year, subject: { type: subjectTypeOf(subject.list, subject.parsed), county }, facts: c.facts, previousAwards });
  if ('error' in outcome) throw new DomainError('VALIDATION', `规则引擎无法判定申报 ${c.no}：${outcome.error.message}`);
  if (!outcome.eligible) throw new DomainError('VALIDATION', `申报 ${c.no} 不符合「${c.rule}」的条件`, { trace: outcome.trace });
  if (!outcome.amountFen) throw new DomainError('VALIDATION', `申报 ${c.no} 按规则计算金额为 0 元或未定`, { trace: outcome.trace });
  return { amountFen: outcome.amountFen, trace: outcome.trace, packDigest };
}

type Created = { id: string; no: string; subjectId: string; rule: string; year: number; facts: ClaimFacts; decision?: Decision };

/** Create, submit, pass and approve: one by one through the services, or batched through the same events. */
type Steps = {
  create(claims: PlannedClaim[]): void;
  submit(claims: PlannedClaim[]): void;
  pass(claims: PlannedClaim[]): void;
  approve(claims: PlannedClaim[]): void;
};

function serviceSteps(core: Core, who: Actors, ids: Map<string, string>): Steps {
  const { ledger } = core;
  return {
    create(claims) {
      for (const c of claims) {
        const subjectId = ids.get(`${c.subject.list}|${c.subject.key}`)!;
        const input: Parameters<typeof createClaim>[2] = { rule: c.rule, subjectId, year: DEMO_YEAR };
        if (c.rule === 'purchase-cooperation') Object.assign(input, { facts: { stableCooperation: true }, reason: '已签订年度购销协作协议，协议复印件附后' });
        if (c.rule === 'poverty-purchase' && c.subject.hasPurchases) {
          input.purchases = purchasesFor(core.db, c.subject.cells.统一社会信用代码!, DEMO_YEAR)
            .filter((p) => p.claimId === null)
            .map((p) => p.id);
        }
        c.id = createClaim(ledger, who.clerk, input);
      }
    },
    submit(claims) {
      for (const c of claims) submitClaim(ledger, who.clerk, c.id!);
    },
    pass(claims) {
      for (const c of claims) {
        try {
          passClaim(ledger, who.reviewer, { id: c.id! });
        } catch (error) {
          // flagged: the reviewer writes down what was checked, as the service requires
          if (!(error instanceof DomainError) || error.code !== 'VALIDATION' || !(error.details as { flags?: unknown } | undefined)?.flags) throw error;
          passClaim(ledger, who.reviewer, { id: c.id!, acknowledgement: '已调取平台后台销售流水和银行回单逐笔核对，情况属实' });
        }
      }
    },
    approve(claims) {
      for (const c of claims) approveClaim(ledger, who.director, c.id!);
    },
  };
}

function batchedSteps(core: Core, who: Actors, ids: Map<string, string>, county: string): Steps {
  const { db, ledger } = core;
  const engine = engineFor(db);
  const packDigest = activePolicyPack(db)!.digest;
  const made = new Map<string, Created>();
  const live = new Set<string>(
    (statement(db, "SELECT subject_id, rule, year FROM claim WHERE state <> 'voided'").all() as { subject_id: string; rule: string; year: number }[]).map((r) => `${r.subject_id}|${r.rule}|${r.year}`),
  );
  const append = (actor: Principal, entries: AppendInput[]) => {
    for (const part of chunks(entries, 5_000)) ledger.appendMany(actor.username, part);
  };
  const stateOf = statement(db, 'SELECT state FROM claim WHERE id = ?');
  /** The claim's state as the table has it now (other phases ran through the services). */
  const step = (c: PlannedClaim, action: ClaimAction): Created => {
    const created = made.get(c.id!)!;
    const state = (stateOf.get(created.id) as { state: ClaimState }).state;
    if (!TRANSITIONS[action].from.includes(state)) throw new DomainError('STATE', `申报 ${created.no} 为「${state}」，不能${TRANSITIONS[action].label}`);
    return created;
  };
  return {
    create(claims) {
      mustAllow(who.clerk, 'submit');
      let next = (statement(db, 'SELECT count(*) AS n FROM claim WHERE no LIKE ?').get(`SB${DEMO_YEAR}-%`) as { n: number }).n + 1; // nextNumber's count
      const entries = claims.map((c): AppendInput => {
        const subjectId = ids.get(`${c.subject.list}|${c.subject.key}`)!;
        const subject = subjectById(db, subjectId)!;
        const rule = engine.pack.rules.find((x) => x.id === c.rule)!;
        if (!RULE_LISTS[c.rule]!.includes(subject.list) || !(rule.subjectTypes as readonly string[]).includes(subjectTypeOf(subject.list, subject.parsed))) {
          throw new DomainError('VALIDATION', `「${rule.title}」不适用于主体 ${subject.name}`);
        }
        const once = `${subjectId}|${c.rule}|${DEMO_YEAR}`;
        if (live.has(once)) throw new DomainError('CONFLICT', `主体 ${subject.name} 已有 ${DEMO_YEAR} 年「${rule.title}」申报`);
        live.add(once);
        const facts = prefillFacts(db, engine, c.rule, subjectId, DEMO_YEAR);
        const id = newId('C');
        const no = `SB${DEMO_YEAR}-${String(next++).padStart(4, '0')}`;
        c.id = id;
        made.set(id, { id, no, subjectId, rule: c.rule, year: DEMO_YEAR, facts });
        const course = typeof subject.parsed.course === 'string' ? subject.parsed.course : null;
        return { kind: claimCreated.kind, entity: `claim:${id}`, payload: { id, no, subjectId, rule: c.rule, year: DEMO_YEAR, course, facts, purchases: [], reason: null } };
      });
      append(who.clerk, entries);
    },
    submit(claims) {
      mustAllow(who.clerk, 'submit');
      const entries = claims.map((c): AppendInput => {
        const created = step(c, 'submit');
        created.decision = decision(db, engine, county, packDigest, created);
        // flags: [] — see the note at the top and verifyQuietFlags
        return { kind: claimSubmitted.kind, entity: `claim:${created.id}`, payload: { id: created.id, ...created.decision, flags: [] } };
      });
      append(who.clerk, entries);
    },
    pass(claims) {
      mustAllow(who.reviewer, 'pass', [who.clerk]);
      append(
        who.reviewer,
        claims.map((c) => {
          const created = step(c, 'pass');
          return { kind: claimPassed.kind, entity: `claim:${created.id}`, payload: { id: created.id, flags: [], acknowledgement: null } };
        }),
      );
    },
    approve(claims) {
      mustAllow(who.director, 'approve', [who.clerk, who.reviewer]);
      const budget = statement(db, 'SELECT base_fen + uplift_fen AS total FROM budget WHERE year = ?').get(DEMO_YEAR) as { total: number } | undefined;
      if (!budget) throw new DomainError('STATE', `尚未登记 ${DEMO_YEAR} 年度奖补资金预算，不能审批`);
      let committed = committedFen(db, DEMO_YEAR);
      const entries = claims.map((c): AppendInput => {
        const created = step(c, 'approve');
        const now = decision(db, engine, county, packDigest, created);
        if (now.amountFen !== created.decision!.amountFen) throw new DomainError('CONFLICT', `申报 ${created.no} 的金额在公示后发生变化`);
        if (now.amountFen > budget.total - committed) throw new DomainError('STATE', `预算不足：申报 ${created.no}`);
        committed += now.amountFen;
        return { kind: claimApproved.kind, entity: `claim:${created.id}`, payload: { id: created.id, ...now } };
      });
      append(who.director, entries);
    },
  };
}

const RETURN_REASONS = ['缺少销售流水截图，请补充', '银行账号与开户名不一致，请核实', '培训签到表不全，请补充', '佐证材料不清晰，请重新扫描'];
const VOID_REASONS = ['录入错误，重新申报', '申报主体主动撤回', '重复录入', '经核查不符合申报条件'];
const OBJECTIONS = ['群众反映该网点长期未营业', '反映销售额存在刷单嫌疑', '反映培训学员未实际参训', '反映收购凭证与实际不符'];

/** The phases every claim goes through, in order; the four steps above differ by path. */
function runClaims(core: Core, who: Actors, steps: Steps, claims: PlannedClaim[], r: Random, opts: { today: string; noticeSize: number; batch: number; payFrom: number }): void {
  const { ledger, db } = core;
  const phase = (filter: (c: PlannedClaim) => boolean, run: (part: PlannedClaim[]) => void) => {
    for (const part of chunks(claims.filter(filter), opts.batch)) db.transaction(() => run(part))();
  };
  phase(() => true, (part) => steps.create(part));
  phase((c) => reaches(c, 'submitted'), (part) => steps.submit(part));
  phase(
    (c) => reaches(c, 'returned'),
    (part) => {
      for (const c of part) returnClaim(ledger, who.reviewer, { id: c.id!, reason: r.pick(RETURN_REASONS) });
    },
  );
  phase(
    (c) => c.detour,
    (part) => {
      for (const c of part) {
        const facts: ClaimFacts = c.rule === 'purchase-cooperation' ? { stableCooperation: true } : {};
        editClaim(ledger, who.clerk, { id: c.id!, expectedRevision: claimRow(db, c.id!)!.revision, facts, reason: '已按审核意见补充材料' });
        submitClaim(ledger, who.clerk, c.id!);
      }
    },
  );
  phase((c) => reaches(c, 'reviewed'), (part) => steps.pass(part));
  // 公示: the claims that stay 公示中 are on a notice still open today; the others on ended ones
  const contact = '县商务局电子商务办公室，电话 0554-4023188';
  const stays = (c: PlannedClaim) => (c.voidFrom ?? c.target) === 'noticing';
  for (const [filter, startsOn, endsOn, end] of [
    [(c: PlannedClaim) => reaches(c, 'noticed'), '2019-12-02', '2019-12-08', true],
    [(c: PlannedClaim) => reaches(c, 'noticing') && stays(c), '2020-04-03', '2020-04-12', false],
  ] as const) {
    // one 公示 per noticeSize claims, whatever the transaction batches
    for (const notice of chunks(claims.filter(filter), opts.noticeSize)) {
      db.transaction(() => {
        const id = createNotice(ledger, who.reviewer, { claimIds: notice.map((c) => c.id!), startsOn, endsOn, contact });
        if (end) endNotice(ledger, who.reviewer, id, opts.today);
      })();
    }
  }
  phase(
    (c) => c.objection !== null,
    (part) => {
      for (const c of part) {
        const id = recordObjection(ledger, who.clerk, { claimId: c.id!, receivedOn: '2019-12-05', text: r.pick(OBJECTIONS) });
        if (c.objection === 'resolved') resolveObjection(ledger, who.reviewer, { id, resolution: '经实地核查，反映情况不属实', upheld: false });
        if (c.objection === 'upheld') resolveObjection(ledger, who.reviewer, { id, resolution: '经核查，反映情况属实', upheld: true });
      }
    },
  );
  phase((c) => reaches(c, 'approved'), (part) => steps.approve(part));
  let voucher = opts.payFrom;
  phase(
    (c) => c.target === 'paid',
    (part) => {
      const payments = part.map((c) => {
        const row = claimRow(db, c.id!)!;
        voucher++;
        return { claimNo: row.no, voucherNo: `GK${DEMO_YEAR}${String(voucher).padStart(7, '0')}`, paidOn: `${DEMO_YEAR}-12-${String(16 + (voucher % 15)).padStart(2, '0')}`, amount: fenToYuanString(row.amount_fen!) };
      });
      recordPayments(ledger, who.director, payments, '国库集中支付拨付清单', opts.today);
    },
  );
  phase(
    (c) => c.target === 'voided',
    (part) => {
      for (const c of part) {
        const from = c.voidFrom!;
        const actor = from === 'draft' || from === 'returned' ? who.clerk : from === 'noticed' || from === 'approved' ? who.director : who.reviewer;
        voidClaim(ledger, actor, { id: c.id!, reason: c.objection === 'upheld' ? '公示期异议经核实成立' : r.pick(VOID_REASONS) });
      }
    },
  );
}

function tableOf(list: ListId, subjects: PlannedSubject[]): { fileName: string; table: { sheet: string; headerRow: number; headers: string[]; rows: TableRow[] } } {
  const headers = HEADERS[list];
  return {
    fileName: `${LISTS[list].label}（演示）.xlsx`,
    table: { sheet: LISTS[list].label, headerRow: 1, headers, rows: subjects.map((s, i) => ({ rowNumber: i + 2, cells: headers.map((h) => s.cells[h] ?? '') })) },
  };
}

async function importStage(core: Core, clerk: Principal, subjects: Record<ListId, PlannedSubject[]>, early: boolean): Promise<void> {
  for (const list of LIST_IDS) {
    const rows = subjects[list].filter((s) => s.early === early);
    if (rows.length === 0) continue;
    const report = await importList(core.ledger, clerk.username, list, tableOf(list, rows), true);
    if (report.errors.length > 0 || report.new !== rows.length) {
      throw new DomainError('INTERNAL', `演示数据「${LISTS[list].label}」导入未全部通过：${report.errors[0]?.message ?? `新增 ${report.new} / ${rows.length}`}`);
    }
  }
}

function subjectIdsByKey(core: Core): Map<string, string> {
  const rows = statement(core.db, 'SELECT id, list, key FROM subject').all() as { id: string; list: string; key: string }[];
  return new Map(rows.map((r) => [`${r.list}|${r.key}`, r.id]));
}

const TEXTS = {
  narrative: [
    '按方案分解任务，牵头单位每月调度，乡镇逐项落实，本季度工作按计划推进。',
    '召开专题推进会，明确责任人和时间节点，已完成阶段性目标。',
    '结合电子商务进农村综合示范项目同步推进，资金和项目已落实到乡镇。',
    '对照任务分解表逐项核查，台账资料已归档，数据经统计部门核对。',
  ],
  problems: ['部分乡镇网点运营人员流动较大，持续经营能力不足。', '农产品标准化、品牌化程度不高，上行规模仍偏小。', '物流末端成本偏高，偏远村覆盖不足。', '无'],
  nextSteps: ['下季度加强对乡镇的督促指导，按月通报进度。', '继续开展电商培训和品牌培育，扩大农产品网络销售。', '整合快递物流资源，推进县乡村三级物流体系建设。', '做好奖补资金拨付和绩效评价。'],
};

/** Entered indicators' values for Q3 and Q4, by unit. */
function enteredValue(unit: string, id: string, quarter: string, r: Random): string {
  const q4 = quarter.endsWith('Q4');
  if (id === 'demo-county') return q4 ? '1' : '0';
  switch (unit) {
    case '%':
      return id.endsWith('-completion') ? (q4 ? '100' : String(r.int(55, 80))) : `${r.int(q4 ? 28 : 15, q4 ? 40 : 26)}.${r.int(0, 9)}`;
    case '个':
      return String(r.int(q4 ? 14 : 6, q4 ? 22 : 12));
    case '公里':
      return `${r.int(q4 ? 60 : 25, q4 ? 90 : 50)}.${r.int(0, 9)}`;
    case '个百分点':
      return `${r.int(q4 ? 8 : 3, q4 ? 15 : 7)}.${r.int(0, 9)}`;
    default:
      return String(r.int(1, 10));
  }
}

async function recordProgress(core: Core, who: Actors, today: string, now: number, r: Random): Promise<string[]> {
  const pack = activePack(core.db);
  const entered = (pack.progress?.indicators ?? []).filter((i) => i.source === 'entered');
  for (const i of entered.filter((x) => x.target.type === 'local')) {
    setTarget(core.ledger, who.director, { indicator: i.id, value: enteredValue(i.unit, i.id, '2019Q4', r), source: `县政府常务会议确定的${DEMO_YEAR}年度目标` });
  }
  // reports are generated "today" (the demo's now), as the clerk would on that day
  const at: Core = { ...core, sessions: new Sessions(() => now) };
  for (const quarter of DEMO_QUARTERS) {
    core.db.transaction(() => {
      for (const task of pack.tasks) {
        saveText(core.ledger, who.clerk, today, {
          quarter,
          task: task.no,
          expectedRevision: 0,
          narrative: `${quarterLabel(quarter)}：${r.pick(TEXTS.narrative)}`,
          problems: r.pick(TEXTS.problems),
          nextSteps: r.pick(TEXTS.nextSteps),
        });
      }
      for (const i of entered) {
        enterValue(core.ledger, who.clerk, today, { quarter, indicator: i.id, value: enteredValue(i.unit, i.id, quarter, r), source: `${quarterLabel(quarter)}县统计局统计快报（截至 ${quarterEnd(quarter)}）` });
      }
    })();
    await generateQuarterReport(at, who.clerk, quarter, 'xlsx');
    closeQuarter(core.ledger, who.director, today, quarter, new Date(now).toISOString());
  }
  return [...DEMO_QUARTERS];
}

/**
 * The fraud checks the batched path did not run per claim, run for real on a sample of its claims
 * (the subject and claim tables only grow, and the amounts per rule are one, so a quiet result
 * now means the checks were quiet at submission too).
 */
export function verifyQuietFlags(core: Core, claimIds: readonly string[]): void {
  const engine = engineFor(core.db);
  for (const id of claimIds) {
    const claim = claimRow(core.db, id)!;
    const flags = currentFlags(core.db, engine, claim, claim.amount_fen);
    if (flags.length > 0) throw new DomainError('INTERNAL', `演示申报 ${claim.no} 有未计入的疑点：${flags.join('；')}`);
  }
}

/** Builds the demo county into a fresh database (only the policy pack in it). */
export async function buildDemo(core: Core, options: DemoOptions): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const now = options.now ?? DEMO_NOW;
  const today = chinaToday(new Date(now));
  const seed = seedNumber(options.seed);
  if (!Number.isInteger(options.subjects) || options.subjects < 50 || options.subjects > 2_000_000) throw new DomainError('VALIDATION', '主体数应为 50 到 2,000,000 之间的整数', { field: 'subjects' });
  if (!Number.isInteger(options.claims) || options.claims < 0) throw new DomainError('VALIDATION', '申报数应为不小于 0 的整数', { field: 'claims' });
  const pack = activePack(core.db);
  const county = pack.counties.find((c) => c.code === options.county);
  if (!county) throw new DomainError('VALIDATION', `区划代码「${options.county}」不是政策包中的县区（可选：${pack.counties.map((c) => `${c.code} ${c.name}`).join('、')}）`, { field: 'county' });
  const used = statement(core.db, 'SELECT (SELECT count(*) FROM subject) + (SELECT count(*) FROM claim) + (SELECT count(*) FROM account) AS n').get() as { n: number };
  const role = installRole(core.db);
  if (used.n > 0 || (role && (role.role !== 'county' || role.county !== county.code))) throw new DomainError('CONFLICT', '演示数据只能写入新建的数据库（该数据库已有主体、申报、账号或已设为其他县区）');

  const r = new Random(mulberry32(seed));
  const started = Date.now();
  const lap = (what: string) => log(`${what}（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
  const subjects = planSubjects(county.code, options.subjects, r);
  const claims = planClaims(subjects, options.claims, r);
  for (const list of LIST_IDS.filter((l) => l !== 'trainees' && l !== 'service-points' && l !== 'poor-households')) for (const s of subjects[list]) s.early = true;

  const [admin, clerk, reviewer, director] = DEMO_ACCOUNTS;
  if (!role) configureInstallRole(core.ledger, admin!.username, { role: 'county', county: county.code });
  for (const a of DEMO_ACCOUNTS) createAccount(core.ledger, '系统初始化', { ...a, roles: [...a.roles], password: DEMO_PASSWORD });
  const who: Actors = { admin: principalOf(core.db, admin!.username)!, clerk: principalOf(core.db, clerk!.username)!, reviewer: principalOf(core.db, reviewer!.username)!, director: principalOf(core.db, director!.username)! };
  for (const setting of TIERS) saveRuleSetting(core.ledger, who.director.username, setting);
  const committable = claims.filter((c) => reaches(c, 'approved')).reduce((s, c) => s + (c.subject.maxAward[c.rule] ?? 0), 0);
  const baseFen = Math.max(1, Math.ceil((committable * 1.05) / 1_000_000)) * 1_000_000; // whole 万元
  setBudget(core.ledger, who.director, { year: DEMO_YEAR, docNo: `淮财企〔${DEMO_YEAR}〕56号`, base: fenToYuanString(baseFen) });
  lap('账号、分档标准和预算已登记');

  await importStage(core, who.clerk, subjects, true);
  lap('第一批名单已导入');
  const walked = claims.filter((c) => c.walked);
  runClaims(core, who, serviceSteps(core, who, subjectIdsByKey(core)), walked, r, { today, noticeSize: 40, batch: 200, payFrom: 0 });
  lap(`${walked.length} 条申报已逐条经各环节办理`);

  await importStage(core, who.clerk, subjects, false);
  lap('其余名单已导入');
  const bulk = claims.filter((c) => !c.walked);
  const ids = subjectIdsByKey(core);
  const services = options.claimPath === 'services';
  runClaims(core, who, services ? serviceSteps(core, who, ids) : batchedSteps(core, who, ids, county.code), bulk, r, { today, noticeSize: 500, batch: services ? 500 : 10_000, payFrom: walked.length });
  if (!services && bulk.length > 0) {
    const sample = bulk.filter((c) => reaches(c, 'submitted') && c.target !== 'voided');
    verifyQuietFlags(core, Array.from({ length: Math.min(12, sample.length) }, (_, i) => sample[Math.floor((i * sample.length) / Math.min(12, sample.length))]!.id!));
  }
  lap(`${bulk.length} 条申报已${services ? '逐条' : '分批'}办理`);

  const closedQuarters = await recordProgress(core, who, today, now, r);
  lap('季度进展已填报，2019 年三、四季度报告已生成并关闭');

  const lists = Object.fromEntries(LIST_IDS.map((l) => [l, 0])) as Record<ListId, number>;
  for (const row of statement(core.db, 'SELECT list, count(*) AS n FROM subject GROUP BY list').all() as { list: ListId; n: number }[]) lists[row.list] = row.n;
  const states = Object.fromEntries(CLAIM_STATES.map((s) => [s, 0])) as Record<ClaimState, number>;
  for (const row of statement(core.db, 'SELECT state, count(*) AS n FROM claim GROUP BY state').all() as { state: ClaimState; n: number }[]) states[row.state] = row.n;
  const budget = statement(core.db, 'SELECT base_fen, uplift_fen FROM budget WHERE year = ?').get(DEMO_YEAR) as { base_fen: number; uplift_fen: number };
  return {
    county: { code: county.code, name: county.name },
    seed,
    subjects: Object.values(lists).reduce((s, n) => s + n, 0),
    lists,
    claims: states,
    claimPaths: { services: walked.length + (services ? bulk.length : 0), batched: services ? 0 : bulk.length },
    budget: { year: DEMO_YEAR, baseFen: budget.base_fen, upliftFen: budget.uplift_fen },
    closedQuarters,
    accounts: DEMO_ACCOUNTS.map((a) => ({ ...a, roles: [...a.roles], password: DEMO_PASSWORD })),
  };
}

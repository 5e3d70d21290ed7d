import { type ClaimState, CLAIM_STATES, RULE_LISTS } from '../../../shared/domain/claims';
import { LIST_IDS, LISTS, type ListId, type SubjectFields } from '../../../shared/domain/registry';
import type { RuleSetting } from '../../../shared/domain/rules';
import { DomainError } from '../../../shared/result';
import { subjectKey } from '../registry/validate';
import { BANKS, bankCardOf, CO_BUILT, COURSES, GIVEN, idNumberOf, KINDS, OFFSET_SPACE, phoneOf, PLACES, PRODUCTS, SURNAMES, TOWNS, usccOf, villageOf, VILLAGES_PER_TOWN, WORDS } from './people';
import type { Random } from './random';

// What the demo county holds, planned before anything is written: its subjects as the rows of a
// clerk's sheets, and its claims with the state each is to reach.

export const DEMO_YEAR = 2019;

export type RuleId = keyof typeof RULE_LISTS;
/** Rules whose amount is the same for every claim: the fraud checks' z-score stays quiet. */
const FIXED_AMOUNT_RULES: ReadonlySet<string> = new Set(['training-subsidy', 'service-point-sales', 'poverty-point-service', 'demo-town', 'demo-village']);

export type PlannedSubject = {
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

export type PlannedClaim = {
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

export const HEADERS: Record<ListId, string[]> = {
  enterprises: ['企业名称', '统一社会信用代码', '法定代表人', '成立日期', '手机号', '乡镇', '村', '银行账号', '开户行', '年度', '农村产品上行年网络销售额（元）', '购销协作网络销售额（元）', '年在线出口交易额（美元）', '收购贫困村贫困户产品金额（元）'],
  cooperatives: ['名称', '统一社会信用代码', '类型', '负责人', '成立日期', '手机号', '乡镇', '村', '银行账号', '开户行', '年度', '收购贫困村贫困户产品金额（元）'],
  brands: ['品牌名称', '所属企业', '所属企业统一社会信用代码', '乡镇', '年度', '品牌农村产品上行年网络销售额（元）'],
  'service-points': ['网点名称', '乡镇', '村', '经营者', '经营者身份证号', '手机号', '是否贫困村', '融合共建', '是否示范点', '示范点认定日期', '银行账号', '开户行', '年度', '农产品上行年网络销售额（元）', '上行服务形成的网络销售额（元）'],
  trainees: ['姓名', '身份证号', '手机号', '培训课程', '培训日期', '证书编号', '是否合格', '课程经人社部门认定', '乡镇', '村', '银行账号', '开户行'],
  'poor-households': ['户主姓名', '身份证号', '乡镇', '村', '手机号', '家庭人口', '银行账号', '开户行'],
  'demo-divisions': ['名称', '级别', '乡镇', '认定日期', '认定文件'],
  'poverty-purchases': ['收购主体', '收购主体统一社会信用代码', '收购日期', '贫困户或贫困村', '贫困户身份证号', '乡镇', '村', '产品', '收购金额（元）', '凭证号'],
};

/** The county's tier tables and rates (within the plan's caps). 网点上行服务 has one tier, so its amount is fixed. */
export const TIERS: RuleSetting[] = [
  { type: 'tiers', rule: 'enterprise-10m', tiers: [{ atLeast: 1_000_000_000, awardFen: 30_000_000 }, { atLeast: 3_000_000_000, awardFen: 60_000_000 }, { atLeast: 5_000_000_000, awardFen: 100_000_000 }] },
  { type: 'tiers', rule: 'brand-1m', tiers: [{ atLeast: 100_000_000, awardFen: 10_000_000 }, { atLeast: 300_000_000, awardFen: 20_000_000 }, { atLeast: 500_000_000, awardFen: 30_000_000 }] },
  { type: 'tiers', rule: 'cross-border-export', tiers: [{ atLeast: 50_000_000, awardFen: 20_000_000 }, { atLeast: 100_000_000, awardFen: 50_000_000 }, { atLeast: 200_000_000, awardFen: 100_000_000 }] },
  { type: 'tiers', rule: 'poverty-point-service', tiers: [{ atLeast: 1_000_000, awardFen: 200_000 }] },
  // the plan caps these rates (5%以内, 10%以内); the demo county pays up to the caps
  { type: 'rate', rule: 'purchase-cooperation', rateBasisPoints: 500 },
  { type: 'rate', rule: 'poverty-purchase', rateBasisPoints: 1000 },
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

export function planSubjects(county: string, total: number, r: Random): Record<ListId, PlannedSubject[]> {
  const counts = listCounts(total);
  const offsets = { person: r.int(0, OFFSET_SPACE.person - 1), uscc: r.int(0, OFFSET_SPACE.uscc - 1), bank: r.int(0, OFFSET_SPACE.bank - 1), phone: r.int(0, OFFSET_SPACE.phone - 1) };
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

export function planClaims(subjects: Record<ListId, PlannedSubject[]>, count: number, r: Random): PlannedClaim[] {
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

// ── Where each claim goes ────────────────────────────────────────────────────────────────────

const ORDER: ClaimState[] = ['draft', 'submitted', 'reviewed', 'noticing', 'noticed', 'approved', 'paid'];

/** Whether a claim passes through a state on its way to its final one. */
export function reaches(c: PlannedClaim, state: ClaimState): boolean {
  const end = c.voidFrom ?? c.target;
  if (state === 'voided') return c.target === 'voided';
  if (state === 'returned') return end === 'returned' || c.detour;
  if (end === 'returned') return state === 'draft' || state === 'submitted';
  return ORDER.indexOf(state) <= ORDER.indexOf(end);
}

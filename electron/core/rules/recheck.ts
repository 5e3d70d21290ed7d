import { z } from 'zod';
import { isClaimFacts } from '../../../shared/domain/claims';
import type { DifferingStep, Verdict } from '../../../shared/domain/recheck';
import { type CaseErrorCode, type RuleId, RuleSetting, type TraceStep } from '../../../shared/domain/rules';
import { isIsoDate } from '../../../shared/dates';
import { formatYuan } from '../../../shared/money';
import { readingOf } from '../readings/readings';
import { isYear } from './case-shape';
import { Engine, type EnginePack } from './engine';

// 市级复核: an award re-decided from what its county reported, the way the county decided it: the
// frozen facts, the subject's type and county, the year and day of the decision, the county's
// tier tables, rates and readings as journaled up to the decision, under the pack the claim
// cites. Pure: the county's preview and the city run the same code on the same lines.

/** One approved or paid claim, as a bundle line carries it (JSON columns still as text). */
export type RecheckInput = {
  id: string;
  no: string;
  rule: string;
  year: number;
  subjectId: string;
  subjectType: string | null;
  course: string | null;
  /** The frozen facts, canonical JSON. */
  facts: string | null;
  packDigest: string | null;
  /** The county's frozen trace, canonical JSON (or null: see RecheckOptions.traceOf). */
  trace: string | null;
  /** The journal position of the approval: the settings in force are those journaled before it. */
  decidedSeq: number | null;
  decidedOn: string | null;
  amountFen: number | null;
};

/** A `rule.setting` or `reading.set` journal entry of the county, payload as journaled. */
export type SettingEntry = { seq: number; at: string; actor: string; kind: string; payload: string };

export type RecheckResult = {
  claimId: string;
  verdict: Verdict;
  cityAmount: number | null;
  step: DifferingStep | null;
  reason: string;
  /** The city's own trace (kept only when asked for: the drill-down). */
  cityTrace?: TraceStep[];
};

const RULE_MISSING: readonly CaseErrorCode[] = ['UNKNOWN_RULE', 'UNKNOWN_COUNTY', 'NO_PARAMETER_VALUE', 'YEAR_NOT_COVERED'];
const ReadingPayload = z.object({ id: z.string(), value: z.string(), note: z.string().default('') });
const Trace = z.array(z.object({ step: z.string(), text: z.string(), passed: z.boolean().nullable(), values: z.record(z.string(), z.unknown()).optional() }).loose());

/** The county's settings as they stood after each journaled change, walked forward in sequence. */
class SettingsTimeline {
  private next = 0;
  private readonly settings = new Map<RuleId, RuleSetting>();
  private readonly readings = new Map<string, { value: string; note: string; set_by: string; set_at: string }>();
  private engines = new Map<string, Engine>();

  constructor(private readonly history: readonly SettingEntry[]) {}

  /** The engine for a pack under the settings journaled before `seq` (calls must come in rising `seq`). */
  engineAt(seq: number, pack: EnginePack & { meta: { digest: string } }): Engine {
    while (this.next < this.history.length && this.history[this.next]!.seq < seq) this.apply(this.history[this.next++]!);
    let engine = this.engines.get(pack.meta.digest);
    if (!engine) {
      const readings = new Map(pack.readings.map((d) => [d.id, readingOf(d, this.readings.get(d.id), (u) => u)]));
      engine = new Engine(pack, new Map(this.settings), new Map(), readings);
      this.engines.set(pack.meta.digest, engine);
    }
    return engine;
  }

  private apply(entry: SettingEntry): void {
    let payload: unknown;
    try {
      payload = JSON.parse(entry.payload);
    } catch {
      return;
    }
    if (entry.kind === 'rule.setting') {
      const setting = RuleSetting.safeParse(payload);
      if (setting.success) this.settings.set(setting.data.rule, setting.data);
    } else if (entry.kind === 'reading.set') {
      const reading = ReadingPayload.safeParse(payload);
      if (reading.success) this.readings.set(reading.data.id, { value: reading.data.value, note: reading.data.note, set_by: entry.actor, set_at: entry.at });
    } else return;
    if (this.engines.size) this.engines = new Map();
  }
}

export type PackLookup = (digest: string) => (EnginePack & { meta: { digest: string } }) | null;

type Award = { rule: string; year: number; course?: string };
const NO_AWARDS: readonly Award[] = Object.freeze([]);

export type RecheckOptions = {
  /** Keep the city's trace in each result (the drill-down). */
  keepTraces?: boolean;
  /** Where the county's trace of a claim is read, only for a claim not found 一致 (the city keeps traces on disk). */
  traceOf?: (claim: RecheckInput) => string | null;
};

const inputTrace = (claim: RecheckInput) => claim.trace;

/** How many distinct decision days a Rechecker keeps checked at most. */
const DAYS_KEPT = 10_000;

/**
 * Rechecks claims one by one as they come, in the order the county approved them (rising
 * `decidedSeq`, those without one first), each seeing the awards approved before it (the one-off
 * and yearly limits): the city streams a county's claims from SQLite through it.
 */
export class Rechecker {
  private readonly timeline: SettingsTimeline;
  /**
   * Each subject's awards so far, on every rule (the engine counts those on the claim's own rule):
   * most subjects have one, kept without a list around it.
   */
  private readonly awarded = new Map<string, Award | Award[]>();
  /** The awards themselves, one object per rule, year and course: a county's are few, its claims many. */
  private readonly awards = new Map<string, Map<number, Map<string | null, Award>>>();
  private readonly packs = new Map<string, ReturnType<PackLookup>>();
  private readonly days = new Map<string, boolean>();
  /** An award with a year EvaluationCase refuses was recorded: from then on every case is read whole by the engine. */
  private oddAward = false;
  private readonly keepTraces: boolean;
  private readonly traceOf: (claim: RecheckInput) => string | null;
  private lastSeq = -Infinity;
  private lastDay: string | null = null;
  private lastDayValid = false;
  private lastDigest: string | null = null;
  private lastPack: ReturnType<PackLookup> = null;

  constructor(
    private readonly county: string,
    private readonly packOf: PackLookup,
    history: readonly SettingEntry[],
    options: RecheckOptions = {},
  ) {
    this.timeline = new SettingsTimeline([...history].sort((a, b) => a.seq - b.seq));
    this.keepTraces = options.keepTraces ?? false;
    this.traceOf = options.traceOf ?? inputTrace;
  }

  next(claim: RecheckInput): RecheckResult {
    const seq = claim.decidedSeq ?? 0;
    if (seq < this.lastSeq) throw new Error(`复核须按审批顺序进行：申报 ${claim.no} 的审批位置 ${seq} 在前一条 ${this.lastSeq} 之前`);
    this.lastSeq = seq;
    const previous = this.awarded.get(claim.subjectId);
    const result = this.recheckOne(claim, previous === undefined ? NO_AWARDS : Array.isArray(previous) ? previous : [previous]);
    const award = this.award(claim.rule, claim.year, claim.course);
    if (!Number.isInteger(claim.year)) this.oddAward = true;
    if (previous === undefined) this.awarded.set(claim.subjectId, award);
    else if (Array.isArray(previous)) previous.push(award);
    else this.awarded.set(claim.subjectId, [previous, award]);
    return result;
  }

  /** One claim decided again (no per-claim closures: it runs for every claim a county reports). */
  private recheckOne(claim: RecheckInput, previousAwards: readonly Award[]): RecheckResult {
    const keep = this.keepTraces;
    if (claim.decidedSeq === null || claim.facts === null || claim.subjectType === null || claim.decidedOn === null) {
      return finding(claim, keep, 'facts-incomplete', '数据包没有携带审批时的事实、主体类型或审批日期（由旧版本导出），无法复核');
    }
    if (claim.packDigest === null) return finding(claim, keep, 'rule-missing', '申报未记载所依据的政策包');
    const pack = this.pack(claim.packDigest);
    if (!pack) return finding(claim, keep, 'rule-missing', `申报所依据的政策包（摘要 ${claim.packDigest.slice(0, 16)}…）不是市里签发或载入的政策包`);
    let facts: unknown;
    try {
      facts = JSON.parse(claim.facts);
    } catch {
      facts = null;
    }
    if (!isClaimFacts(facts)) return finding(claim, keep, 'facts-incomplete', '申报的事实无法读取');
    const engine = this.timeline.engineAt(claim.decidedSeq, pack);
    const c = { id: claim.no, rule: claim.rule, year: claim.year, subject: { type: claim.subjectType, county: this.county }, facts, previousAwards, decidedOn: claim.decidedOn };
    // the case is built here from checked parts (facts checked above, awards from earlier claims):
    // only its number, year and day are left to check, each day once; a case that fails any goes
    // to evaluate, which reads it whole and names what is wrong
    const checked = c.id !== '' && isYear(c.year) && this.validDay(c.decidedOn) && !this.oddAward;
    // most claims come out as reported, and a claim found 一致 keeps no trace (unless asked): each is
    // decided first without one, and again with it only when it must show where the two part
    let outcome = !checked ? engine.evaluate(c) : keep ? engine.decide(c) : engine.decideUntraced(c);
    if ('error' in outcome) {
      const { code, message } = outcome.error;
      if (RULE_MISSING.includes(code)) return finding(claim, keep, 'rule-missing', message);
      if (code === 'SUBJECT_TYPE_MISMATCH') return finding(claim, keep, 'ineligible', message, 0);
      return finding(claim, keep, 'facts-incomplete', message);
    }
    if (outcome.eligible && outcome.amountFen !== null && outcome.amountFen === claim.amountFen) return finding(claim, keep, 'consistent', '', outcome.amountFen, null, outcome.trace);
    if (checked && !keep) {
      const traced = engine.decide(c); // the same decision, now with the steps a finding shows
      if ('error' in traced) throw new Error(`申报 ${claim.no} 两次判定结果不同`);
      outcome = traced;
    }
    // not as reported: only now is the county's trace read, to name the step where the two part
    const reported = parseTrace(this.traceOf(claim));
    if (!outcome.eligible) {
      const failed = outcome.trace.filter((s) => s.passed === false).map((s) => s.text);
      return finding(claim, keep, 'ineligible', `按规则不符合条件：${failed.join('；')}`, 0, firstDifference(reported, outcome.trace), outcome.trace);
    }
    if (outcome.amountFen === null) {
      return finding(claim, keep, 'rule-missing', `审批时本县尚未设定该项的分档标准或比例（数据包的账本记录中没有），无法确定金额`, null, null, outcome.trace);
    }
    if (outcome.amountFen === 0) return finding(claim, keep, 'ineligible', '按规则计算金额为 0 元', 0, firstDifference(reported, outcome.trace), outcome.trace);
    const step = firstDifference(reported, outcome.trace) ?? amountStep(reported, outcome.trace);
    return finding(claim, keep, 'amount-mismatch', `县报 ${formatYuan(claim.amountFen ?? 0)}，按规则应为 ${formatYuan(outcome.amountFen)}`, outcome.amountFen, step, outcome.trace);
  }

  private award(rule: string, year: number, course: string | null): Award {
    let years = this.awards.get(rule);
    if (!years) this.awards.set(rule, (years = new Map()));
    let courses = years.get(year);
    if (!courses) years.set(year, (courses = new Map()));
    let award = courses.get(course);
    if (!award) courses.set(course, (award = Object.freeze(course ? { rule, year, course } : { rule, year })));
    return award;
  }

  /** Whether a decision day is a calendar day, checked once per day rather than once per claim. */
  private validDay(day: string): boolean {
    // claims come in decision order: most share the day before them (compared, not hashed again)
    if (day === this.lastDay) return this.lastDayValid;
    let valid = this.days.get(day);
    if (valid === undefined) {
      valid = isIsoDate(day);
      if (this.days.size >= DAYS_KEPT) this.days.clear();
      this.days.set(day, valid);
    }
    this.lastDay = day;
    this.lastDayValid = valid;
    return valid;
  }

  /** Each pack looked up once per run, not once per claim. */
  private pack(digest: string | null): ReturnType<PackLookup> {
    if (digest === null) return null;
    if (digest === this.lastDigest) return this.lastPack; // a county's claims mostly cite one pack
    let pack = this.packs.get(digest);
    if (pack === undefined) {
      pack = this.packOf(digest);
      this.packs.set(digest, pack);
    }
    this.lastDigest = digest;
    this.lastPack = pack;
    return pack;
  }
}

/** Each claim's verdict, in the order given (decided in the order the county approved them). */
export function recheckClaims(claims: readonly RecheckInput[], county: string, packOf: PackLookup, history: readonly SettingEntry[], keepTraces = false): RecheckResult[] {
  const order = claims.map((_, i) => i).sort((a, b) => (claims[a]!.decidedSeq ?? 0) - (claims[b]!.decidedSeq ?? 0));
  const rechecker = new Rechecker(county, packOf, history, { keepTraces });
  const results: RecheckResult[] = new Array<RecheckResult>(claims.length);
  for (const i of order) results[i] = rechecker.next(claims[i]!);
  return results;
}

function finding(claim: RecheckInput, keepTraces: boolean, verdict: Verdict, reason: string, cityAmount: number | null = null, step: DifferingStep | null = null, cityTrace?: TraceStep[]): RecheckResult {
  // a plain literal: a spread here cost a runtime copy per claim, even when it spread nothing
  return keepTraces ? { claimId: claim.id, verdict, cityAmount, step, reason, cityTrace: cityTrace ?? [] } : { claimId: claim.id, verdict, cityAmount, step, reason };
}

type LooseStep = z.infer<typeof Trace>[number];

function parseTrace(text: string | null): LooseStep[] {
  if (text === null) return [];
  try {
    const parsed = Trace.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** A step's meaning: its kind, outcome and values (its text names people and days that differ between sides). */
function meaning(step: LooseStep | TraceStep): string {
  const values = step.values ?? {};
  return `${step.step}|${String(step.passed)}|${JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]))}`;
}

/** The first step where the two traces part, or null when they agree step by step. */
export function firstDifference(county: readonly LooseStep[], city: readonly TraceStep[]): DifferingStep | null {
  const length = Math.max(county.length, city.length);
  for (let i = 0; i < length; i++) {
    const a = county[i];
    const b = city[i];
    if (a && b && meaning(a) === meaning(b)) continue;
    return { index: i + 1, kind: (b ?? a)!.step, county: a?.text ?? null, city: b?.text ?? null };
  }
  return null;
}

/** The traces agree but the amounts do not: the amount was changed after the decision; its step is where they part. */
function amountStep(county: readonly LooseStep[], city: readonly TraceStep[]): DifferingStep | null {
  let index = -1;
  city.forEach((s, i) => {
    if (s.step === 'amount') index = i;
  });
  if (index < 0) return null;
  return { index: index + 1, kind: city[index]!.step, county: county[index]?.text ?? null, city: city[index]!.text };
}

import { chinaToday, formatChineseDate } from '../../../shared/dates';
import { formatYuan } from '../../../shared/money';
import { amountInWords } from '../../../shared/money-words';
import type { Db } from '../db/open';
import { findCjkFont } from '../documents/fonts';
import { renderTablePdf } from '../documents/pdf';
import type { PdfTableDocument } from '../documents/table-document';
import { activePack, installRole } from '../policy/repository';
import { configuredFontPath } from '../settings/service';
import { payeeOf, publicPayee } from './payees';
import { type ClaimRow, factsOf, fieldsOfClaimSubject, traceOf } from './repository';
import { claimHistory } from './reports';

// 审批表: one claim on one page as the finance office files it — who, what under which clause, the
// facts and the engine's reasoning, the amount in figures and in 大写, and who reviewed and
// approved it on which day (display names, from the journal). Personal numbers are masked, as on
// every document but the payment file.

const STEP_MARK = (passed: boolean | null) => (passed === true ? '符合' : passed === false ? '不符合' : '说明');

/** The sheet as a printable table; exported for tests that read its text. */
export function approvalSheetDocument(db: Db, claim: ClaimRow): PdfTableDocument {
  const pack = activePack(db);
  const rule = pack.rules.find((r) => r.id === claim.rule);
  const role = installRole(db);
  const county = role?.role === 'county' ? pack.counties.find((c) => c.code === role.county)?.name : undefined;
  const payee = publicPayee(payeeOf(db, claim.list, fieldsOfClaimSubject(claim)));
  const labels = new Map(pack.facts.map((f) => [f.id, f.label]));
  const facts = Object.entries(factsOf(claim)).map(([id, v]) => `${labels.get(id) ?? id}：${typeof v === 'boolean' ? (v ? '是' : '否') : v}`);
  const trace = traceOf(claim).map((t, i) => `${i + 1}. 【${STEP_MARK(t.passed)}】${t.text}${t.clause ? `（${t.clause}）` : ''}`);
  const history = claimHistory(db, claim.id);
  const step = (kinds: readonly string[]) => {
    const found = history.filter((h) => kinds.includes(h.kind)).at(-1);
    return found ? `${found.actor}　${formatChineseDate(chinaToday(found.at))}` : '（尚未办理）';
  };
  const amount = claim.amount_fen === null ? '未定（本县尚未设定分档标准或比例）' : `${formatYuan(claim.amount_fen)}（${amountInWords(claim.amount_fen)}）`;
  const rows: [string, string][] = [
    ['申报编号', `${claim.no}（${claim.year}年度）`],
    ['受益主体', `${payee.name}${payee.id ? `（${payee.id}）` : ''}`],
    ['所在乡镇村', [claim.town, claim.village].filter(Boolean).join(' ') || '—'],
    ['奖补项目', rule?.title ?? claim.rule],
    ['政策依据', rule ? `${pack.meta.docNo} ${rule.clause.section}：${rule.clause.quote}` : '—'],
    ['申报事实', facts.join('\n') || '—'],
    ['判定过程', trace.join('\n') || '—'],
    ['核定金额', amount],
    ['录入', step(['claim.created'])],
    ['提交', step(['claim.submitted'])],
    ['审核', step(['claim.passed'])],
    ['公示', step(['notice.ended'])],
    ['审批', step(['claim.approved'])],
  ];
  const last = history.at(-1)?.at;
  return {
    title: `${county ?? ''}农村电商奖补资金审批表`,
    subtitle: [`依据${pack.meta.issuer}《${pack.meta.title}》（${pack.meta.docNo}）`],
    columns: [
      { header: '项目', width: 4 },
      { header: '内容', width: 20 },
    ],
    rows,
    footer: [claim.frozen ? '金额已于审批时冻结，按审批时的政策包判定。' : '申报尚未审批，金额以审批时的判定为准。', '身份证号码已按个人信息保护要求部分遮挡。'],
    signature: ['审核人（签字）：＿＿＿＿＿＿　　审批人（签字）：＿＿＿＿＿＿'],
    subject: '农村电商奖补资金审批表',
    createdAt: new Date(last ?? '2019-01-01T00:00:00Z'),
  };
}

export async function approvalSheetPdf(db: Db, claim: ClaimRow): Promise<Uint8Array> {
  return renderTablePdf(approvalSheetDocument(db, claim), findCjkFont(configuredFontPath(db)));
}

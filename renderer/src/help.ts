import { type Light, LIGHT_LABELS } from '../../shared/domain/progress';
import { CLAIM_STATE_LABELS, type ClaimState } from '../../shared/domain/claims';
import type { PageKey } from './navigation';

// The 帮助 panel of each page: what the page is for in the plan, what to do first, what its marks mean.
// This is the system's explanation (系统说明), not the plan's words; where it names the plan it names
// the task or section, and the plan's own text is shown elsewhere as 方案原文.

export type PageHelp = {
  /** What this page is for, tied to the plan's task or section. */
  purpose: string;
  /** What to do first, in order. */
  first: string[];
  /** What the page's lights, tags or states mean. */
  marks?: { label: string; meaning: string }[];
  /** Where the city's install shows the page differently. */
  city?: string;
};

const LIGHT_MEANINGS: Record<Light, string> = {
  done: '本县目标已达到。',
  'on-track': '按方案印发之日到时限均衡推进，当前进度不低于应有进度。',
  behind: '当前进度低于均衡推进应有的进度，时限未到。',
  overdue: '时限已过，目标未达到。',
  unreported: '本季度还没有填报或统计到数值（不按零计算）。',
  pending: '需要的基期值等数据尚未登记，暂不能判断。',
  'no-target': '方案没有给本县分解数量目标，按进展文字报告。',
  'city-led': '由市级单位牵头，不计入本县进度。',
  'not-applicable': '本县不承担该项任务。',
};

const STATE_MEANINGS: Partial<Record<ClaimState, string>> = {
  draft: '录入员保存、尚未提交。',
  submitted: '已提交，等待审核员审核。',
  returned: '审核员退回，录入员修改后可再提交。',
  reviewed: '审核通过，可列入公示。',
  noticing: '正在公示期内。',
  noticed: '公示期已满，等待审批。',
  approved: '审批人已审批，可列入拨付清单。',
  paid: '已登记拨付。',
  voided: '已作废，保留在账本中备查。',
};

export const PAGE_HELP: Record<PageKey, PageHelp> = {
  home: {
    purpose: '本县落实方案的总览：18 项任务的状态、指标完成情况和各项资金的申报拨付，按季度统计。',
    first: ['管理员先按「设置清单」逐项完成：所属县区、分档标准和比例、年度预算及下达文号、异议受理联系方式、签名密钥、各岗位账号。', '点图表中的柱或扇区，可打开对应的任务或申报。'],
    marks: (Object.keys(LIGHT_LABELS) as Light[]).map((l) => ({ label: LIGHT_LABELS[l], meaning: LIGHT_MEANINGS[l] })),
    city: '市级版首页说明各县区报送的去处：登记公钥、导入数据包、全市汇总、绩效评价和市级复核都在「数据报送」中。',
  },
  tasks: {
    purpose: '方案「具体任务分解表」的 18 项任务：本县在每项任务中的角色、本县目标、实际完成和状态，按季度填写进展情况、存在问题和下一步打算，作为季度报告的内容。',
    first: ['选择季度（默认打开最近有数据的季度）。', '在「填报进展」中双击「进展情况」「存在问题」「下一步打算」填写，每项最多 2000 字，Enter 保存、Shift+Enter 换行。', '在「目标与完成」中核对本县目标与实际完成；填报类指标、基期值和附件在「详情」中录入。'],
    marks: (Object.keys(LIGHT_LABELS) as Light[]).map((l) => ({ label: LIGHT_LABELS[l], meaning: LIGHT_MEANINGS[l] })),
  },
  plan: {
    purpose: '本县细化方案：登记本县方案文件，把市方案的任务分给乡镇和县直部门，记录保障措施和佐证材料，并列入季度报告。',
    first: ['登记本县方案的文号、名称和印发日期。', '在「责任分工」中把任务分给乡镇或部门，写明时限。', '在「保障措施」中登记措施并附佐证材料；「按责任单位查看进度」按单位列出任务。'],
  },
  policy: {
    purpose: '政策包：方案中奖励补助的条件、标准和上限，每个数字都注明出自方案哪一条。方案留给县区确定的分档标准、比例和解读在这里由管理员或局领导设定，设定前不计发相应金额。',
    first: ['在「本县分档与比例」中设定各规则的分档标准和比例（标为「待本县设定」的项），在「本县解读与设置」中确认解读。', '用「规则试算」输入事实，查看是否符合条件、金额和每一步依据。'],
    marks: [
      { label: '方案原文', meaning: '与方案文本逐字一致的条文。' },
      { label: '本县解读', meaning: '方案未明确、由本县确定的理解，记入账本。' },
      { label: '系统说明', meaning: '本系统对计算方法的说明，不是方案原文。' },
    ],
  },
  beneficiaries: {
    purpose: '受益主体名录：服务站点、企业、品牌、示范村镇、培训学员、贫困户等，是计算任务完成情况和申报奖补的依据。',
    first: ['下载模板，在 Excel 或 WPS 中填写后导入；导入前先预览，有错误的行不会导入，可「下载未导入的行」改正后再导入。', '双击单元格可直接修改；「详情」查看附件和修改记录。'],
    marks: [{ label: '身份证号、手机号、银行账号', meaning: '显示和导出时脱敏；只有拨付文件含完整账号，导出记入账本。' }],
  },
  claims: {
    purpose: '奖补申报与拨付：按政策包判断是否符合条件和金额，经审核、公示、审批后拨付；每一笔都可追溯到方案条款。',
    first: ['录入员选择主体和规则，填写事实后提交。', '审核员审核；在「公示」中选择申报生成公示，公示期满后审批人审批。', '在「预算」中登记本年度预算及下达文号；在「拨付」中生成拨付清单，登记拨付。'],
    marks: (Object.keys(STATE_MEANINGS) as ClaimState[]).map((s) => ({ label: CLAIM_STATE_LABELS[s], meaning: STATE_MEANINGS[s] ?? '' })),
  },
  reports: {
    purpose: '季度进展报告：方案要求按季度向市里报告进展，报告由任务分解表、指标和申报拨付自动汇总，可导出 PDF。',
    first: ['先在任务分解表中填好本季度的进展。', '生成报告并核对；审批人确认后关闭季度，数据锁定。'],
  },
  exchange: {
    purpose: '数据报送：把本县的账本打包签名，报送市商务局；市级版在这里接收、校验各县区报送，汇总全市并复核奖补金额。',
    first: ['管理员先生成签名密钥，把公钥指纹报市里登记。', '预览报送内容（含复核提示），导出签名报送包，通过内网或移动介质报送。'],
    city: '市级版：登记各县区公钥，导入报送包（篡改或重放的会被拒绝），查看全市汇总、复核和评估。',
  },
  ledger: {
    purpose: '账本校验：所有修改都按时间记入只追加、哈希相连的账本，任何删改都能被发现。',
    first: ['点「校验整个账本」检查哈希链是否连续。', '按人员、事项或日期查看谁在何时做了什么。'],
  },
  accounts: {
    purpose: '用户与设置：账号和岗位（录入员、审核员、审批人、管理员）、本单位信息、备份与恢复、更新。',
    first: ['为每个岗位建立账号，录入员与审核员、审批人不要是同一人。', '在「备份与恢复」中备份数据；换电脑时用「迁移包」。', '账号被锁定时，管理员在此「解锁」。'],
  },
};

import { z } from 'zod';
import { Base64File } from './contract-workflow';
import { CountyMeasure, CountyPlan, Light, Quarter, Responsibility } from './domain/progress';
import { CountyReading } from './domain/readings';
import { IsoDate } from './domain/tasks';

// The contract's methods for what the plan leaves to the county: its readings and settings where
// the plan is silent (本县解读 / 本县设置), its detailed plan (细化方案), who answers for each task
// (责任分解), and what it did under 二(八) and 二(九).

const DECIDERS = ['admin', 'director'] as const;
const EDITORS = ['clerk', 'admin'] as const;
const Id = z.string().min(1).max(64);
const Text = (label: string, max: number) => z.string().trim().min(1, { message: `请填写${label}` }).max(max, { message: `${label}不能超过 ${max} 个字` });
const MAX_FILE_BASE64 = 60 * 1024 * 1024;
const Upload = z.object({
  fileName: z.string().trim().min(1).max(255),
  contentBase64: z.string().min(1, { message: '文件为空' }).max(MAX_FILE_BASE64, { message: '文件过大（不超过 45 MB）' }),
});

export const CountyPlanView = z.object({
  plan: CountyPlan.nullable(),
  responsibilities: z.array(Responsibility),
  measures: z.array(CountyMeasure),
});

export const UnitProgress = z.object({
  unit: z.string(),
  unitKind: z.enum(['department', 'town']),
  tasks: z.array(z.object({ no: z.number().int(), title: z.string(), part: z.string(), deadline: IsoDate.nullable(), light: Light, reason: z.string() })),
});

export const planMethods = {
  'readings.list': { input: z.object({}).strict(), output: z.array(CountyReading) },
  'readings.set': {
    input: z.object({ id: z.string().min(1).max(100), value: z.string().min(1).max(100), note: z.string().max(500).optional() }).strict(),
    output: z.array(CountyReading),
    access: DECIDERS,
  },
  'countyPlan.get': { input: z.object({}).strict(), output: CountyPlanView },
  'countyPlan.save': {
    input: z.object({ docNo: Text('文号', 60), title: Text('细化方案名称', 120), issuedOn: IsoDate, file: Upload.optional() }).strict(),
    output: CountyPlanView,
    access: DECIDERS,
  },
  'countyPlan.byUnit': { input: z.object({ quarter: Quarter }).strict(), output: z.array(UnitProgress) },
  'countyPlan.file': { input: z.object({}).strict(), output: Base64File },
  'countyPlan.assign': {
    input: z.object({ task: z.number().int().min(1).max(99), part: z.string().max(200), unit: Text('责任单位', 60), unitKind: z.enum(['department', 'town']), deadline: IsoDate.nullable().optional() }).strict(),
    output: CountyPlanView,
    access: EDITORS,
  },
  'countyPlan.unassign': { input: z.object({ id: Id, reason: Text('撤销原因', 200) }).strict(), output: CountyPlanView, access: EDITORS },
  'countyPlan.addMeasure': {
    input: z.object({ kind: z.enum(['public-service', 'talent']), title: Text('事项', 200), docNo: Text('文件或合同编号', 60), date: IsoDate, amount: z.string().max(30).optional() }).strict(),
    output: CountyPlanView,
    access: EDITORS,
  },
  'countyPlan.addMeasureEvidence': { input: Upload.extend({ measureId: Id }).strict(), output: CountyPlanView, access: EDITORS },
  'countyPlan.measureEvidence': { input: z.object({ measureId: Id, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(), output: Base64File },
} as const;

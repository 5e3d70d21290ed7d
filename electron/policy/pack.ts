import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { County } from '../../shared/domain/counties';
import { type LoadedPolicyPack, PolicyPackMeta } from '../../shared/domain/policy';
import { TaskDefinition } from '../../shared/domain/tasks';
import { DomainError } from '../../shared/result';
import { canonicalJson } from '../ledger/canonical';

// A policy pack is a folder of JSON files: pack.json (identity and file list) plus one file per
// concern. Everything is validated on load; an error names the file, the path and the reason.

const PackManifest = PolicyPackMeta.extend({ files: z.array(z.string().regex(/^[a-z0-9-]+\.json$/)) });

const TasksFile = z.object({
  source: z.string(),
  tasks: z
    .array(TaskDefinition)
    .min(1)
    .refine((ts) => ts.every((t, i) => t.no === i + 1), { message: '任务序号必须从 1 起连续编号' }),
});

const CountiesFile = z.object({
  source: z.string(),
  counties: z
    .array(County)
    .min(1)
    .refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, { message: '区划代码重复' }),
});

export type PolicyPack = {
  meta: LoadedPolicyPack;
  tasks: TasksFile['tasks'];
  counties: CountiesFile['counties'];
};
type TasksFile = z.infer<typeof TasksFile>;
type CountiesFile = z.infer<typeof CountiesFile>;

export function loadPolicyPack(dir: string): PolicyPack {
  const manifest = parseFile(dir, 'pack.json', PackManifest);
  for (const required of ['tasks.json', 'counties.json']) {
    if (!manifest.files.includes(required)) fail('pack.json', 'files', `缺少必需的文件 ${required}`);
  }
  const contents: Record<string, unknown> = {};
  for (const file of manifest.files) contents[file] = readJson(dir, file);
  const tasks = parseValue('tasks.json', contents['tasks.json'], TasksFile).tasks;
  const counties = parseValue('counties.json', contents['counties.json'], CountiesFile).counties;
  const { files: _files, ...meta } = manifest;
  // The digest covers the manifest and every listed file's parsed content, canonically encoded,
  // so formatting changes do not alter it and any change of substance does.
  const digest = createHash('sha256').update(canonicalJson({ manifest, contents })).digest('hex');
  return { meta: { ...meta, digest }, tasks, counties };
}

function readJson(dir: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch {
    return fail(file, '', '文件不存在或无法读取');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(file, '', `不是有效的 JSON（${(error as Error).message}）`);
  }
}

function parseFile<S extends z.ZodType>(dir: string, file: string, schema: S): z.output<S> {
  return parseValue(file, readJson(dir, file), schema);
}

function parseValue<S extends z.ZodType>(file: string, value: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return fail(file, issue ? issue.path.join('.') : '', issue?.message ?? '内容无效');
}

function fail(file: string, path: string, reason: string): never {
  const where = path ? `${file} › ${path}` : file;
  throw new DomainError('POLICY_INVALID', `政策包无效：${where}：${reason}`, { file, path, reason });
}

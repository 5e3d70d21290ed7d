import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { LoadedPolicyPack } from '../../../shared/domain/policy';
import { DomainError } from '../../../shared/result';
import { hmacKeySha256 } from '../crypto/keyed-id';
import { canonicalJson } from '../ledger/canonical';
import { FILE_SCHEMAS, PackManifest, type PolicyPackContent, REQUIRED_FILES } from './content';
import { checkPackReferences } from './references';

// A policy pack is a folder of JSON files: pack.json (identity and file list) plus one file per
// concern. Everything is validated on load; an error names the file, the path and the reason.

export type PolicyPack = PolicyPackContent & { meta: LoadedPolicyPack };

/**
 * A pack as read from its files: the content the ledger keeps, and apart from it the secret the
 * city hands only to its counties (exchange.json's HMAC key), which is journaled on its own.
 */
export type PackFromFiles = PolicyPack & { hmacKey: string | null };

export function loadPolicyPack(dir: string): PackFromFiles {
  const manifest = parseValue('pack.json', readJson(dir, 'pack.json'), PackManifest);
  for (const required of REQUIRED_FILES) {
    if (!manifest.files.includes(required)) fail('pack.json', 'files', `缺少必需的文件 ${required}`);
  }
  const contents: Record<string, unknown> = {};
  for (const file of manifest.files) contents[file] = readJson(dir, file);
  const tasks = parseValue('tasks.json', contents['tasks.json'], FILE_SCHEMAS['tasks.json']);
  const counties = parseValue('counties.json', contents['counties.json'], FILE_SCHEMAS['counties.json']);
  const parameters = parseValue('parameters.json', contents['parameters.json'], FILE_SCHEMAS['parameters.json']);
  const rules = parseValue('rules.json', contents['rules.json'], FILE_SCHEMAS['rules.json']);
  const targets = parseValue('targets.json', contents['targets.json'], FILE_SCHEMAS['targets.json']);
  const progress = manifest.files.includes('indicators.json')
    ? parseValue('indicators.json', contents['indicators.json'], FILE_SCHEMAS['indicators.json'])
    : null;
  const exchange = manifest.files.includes('exchange.json') ? parseValue('exchange.json', contents['exchange.json'], FILE_SCHEMAS['exchange.json']) : null;
  const readings = manifest.files.includes('readings.json') ? parseValue('readings.json', contents['readings.json'], FILE_SCHEMAS['readings.json']).readings : [];
  const content: PolicyPackContent = {
    tasks: tasks.tasks,
    counties: counties.counties,
    parameters: parameters.parameters,
    facts: rules.facts,
    rules: rules.rules,
    countyTargets: targets.countyTargets,
    cityTargets: targets.cityTargets,
    progress: progress && { pathStart: progress.pathStart, indicators: progress.indicators },
    exchange: exchange && { algorithm: exchange.algorithm, hmacKeySha256: hmacKeySha256(exchange.hmacKey) },
    readings,
    law: rules.law ?? null,
  };
  const problem = checkPackReferences(content);
  if (problem) fail(problem.file, problem.path, problem.reason);
  const { files: _files, source: _source, ...meta } = manifest;
  return { ...content, meta: { ...meta, digest: packDigest(manifest, contents) }, hmacKey: exchange?.hmacKey ?? null };
}

/**
 * SHA-256 over the manifest and every listed file's parsed content, canonically encoded, so
 * formatting changes do not alter it and any change of substance does.
 */
export function packDigest(manifest: unknown, contents: Record<string, unknown>): string {
  return hash('sha256', canonicalJson({ manifest, contents }), 'hex');
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

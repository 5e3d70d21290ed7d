import { z } from 'zod';
import { County } from './domain/counties';
import { JournalEntry, LedgerVerification } from './domain/ledger';
import { LoadedPolicyPack } from './domain/policy';
import { Task, TaskProgressUpdate } from './domain/tasks';

// The one declaration of what the renderer may ask of the main process (or the loopback host).
// Both sides derive their types from this object; the handler registry must match it exactly.

const Empty = z.object({}).strict();

export const AppInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  policy: LoadedPolicyPack.nullable(),
  counties: z.number().int(),
  tasks: z.number().int(),
  journalEntries: z.number().int(),
});

export const contract = {
  'app.info': { input: Empty, output: AppInfo },
  'tasks.list': { input: Empty, output: z.array(Task) },
  'tasks.updateProgress': { input: TaskProgressUpdate, output: Task },
  'counties.list': { input: Empty, output: z.array(County) },
  'ledger.verify': { input: Empty, output: LedgerVerification },
  'ledger.recent': {
    input: z
      .object({
        limit: z.number().int().min(1).max(500),
        beforeSeq: z.number().int().min(1).optional(),
      })
      .strict(),
    output: z.array(JournalEntry),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<K extends MethodName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends MethodName> = z.output<Contract[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Contract[K]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

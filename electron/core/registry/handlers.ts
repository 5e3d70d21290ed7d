import { LIST_IDS } from '../../../shared/domain/registry';
import { DomainError } from '../../../shared/result';
import { base64, type HandlerGroup, signedIn } from '../calls';
import type { Core } from '../core';
import { subjectHistory } from './history';
import { countSubjects, listSubjects, subjectById } from './repository';
import { downloadRejects, type ImportSource, importList } from './importing';
import { exportList, setSubjectFacts, updateSubjectField } from './service';
import { templateXlsx } from './xlsx';

function subjectRow(core: Core, id: string) {
  const subject = subjectById(core.db, id);
  if (!subject) throw new DomainError('NOT_FOUND', '找不到该主体');
  const [row] = listSubjects(core.db, subject.list, undefined, id);
  if (!row) throw new DomainError('NOT_FOUND', '找不到该主体');
  return row;
}

/** An uploaded file, or cells pasted from a spreadsheet, as the importer takes them. */
function importSource(input: { fileName: string; contentBase64: string } | { headers: string[]; rows: string[][] }): ImportSource {
  return 'contentBase64' in input
    ? { fileName: input.fileName, bytes: Buffer.from(input.contentBase64, 'base64') }
    : { fileName: '粘贴的表格', table: { sheet: '粘贴', headerRow: 0, headers: input.headers, rows: input.rows.map((cells, i) => ({ rowNumber: i + 1, cells })) } };
}

export const registryHandlers: HandlerGroup<'registry'> = {
  'registry.summary': (_input, core) => Object.fromEntries(LIST_IDS.map((l) => [l, countSubjects(core.db, l)])) as Record<(typeof LIST_IDS)[number], number>,
  'registry.list': (input, core) => listSubjects(core.db, input.list, input.query, undefined, input.limit),
  'registry.get': (input, core) => {
    const row = subjectRow(core, input.id);
    return { row, history: subjectHistory(core.db, input.id, row.list) };
  },
  'registry.update': (input, core, ctx) => {
    updateSubjectField(core.ledger, signedIn(ctx), input);
    return subjectRow(core, input.id);
  },
  'registry.setFacts': (input, core, ctx) => {
    setSubjectFacts(core.ledger, signedIn(ctx), input);
    return subjectRow(core, input.id);
  },
  'registry.import': async (input, core, ctx) => importList(core.ledger, signedIn(ctx), input.list, importSource(input), input.commit),
  'registry.importTable': async (input, core, ctx) => importList(core.ledger, signedIn(ctx), input.list, importSource(input), input.commit),
  'registry.rejects': async (input, core, ctx) => {
    const file = await downloadRejects(core.ledger, signedIn(ctx), input.list, importSource(input));
    return { fileName: file.fileName, contentBase64: base64(file.bytes) };
  },
  'registry.template': async (input) => ({ fileName: `${input.list}-导入模板.xlsx`, contentBase64: base64(await templateXlsx(input.list)) }),
  'registry.export': async (input, core, ctx) => {
    const file = await exportList(core.ledger, signedIn(ctx), input.list, input.ids);
    return { fileName: file.fileName, contentBase64: base64(file.bytes) };
  },
};

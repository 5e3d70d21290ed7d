import { LISTS, type ListId, type SubjectFields } from '../../../shared/domain/registry';
import { maskIdNumber, maskPersonName } from '../../../shared/identifiers';
import type { Db } from '../db/open';
import { subjectsByUscc } from '../registry/repository';

// Who is paid for a claim, and how the public 公示 list shows them.

export type Payee = { name: string; person: boolean; idLabel: '身份证号' | '统一社会信用代码' | ''; idValue: string; bankAccount: string; bankName: string };

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Who is paid for a claim on this subject, with full identifiers (only the payment file shows them whole). */
export function payeeOf(db: Db, list: ListId, fields: SubjectFields): Payee {
  switch (list) {
    case 'trainees':
    case 'poor-households':
      return { name: text(fields.name), person: true, idLabel: '身份证号', idValue: text(fields.idNumber), bankAccount: text(fields.bankAccount), bankName: text(fields.bankName) };
    case 'service-points':
      return {
        name: text(fields.operator) || text(fields.name),
        person: true,
        idLabel: fields.operatorIdNumber ? '身份证号' : '',
        idValue: text(fields.operatorIdNumber),
        bankAccount: text(fields.bankAccount),
        bankName: text(fields.bankName),
      };
    case 'brands': {
      // A brand's award goes to the enterprise that owns it, paid to that enterprise's account.
      const owner = subjectsByUscc(db, 'enterprises', text(fields.ownerUscc))[0]?.fields ?? {};
      return { name: text(fields.ownerName), person: false, idLabel: '统一社会信用代码', idValue: text(fields.ownerUscc), bankAccount: text(owner.bankAccount), bankName: text(owner.bankName) };
    }
    case 'demo-divisions':
      return { name: `${text(fields.town)}${fields.level === '示范村' ? text(fields.name) : ''}`, person: false, idLabel: '', idValue: '', bankAccount: '', bankName: '' };
    default:
      return { name: text(fields.name), person: false, idLabel: '统一社会信用代码', idValue: text(fields.uscc), bankAccount: text(fields.bankAccount), bankName: text(fields.bankName) };
  }
}

/** As the 公示 list shows a payee: persons as 张某某 with a masked ID, organisations in full. */
export function publicPayee(p: Payee): { name: string; id: string } {
  return p.person ? { name: maskPersonName(p.name), id: p.idValue ? maskIdNumber(p.idValue) : '' } : { name: p.name, id: p.idValue };
}

/** The rules engine's subject type of a registry subject. */
export function subjectTypeOf(list: ListId, fields: SubjectFields): string {
  if (list === 'demo-divisions') return fields.level === '示范镇' ? 'town' : 'village';
  return LISTS[list].subjectType;
}

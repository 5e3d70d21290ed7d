import { FUND_LABELS, type Fund } from '../../../shared/domain/claims';
import { LISTS, type ListId } from '../../../shared/domain/registry';
import { quarterLabel } from '../../../shared/dates';
import { displayNameOf, namesOf } from '../accounts/repository';
import { claimRow } from '../claims/repository';
import { listCounties } from '../counties/repository';
import type { Db } from '../db/open';
import { activePack } from '../policy/repository';
import { subjectById } from '../registry/repository';

// 账本 as a clerk reads it: people by their names (李录入, not luru) and each entry's object by
// what the office calls it (申报编号 and 主体名称, 任务号, the rule's title), not by internal ids.

const SETTING_LABELS: Record<string, string> = { idleMinutes: '自动锁定时间', noticeDays: '公示天数', noticeContact: '异议受理联系方式', fontPath: 'PDF 字体' };

const listLabel = (list: string) => (list in LISTS ? LISTS[list as ListId].label : list);

export type JournalReader = { actorName(username: string): string; entityLabel(entity: string): string };

/** Names looked up once per page of entries. */
export function journalReader(db: Db): JournalReader {
  const labels = new Map<string, string>();
  let rules: Map<string, string> | null = null;
  const ruleTitle = (id: string) => (rules ??= new Map(activePack(db).rules.map((r) => [r.id, r.title]))).get(id) ?? id;

  const describe = (entity: string): string => {
    const [kind = '', ...rest] = entity.split(':');
    const id = rest.join(':');
    switch (kind) {
      case 'account':
        return `用户 ${displayNameOf(db, id)}`;
      case 'claim': {
        const claim = claimRow(db, id);
        return claim ? `申报 ${claim.no}（${claim.name}）` : entity;
      }
      case 'subject': {
        const subject = subjectById(db, id);
        return subject ? `${listLabel(subject.list)}：${subject.name}` : entity;
      }
      case 'task':
        return `第 ${id} 项任务`;
      case 'progress': {
        const [quarter = '', task] = rest;
        return /^\d{4}Q[1-4]$/.test(quarter) && task ? `${quarterLabel(quarter)}第 ${task} 项任务` : entity;
      }
      case 'rule':
        return `规则「${ruleTitle(id)}」`;
      case 'quarter':
        return /^\d{4}Q[1-4]$/.test(id) ? quarterLabel(id) : entity;
      case 'budget': {
        const [year, fund] = rest;
        return `${year}年度预算${fund && fund in FUND_LABELS ? `（${FUND_LABELS[fund as Fund]}）` : ''}`;
      }
      case 'setting':
        return `设置：${SETTING_LABELS[id] ?? id}`;
      case 'county':
        return listCounties(db).find((c) => c.code === id)?.name ?? entity;
      case 'import':
      case 'export':
        return `${listLabel(id)}名单`;
      case 'install':
        return '本机所属单位';
      default:
        return entity;
    }
  };

  return {
    actorName: namesOf(db),
    entityLabel(entity) {
      let label = labels.get(entity);
      if (label === undefined) labels.set(entity, (label = describe(entity)));
      return label;
    },
  };
}

import type { HandlerGroup } from '../calls';
import { journalReader } from './entity-labels';

export const ledgerHandlers: HandlerGroup<'ledger'> = {
  'ledger.verify': (_input, core) => core.ledger.verify(),
  'ledger.recent': (input, core) => {
    const reader = journalReader(core.db);
    return core.ledger.recent(input.limit, input.beforeSeq).map(({ payload: _payload, ...entry }) => ({ ...entry, actorName: reader.actorName(entry.actor), entityLabel: reader.entityLabel(entry.entity) }));
  },
};

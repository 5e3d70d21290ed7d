import type { HandlerGroup } from '../calls';

export const ledgerHandlers: HandlerGroup<'ledger'> = {
  'ledger.verify': (_input, core) => core.ledger.verify(),
  'ledger.recent': (input, core) => core.ledger.recent(input.limit, input.beforeSeq).map(({ payload: _payload, ...entry }) => entry),
};

import type { HandlerGroup } from '../calls';
import { listCounties } from '../counties/repository';
import { schemaVersion } from '../db/open';
import { activePolicyPack } from '../policy/repository';
import { listTasks } from '../tasks/repository';

/** What any caller may learn before signing in: versions, the active pack, the size of the ledger. */
export const appHandlers: HandlerGroup<'app'> = {
  'app.info': (_input, core) => ({
    appVersion: core.appVersion,
    schemaVersion: schemaVersion(core.db),
    policy: activePolicyPack(core.db),
    counties: listCounties(core.db).length,
    tasks: listTasks(core.db).length,
    journalEntries: core.ledger.count(),
  }),
};

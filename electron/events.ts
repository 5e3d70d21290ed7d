import { ACCOUNT_EVENTS } from './accounts/events';
import { CLAIM_EVENTS } from './claims/events';
import { COUNTY_EVENTS } from './counties/events';
import { eventRegistry } from './ledger/events';
import { POLICY_EVENTS } from './policy/events';
import { PROGRESS_EVENTS } from './progress/events';
import { CITY_EVENTS } from './exchange/city';
import { bundleExported } from './exchange/export';
import { KEY_EVENTS } from './exchange/keys';
import { cityKeyTrusted } from './exchange/signed-pack';
import { REGISTRY_EVENTS } from './registry/events';
import { TASK_EVENTS } from './tasks/events';

/** Every kind of journal entry the app writes. Replay uses the same list, so rebuilds match. */
export const ALL_EVENTS = eventRegistry([...POLICY_EVENTS, ...COUNTY_EVENTS, ...TASK_EVENTS, ...REGISTRY_EVENTS, ...ACCOUNT_EVENTS, ...CLAIM_EVENTS, ...PROGRESS_EVENTS, ...KEY_EVENTS, bundleExported, ...CITY_EVENTS, cityKeyTrusted]);

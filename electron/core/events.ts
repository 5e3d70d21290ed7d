import { ACCOUNT_EVENTS } from './accounts/events';
import { CLAIM_EVENTS } from './claims/events';
import { COUNTY_EVENTS } from './counties/events';
import { COUNTY_PLAN_EVENTS } from './county-plan/events';
import { EXCHANGE_EVENTS } from './exchange/events';
import { eventRegistry } from './ledger/events';
import { POLICY_EVENTS } from './policy/events';
import { PROGRESS_EVENTS } from './progress/events';
import { READING_EVENTS } from './readings/events';
import { REGISTRY_EVENTS } from './registry/events';
import { SETTINGS_EVENTS } from './settings/events';
import { TASK_EVENTS } from './tasks/events';

/** Every kind of journal entry the app writes, each declared in its domain's events.ts. Replay uses the same list, so rebuilds match. */
export const ALL_EVENTS = eventRegistry([
  ...POLICY_EVENTS,
  ...COUNTY_EVENTS,
  ...TASK_EVENTS,
  ...REGISTRY_EVENTS,
  ...ACCOUNT_EVENTS,
  ...SETTINGS_EVENTS,
  ...READING_EVENTS,
  ...CLAIM_EVENTS,
  ...PROGRESS_EVENTS,
  ...COUNTY_PLAN_EVENTS,
  ...EXCHANGE_EVENTS,
]);

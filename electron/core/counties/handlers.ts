import type { HandlerGroup } from '../calls';
import { listCounties } from './repository';

export const countyHandlers: HandlerGroup<'counties'> = {
  'counties.list': (_input, core) => listCounties(core.db),
};

import type { HandlerGroup } from '../calls';
import { listTasks } from './repository';

export const taskHandlers: HandlerGroup<'tasks'> = {
  'tasks.list': (_input, core) => listTasks(core.db),
};

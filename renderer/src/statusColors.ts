import type { TaskStatus } from '../../shared/domain/tasks';

export const STATUS_COLORS: Record<TaskStatus, string> = {
  未开始: 'default',
  推进中: 'processing',
  已完成: 'success',
  滞后: 'error',
};

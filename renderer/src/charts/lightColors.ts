import type { Light } from '../../../shared/domain/progress';

/** One colour per status light, for charts and tags (antd's palette). */
export const LIGHT_COLORS: Record<Light, string> = {
  done: '#52c41a',
  'on-track': '#1677ff',
  behind: '#fa8c16',
  overdue: '#f5222d',
  unreported: '#722ed1',
  pending: '#13c2c2',
  'no-target': '#8c8c8c',
  'city-led': '#2f54eb',
  'not-applicable': '#d9d9d9',
};

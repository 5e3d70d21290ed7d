import type { ClaimState } from '../../../../shared/domain/claims';

/** The antd tag colour of each claim state, shared by the claim list and the claim drawer. */
export const STATE_COLORS: Record<ClaimState, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'orange',
  reviewed: 'cyan',
  noticing: 'purple',
  noticed: 'geekblue',
  approved: 'blue',
  paid: 'green',
  voided: 'default',
};

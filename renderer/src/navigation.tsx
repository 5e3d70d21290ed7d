import { createContext, type ReactNode, useContext } from 'react';
import type { Light } from '../../shared/domain/progress';

// Moving between pages with a filter: a chart on 首页 opens the rows behind a bar or a slice.

export type PageKey = 'home' | 'tasks' | 'plan' | 'policy' | 'beneficiaries' | 'claims' | 'reports' | 'exchange' | 'ledger' | 'accounts';

/** What the target page should show first; each page reads the keys it understands. */
export type NavFilter = {
  quarter?: string;
  task?: number;
  light?: Light;
  claimState?: string;
  /** Claims committed or paid in this month of `year` (1–12). */
  month?: number;
  year?: number;
};

type Navigation = { go: (page: PageKey, filter?: NavFilter) => void; filter: NavFilter; page: PageKey };

const NavigationContext = createContext<Navigation>({ go: () => undefined, filter: {}, page: 'home' });

export function NavigationProvider({ value, children }: { value: Navigation; children: ReactNode }) {
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

/** `go(page, filter)` switches page; the filter is handed to that page once. */
export function useNavigate(): Navigation['go'] {
  return useContext(NavigationContext).go;
}

/** The filter the current page was opened with (empty when opened from the menu). */
export function useNavFilter(): NavFilter {
  return useContext(NavigationContext).filter;
}

/** The page on screen (for its 帮助 panel). */
export function useCurrentPage(): PageKey {
  return useContext(NavigationContext).page;
}

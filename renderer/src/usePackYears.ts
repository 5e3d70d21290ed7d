import { useMemo } from 'react';
import { chinaToday } from '../../shared/dates';
import { defaultPackQuarter, defaultPackYear, packQuarters } from './packYears';
import { useCall } from './useCall';

export type PackYears = {
  /** The active pack's years, oldest first (empty when no pack is loaded). */
  years: number[];
  defaultYear: number;
  /** The quarters reported under the pack, up to today's (the city keeps no quarter list of its own). */
  quarters: string[];
  defaultQuarter: string;
};

/**
 * The active policy pack's years and quarters for the pickers; null until known. Read from
 * app.info: any role on any install may call it and it carries just the pack's identity, where
 * policy.get ships every rule (and fails without a pack) and progress.quarters is refused in the
 * city's install.
 */
export function usePackYears(): PackYears | null {
  const info = useCall('app.info', {});
  const pack = info.value ? info.value.policy : undefined;
  return useMemo(() => {
    if (pack === undefined) return null;
    const today = chinaToday(Date.now());
    const years = [...(pack?.years ?? [])].sort((a, b) => a - b);
    const defaultYear = defaultPackYear(years, today);
    const quarters = packQuarters(years, pack?.issuedOn ?? null, today);
    return { years, defaultYear, quarters, defaultQuarter: defaultPackQuarter(quarters, defaultYear, today) };
  }, [pack]);
}

import { DomainError } from '../../../shared/result';
import type { HandlerGroup } from '../calls';
import { activePack, installRole, ruleSettings } from '../policy/repository';
import { engineFor } from '../policy/service';
import { countyReadings } from '../readings/service';
import { parseParameterInput } from './parameters';
import { countyTargets } from './targets';
import { whatIf } from './whatif';

export const ruleHandlers: HandlerGroup<'rules' | 'targets'> = {
  'rules.evaluate': (input, core) => engineFor(core.db).evaluate(input),
  'rules.whatIf': (input, core) => {
    const pack = activePack(core.db);
    const overrides = new Map(
      input.overrides.map((o) => {
        const parameter = pack.parameters.find((p) => p.id === o.parameter);
        if (!parameter) throw new DomainError('VALIDATION', `政策包中没有参数「${o.parameter}」`);
        return [o.parameter, parseParameterInput(parameter, o.value)] as const;
      }),
    );
    return whatIf(pack, ruleSettings(core.db), input.cases, overrides, countyReadings(core.db, pack));
  },
  'targets.list': (input, core) => {
    const pack = activePack(core.db);
    const role = installRole(core.db);
    const county = input.county ?? (role?.role === 'county' ? role.county : undefined);
    const all = countyTargets(pack, pack.meta.years[0] ?? 2019);
    return county ? all.filter((t) => t.county === county) : all;
  },
};

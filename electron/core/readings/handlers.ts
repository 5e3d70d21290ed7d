import { type HandlerGroup, signedIn } from '../calls';
import { countyReadings, setReading } from './service';

export const readingHandlers: HandlerGroup<'readings'> = {
  'readings.list': (_input, core) => [...countyReadings(core.db).values()],
  'readings.set': (input, core, ctx) => {
    setReading(core.ledger, signedIn(ctx), input);
    return [...countyReadings(core.db).values()];
  },
};

import { describe, expect, it } from 'vitest';
import { benchEngine, mixedCases, plainEvaluate } from './rules-evaluate';

// The benchmark's baseline must compute what the engine computes, or the ratio means nothing.
describe('rules.evaluate benchmark baseline', () => {
  it('agrees with the engine on every one of 6,000 mixed cases', () => {
    const engine = benchEngine();
    for (const c of mixedCases(6_000)) {
      const outcome = engine.evaluate(c);
      if ('error' in outcome) throw new Error(outcome.error.message);
      expect(outcome.eligible ? outcome.amountFen : -1, c.id).toBe(plainEvaluate(c));
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { checkProperty } from '../../src/harness/property.js';
import { checkPropertyAsync } from '../../src/harness/property-async.js';
import { makeContext } from '../../src/harness/profile.js';
import type { TrialResult } from '../../src/harness/types.js';

const ctx = (control = false) => makeContext({ profile: 'smoke', seed: 42, control });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('checkPropertyAsync mirrors checkProperty', () => {
  const trials: Record<string, (x: number) => TrialResult> = {
    holds: (x) => ({ figures: { x }, slack: 1 - x / 200 }),
    refuted: (x) => {
      if (x >= 50) throw new ClaimViolation(`x = ${x} ≥ 50`, { x });
      return { figures: { x }, slack: 1 };
    },
    undecided: (x) => {
      if (x % 2 === 0) throw new Inconclusive('even', { x });
      return { figures: { x } };
    },
    broken: () => {
      throw new RangeError('bug');
    },
    filtered: (x) => {
      fc.pre(x % 3 !== 0);
      if (x % 3 === 0) throw new ClaimViolation('a filtered input reached the trial');
      return { figures: { x } };
    },
  };
  for (const [name, trial] of Object.entries(trials)) {
    it(`check_same_verdict_${name}: verdict, message, figures and counterexample equal the sync runner's`, async () => {
      const spec = { arbitrary: fc.integer({ min: 0, max: 100 }), numRuns: 30 };
      const sync = checkProperty(ctx(), { ...spec, trial });
      const async = await checkPropertyAsync(ctx(), { ...spec, trial: async (x: number) => (await tick(), trial(x)) });
      expect(async.verdict).toBe(sync.verdict);
      expect(async.message).toBe(sync.message);
      expect(async.figures).toEqual(sync.figures);
      expect(async.counterexample).toEqual(sync.counterexample);
      expect(async.path).toBe(sync.path);
    });
  }

  it('check_verdicts: confirmed, violated with the shrunk counterexample, inconclusive, error', async () => {
    const run = (t: (x: number) => TrialResult, control = false) =>
      checkPropertyAsync(ctx(control), { arbitrary: fc.integer({ min: 0, max: 100 }), numRuns: 30, trial: async (x: number) => t(x) });
    expect((await run(trials.holds)).verdict).toBe('confirmed');
    const v = await run(trials.refuted);
    expect([v.verdict, v.counterexample]).toEqual(['violated', 50]);
    expect((await run(trials.refuted, true)).verdict).toBe('violated');
    expect((await run(trials.undecided)).verdict).toBe('inconclusive');
    const e = await run(trials.broken);
    expect([e.verdict, e.message]).toEqual(['error', 'RangeError: bug']);
  });
});

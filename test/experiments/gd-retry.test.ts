/** gdProperty's retryFactor: a trial the horizon does not decide is run again, on the same data, to a longer one. */
import { describe, expect, it } from 'vitest';
import { Inconclusive } from '../../src/harness/errors.js';
import { makeContext } from '../../src/harness/profile.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';

const ctx = makeContext({ profile: 'smoke', seed: 7 });

describe('gdProperty retryFactor', () => {
  it('an undecided trial is retried at horizon × factor on the same data and its figures say so', () => {
    const seen: number[] = [];
    const out = gdProperty(ctx, {
      numRuns: 1, retryFactor: 10, generalPosition: false,
      trial: (e) => {
        seen.push(e.horizon);
        if (e.horizon < 1e6) throw new Inconclusive(`undecided at ${e.horizon}`);
        return { figures: { n: e.ds.n }, slack: 0.5 };
      },
    });
    expect(seen).toEqual([1e5, 1e6]);
    expect(out.verdict).toBe('confirmed');
    expect(out.figures.retriedHorizon).toBe(1e6);
  });

  it('without retryFactor, or when the longer horizon does not decide either, the trial stays inconclusive', () => {
    const undecided = (e: { horizon: number }) => { throw new Inconclusive(`undecided at ${e.horizon}`); };
    expect(gdProperty(ctx, { numRuns: 1, generalPosition: false, trial: undecided }).verdict).toBe('inconclusive');
    const out = gdProperty(ctx, { numRuns: 1, retryFactor: 10, generalPosition: false, trial: undecided });
    expect(out.verdict).toBe('inconclusive');
    expect(out.message).toMatch(/undecided at 1000000/);
  });
});

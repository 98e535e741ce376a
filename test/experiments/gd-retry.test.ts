/** gdProperty's retry rule (RETRY_DECADE): a trial the horizon does not decide is run again, on the same data, to a longer one. */
import { describe, expect, it } from 'vitest';
import { Inconclusive } from '../../src/harness/errors.js';
import { makeContext } from '../../src/harness/profile.js';
import { gdProperty } from '../../src/experiments/gd-claims.js';
import { RETRY_DECADE, RETRY_SQUARE } from '../../src/harness/rules.js';
import { deepLinearProperty } from '../../src/experiments/deep-linear.js';

const ctx = makeContext({ profile: 'smoke', seed: 7 });

describe('gdProperty retry', () => {
  it('an undecided trial is retried at horizon × factor on the same data and its figures say so', () => {
    const seen: number[] = [];
    const out = gdProperty(ctx, {
      numRuns: 1, retry: RETRY_DECADE, generalPosition: false,
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

  it('without a retry rule, or when the longer horizon does not decide either, the trial stays inconclusive', () => {
    const undecided = (e: { horizon: number }) => { throw new Inconclusive(`undecided at ${e.horizon}`); };
    expect(gdProperty(ctx, { numRuns: 1, generalPosition: false, trial: undecided }).verdict).toBe('inconclusive');
    const out = gdProperty(ctx, { numRuns: 1, retry: RETRY_DECADE, generalPosition: false, trial: undecided });
    expect(out.verdict).toBe('inconclusive');
    expect(out.message).toMatch(/undecided at 1000000/);
  });
});

describe('deepLinearProperty retry (RETRY_SQUARE: a log-time flow is run again to T²)', () => {
  it('an undecided flow trial is run again to T² on the same setting, and its figures say so', () => {
    const seen: number[] = [];
    const out = deepLinearProperty(ctx, {
      what: 'a test', retry: RETRY_SQUARE,
      trial: (run) => {
        const T = run.points.at(-1)!.t;
        seen.push(T);
        if (T < 1e30) throw new Inconclusive(`undecided at ${T}`);
        return { figures: { tEnd: T }, slack: 0.5 };
      },
    });
    expect(out.verdict).toBe('confirmed');
    expect(seen.filter((t) => t === 1e15).length).toBe(seen.filter((t) => t === 1e30).length);
    expect(seen.length).toBeGreaterThan(0);
    expect(out.figures.retriedHorizon).toBe(1e30);
    expect(out.decidedBy).toContain('run again, once, to T² = 1e+30');
  });
});

/**
 * The decision rules (src/harness/rules.ts): the limit rule's four outcomes and its resolution, the rate rule's
 * ceiling, the retry rule (one longer run of an undecided trial), and the claims' decision-rule texts generated
 * from the constants their code applies.
 */
import { describe, expect, it } from 'vitest';
import { ClaimViolation, Inconclusive, NumericalError } from '../../src/harness/errors.js';
import {
  LIMIT_MAX_SHRINK, RATE_GROWTH_TOL, RESOLUTION, RETRY_DECADE, RETRY_FACTOR, RETRY_SQUARE, judgeLimit, judgeRate, largestRelativeDrop, limitRuleText, longerHorizon,
  retryRuleText, retryUndecided, withinBound, type LimitRule,
} from '../../src/harness/rules.js';

const rule: LimitRule = { maxShrink: LIMIT_MAX_SHRINK, resolution: RESOLUTION.iterates, endsLowest: true, stallRefutes: true };

describe('the limit rule', () => {
  it.each([
    ['both ends at the resolution', { atSqrtT: 1e-13, atT: -1e-13 }, 'exact'],
    ['halved (c/log t over [√T, T])', { atSqrtT: 0.2, atT: 0.1, lowestLate: 0.1 }, 'converging'],
    ['shrunk by exactly 0.8', { atSqrtT: 1, atT: 0.8 }, 'converging'],
    ['levelled off (factor 0.9)', { atSqrtT: 1, atT: 0.9 }, 'undecided'],
    ['shrunk but not at its lowest', { atSqrtT: 1, atT: 0.5, lowestLate: 0.4 }, 'undecided'],
    ['stalled above the resolution', { atSqrtT: 0.3, atT: 0.3, stalled: true }, 'stalled'],
    ['stalled at the resolution', { atSqrtT: 1e-13, atT: 1e-13, stalled: true }, 'exact'],
    ['NaN is never converging', { atSqrtT: 1, atT: NaN }, 'undecided'],
  ] as const)('%s → %s', (_w, o, want) => {
    expect(judgeLimit(rule, o)).toBe(want);
  });

  it('a floor must also be reached, and no stall refutes where stallRefutes is false', () => {
    expect(judgeLimit({ ...rule, floor: 0.05 }, { atSqrtT: 1, atT: 0.1 })).toBe('undecided');
    expect(judgeLimit({ ...rule, floor: 0.05 }, { atSqrtT: 1, atT: 0.01 })).toBe('converging');
    expect(judgeLimit({ ...rule, stallRefutes: false }, { atSqrtT: 1, atT: 1, stalled: true })).toBe('undecided');
  });

  it('the flow resolution (1e-9, the integrator\'s rtol) counts a deficit of 1e-10 as 0, the iterates\' (1e-12) does not', () => {
    expect(judgeLimit({ ...rule, resolution: RESOLUTION.flow }, { atSqrtT: 1e-10, atT: 1e-10, stalled: true })).toBe('exact');
    expect(judgeLimit(rule, { atSqrtT: 1e-10, atT: 1e-10, stalled: true })).toBe('stalled');
  });
});

describe('the rate, bound and monotone rules', () => {
  it('rate: f·r at T within 1.25 × max(value at √T, predicted limit); beyond it undecided unless stalled', () => {
    const base = { fAtSqrtT: 0.1, fAtT: 0.05, scaledAtSqrtT: 1, predictedLimit: 1.5, stalled: false };
    expect(judgeRate({ growthTol: RATE_GROWTH_TOL, resolution: 1e-12 }, { ...base, scaledAtT: 1.8 })).toEqual({ decision: 'within', ceiling: 1.875 });
    expect(judgeRate({ growthTol: RATE_GROWTH_TOL, resolution: 1e-12 }, { ...base, scaledAtT: 1.9 }).decision).toBe('undecided');
    expect(judgeRate({ growthTol: RATE_GROWTH_TOL, resolution: 1e-12 }, { ...base, scaledAtT: 1.9, stalled: true }).decision).toBe('stalled');
  });
  it('bound and monotone', () => {
    expect(withinBound(10.000001, 10, 'at most', 1e-6)).toBe(true);
    expect(withinBound(10.0001, 10, 'at most', 1e-6)).toBe(false);
    expect(withinBound(0.2499999, 0.25, 'at least', 1e-6)).toBe(true);
    expect(largestRelativeDrop([1, 2, 1.5, 3])).toEqual({ drop: 0.25, at: 2 });
  });
});

describe('decision-rule texts are generated from the constants the code applies', () => {
  it('gd-direction-converges-to-max-margin names its shrink factor, resolution, stall rule and the rate envelope', async () => {
    const { claim } = await import('../../claims/gd-separable/gd-direction-converges-to-max-margin.claim.js');
    expect(claim.expectation).toContain(`factor ≤ ${LIMIT_MAX_SHRINK}`);
    expect(claim.expectation).toContain(`≤ ${RESOLUTION.iterates}`);
    expect(claim.expectation).toContain(`${1 + RATE_GROWTH_TOL} × max(gap·log t at √T, its limit predicted from w̃)`);
    expect(claim.expectation).toContain('violated when the iterates stopped at a finite point');
  });
  it('the deep linear limit claims state the flow\'s resolution 1e-9', async () => {
    const { claim } = await import('../../claims/networks/deep-linear-layers-rank-one.claim.js');
    expect(claim.expectation).toContain(`≤ ${RESOLUTION.flow}`);
  });
  it('limitRuleText without a stall rule has no "violated" clause unless one is given', () => {
    expect(limitRuleText({ ...rule, stallRefutes: false }, { quantity: 'q' })).not.toContain('violated');
  });
});

describe('the retry rule', () => {
  const calls: number[] = [];
  /** A run that is decided from horizon `decidedAt` on, and throws Inconclusive (or returns 'undecided') below it. */
  const runUntil = (decidedAt: number, how: 'throw' | 'return') => (h: number) => {
    calls.push(h);
    if (h >= decidedAt) return `decided at ${h}`;
    if (how === 'throw') throw new Inconclusive(`undecided at ${h}`);
    return 'undecided';
  };
  const undecided = (r: string) => r === 'undecided';

  it('the longer horizon: factor × T for iterations, T^power for a log-time flow; a rule that does not lengthen is refused', () => {
    expect(longerHorizon(RETRY_DECADE, 1e5)).toBe(RETRY_FACTOR * 1e5);
    expect(longerHorizon(RETRY_SQUARE, 1e15)).toBe(1e30);
    expect(() => longerHorizon({ factor: 1 }, 1e5)).toThrow(RangeError);
    expect(() => longerHorizon(RETRY_SQUARE, 1)).toThrow(RangeError);
    expect(() => longerHorizon(RETRY_SQUARE, 1e200)).toThrow(RangeError); // T² = ∞
  });

  it.each(['throw', 'return'] as const)('an undecided first run (%s) is run again once, at the longer horizon', (how) => {
    calls.length = 0;
    expect(retryUndecided(RETRY_DECADE, 1e5, runUntil(1e6, how), undecided)).toEqual({ result: 'decided at 1000000', horizon: 1e6 });
    expect(calls).toEqual([1e5, 1e6]);
  });

  it('a decided first run is final; so is a violation or an error of the first run', () => {
    calls.length = 0;
    expect(retryUndecided(RETRY_DECADE, 1e5, runUntil(1e5, 'throw'))).toEqual({ result: 'decided at 100000', horizon: 1e5 });
    expect(calls).toEqual([1e5]);
    for (const e of [new ClaimViolation('refuted'), new NumericalError('NaN')]) {
      let n = 0;
      expect(() => retryUndecided(RETRY_DECADE, 1e5, () => { n++; throw e; })).toThrow(e);
      expect(n).toBe(1);
    }
  });

  it('undecided at the longer horizon too: its Inconclusive (naming that horizon) is the verdict; no third run', () => {
    calls.length = 0;
    expect(() => retryUndecided(RETRY_SQUARE, 1e15, runUntil(Infinity, 'throw'))).toThrow(/undecided at 1e\+30/);
    expect(calls).toEqual([1e15, 1e30]);
    calls.length = 0;
    expect(retryUndecided(RETRY_DECADE, 10, runUntil(Infinity, 'return'), undecided)).toEqual({ result: 'undecided', horizon: 100 });
    expect(calls).toEqual([10, 100]);
  });

  it('its text is generated from the rule', () => {
    expect(retryRuleText(RETRY_DECADE)).toBe(`a trial that horizon does not decide is run again, once, to ${RETRY_FACTOR} T`);
    expect(retryRuleText(RETRY_DECADE, 1e5)).toContain(`${RETRY_FACTOR} T = 1e+6`);
    expect(retryRuleText(RETRY_SQUARE, 1e30)).toContain('T² = 1e+60');
    expect(retryRuleText({ power: 3 }, 1e10)).toContain('T^3 = 1e+30');
  });
});

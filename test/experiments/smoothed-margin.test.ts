/**
 * The decision of gd-increases-normalized-margin on the drawdowns of γ̃ at η, η/2, η/4 (judgeDrawdowns): zeros are
 * decided without a fit, so no verdict ever rests on log 0 or a NaN exponent (seed 271828 at the default profile drew
 * a dataset with drawdown 0 at every step, whose "exponent: NaN" figure made the claim an "error").
 */
import { describe, expect, it } from 'vitest';
import { ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { EXP_TOL, FLAT_EXP, judgeDrawdowns } from '../../src/experiments/smoothed-margin.js';

const etas = [0.01, 0.005, 0.0025];
const judge = (dec: number[]) => judgeDrawdowns(dec, etas, 'test', {}, undefined);

describe('judgeDrawdowns', () => {
  it('drawdown 0 at every step: confirmed with slack 1 and every figure finite (no NaN exponent)', () => {
    const r = judge([0, 0, 0]);
    expect(r.slack).toBe(1);
    expect(r.figures).toEqual({ zeroDrawdowns: 3 });
    for (const v of Object.values(r.figures)) expect(Number.isFinite(v)).toBe(true);
  });

  it('a drop at the larger steps that vanishes at the smallest: confirmed', () => {
    expect(judge([1e-6, 2e-7, 0]).slack).toBe(1);
  });

  it('drops at fewer than 3 steps after a 0 at a larger one: inconclusive naming the finer step, not a fit on log 0', () => {
    for (const dec of [[0, 1e-7, 2e-7], [1e-6, 0, 1e-7], [0, 0, 1e-9]]) {
      expect(() => judge(dec)).toThrow(Inconclusive);
      expect(() => judge(dec)).toThrow(/too few to fit a power law in η; decided by the drawdown at η = 0.00125/);
    }
  });

  it('after a 0 at the largest step, the ≥ 3 smaller steps decide (seed 1\'s trial: confirmed; a flat tail: violated)', () => {
    const five = [0.01, 0.005, 0.0025, 0.00125, 0.000625];
    const seed1 = judgeDrawdowns([0, 3.07e-10, 5.99e-11, 2.75e-11, 2.5e-11], five, 'test', {}, undefined);
    expect(seed1.figures.fittedFromStep).toBe(0.005);
    expect(seed1.figures.exponent).toBeGreaterThan(1 - EXP_TOL);
    expect(() => judgeDrawdowns([0, 1e-7, 1e-7, 1e-7, 1e-7], five, 'test', {}, undefined)).toThrow(ClaimViolation);
  });

  it('positive drawdowns: the exponent decides (linear in η confirmed, flat violated, in between inconclusive)', () => {
    const power = (p: number) => etas.map((e) => 1e-4 * e ** p);
    const linear = judge(power(1));
    expect(linear.figures.exponent).toBeCloseTo(1, 12);
    expect(linear.slack).toBe(1);
    expect(() => judge(power(FLAT_EXP))).toThrow(ClaimViolation);
    expect(() => judge(power((FLAT_EXP + 1 - EXP_TOL) / 2))).toThrow(Inconclusive);
  });
});

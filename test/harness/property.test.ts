import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssumptionError, ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { makeContext } from '../../src/harness/profile.js';
import { checkProperty } from '../../src/harness/property.js';
import { runCheck } from '../../src/harness/run.js';

const ctx = (extra: { path?: string; control?: boolean } = {}) => makeContext({ profile: 'smoke', seed: 42, ...extra });
const ints = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 });

describe('checkProperty maps outcomes to verdicts', () => {
  it('confirmed when every trial holds, with the smallest slack and the trial count', () => {
    const o = checkProperty(ctx(), { arbitrary: ints, numRuns: 25, trial: (xs) => ({ figures: { n: xs.length }, slack: 1 / xs.length }) });
    expect(o.verdict).toBe('confirmed');
    expect(o.trials).toBe(25);
    expect(o.minSlack).toBeCloseTo(Math.min(...fc.sample(ints, { seed: 42, numRuns: 25 }).map((x) => 1 / x.length)), 12);
  });
  it('violated only through ClaimViolation, with the shrunk counterexample and a replayable path', () => {
    const spec = {
      arbitrary: ints,
      numRuns: 100,
      trial: (xs: number[]) => {
        if (xs.some((x) => x > 500)) throw new ClaimViolation(`found ${Math.max(...xs)} > 500`, { max: Math.max(...xs) });
        return { figures: {} };
      },
    };
    const o = checkProperty(ctx(), spec);
    expect(o.verdict).toBe('violated');
    expect(o.counterexample).toEqual([501]); // shrunk to the smallest failing input
    expect(o.figures.max).toBe(501);
    const replayed = checkProperty(ctx({ path: o.path }), spec);
    expect(replayed.verdict).toBe('violated');
    expect(replayed.counterexample).toEqual([501]);
  });
  it('error (never violated) for any other exception, e.g. a failed assumption', () => {
    const o = checkProperty(ctx(), { arbitrary: ints, numRuns: 10, trial: () => { throw new AssumptionError('data are not linearly separable'); } });
    expect(o.verdict).toBe('error');
    expect(o.message).toContain('AssumptionError: data are not linearly separable');
  });
  it('inconclusive when a trial cannot decide and none is violated', () => {
    const o = checkProperty(ctx(), {
      arbitrary: ints,
      numRuns: 10,
      trial: (xs) => {
        if (xs.length > 3) throw new Inconclusive('budget too small', { n: xs.length });
        return { figures: {} };
      },
    });
    expect(o.verdict).toBe('inconclusive');
    expect(o.message).toContain('budget too small');
  });
  it('a NaN figure is an error, not a confirmation', () => {
    const o = checkProperty(ctx(), { arbitrary: ints, numRuns: 3, trial: () => ({ figures: { x: NaN } }) });
    expect(o.verdict).toBe('error');
  });
  it('fc.pre redraws inputs outside the assumptions instead of failing', () => {
    const o = checkProperty(ctx(), { arbitrary: ints, numRuns: 10, trial: (xs) => { fc.pre(xs.length > 2); return { figures: { n: xs.length } }; } });
    expect(o.verdict).toBe('confirmed');
  });
  it('a negative control stops at its first failure (no shrinking)', () => {
    let calls = 0;
    const o = checkProperty(ctx({ control: true }), { arbitrary: ints, numRuns: 100, trial: () => { calls++; throw new ClaimViolation('always'); } });
    expect(o.verdict).toBe('violated');
    expect(calls).toBe(1);
  });
});

describe('runCheck never throws', () => {
  it('an exception escaping the check becomes the verdict "error" with its message', async () => {
    const o = await runCheck('x', () => { throw new TypeError('boom'); }, { profile: 'smoke', seed: 1 });
    expect(o).toMatchObject({ verdict: 'error', message: 'TypeError: boom' });
  });
  it('a violation carries the command that replays it', async () => {
    const o = await runCheck('some-claim', (c) => checkProperty(c, { arbitrary: ints, numRuns: 50, trial: () => { throw new ClaimViolation('no'); } }), { profile: 'smoke', seed: 7 });
    expect(o.replayCommand).toMatch(/^npx claims replay some-claim --seed 7 --path "[0-9:]+" --profile smoke$/);
  });
});

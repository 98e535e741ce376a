/**
 * The pieces of group G (claims/beyond-lectures): a role run recorded like GD, the normalized-GD bound and the
 * large-step trial's guard against floating-point "stalls".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { separableDataset } from '../../src/data/separable.js';
import { ClaimViolation, Inconclusive } from '../../src/harness/errors.js';
import { exponential, logistic } from '../../src/losses/loss.js';
import { gdCurves, gdExperiment } from '../../src/experiments/gd-separable.js';
import { roleExperiment } from '../../src/experiments/role-runs.js';
import { marginGapWithinBound, normalizedGdBound } from '../../src/experiments/normalized-gd-bound.js';
import { edgeOfStabilityExamples, largeStepConverges, STEP_MULTIPLE } from '../../src/experiments/large-step.js';
import { gdStepBound } from '../../src/optimizers/gd.js';
import { referenceSubject, subjectOf } from '../../src/impl/subject.js';
import { MUTANTS } from '../../src/impl/mutants.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';
import { directionToLpMaxMargin, lpDiffersFromL2 } from '../../src/experiments/mirror-descent.js';
import { marginObjective, mirrorDescent } from '../../src/optimizers/index.js';
import { gradientDescent } from '../../src/optimizers/gd-step.js';

const [ds] = fc.sample(separableDataset({ n: [5, 5], d: [3, 3] }), { seed: 5, numRuns: 1 });

describe('roleExperiment', () => {
  it('the gd role through the subject records the same trace as runGd (same checkpoints, iterates to rounding)', () => {
    const eta = 0.5 * gdStepBound(ds.Z, ds.n, ds.d, logistic, new Float64Array(3));
    const a = roleExperiment(ds, referenceSubject, { role: 'gd', hyper: { eta }, loss: logistic, horizon: 2000 });
    const b = gdExperiment(ds, { loss: logistic, horizon: 2000, eta, kernel: 'reference' });
    expect(a.trace.t).toEqual(b.trace.t);
    for (let i = 0; i < a.trace.t.length; i++)
      for (let k = 0; k < 3; k++) expect(Math.abs(a.trace.w[i][k] - b.trace.w[i][k])).toBeLessThan(1e-10 * (1 + Math.abs(b.trace.w[i][k])));
  });
  it('weight decay on the objective stops the iterates (the controls rely on it)', () => {
    const e = roleExperiment(ds, referenceSubject, { role: 'normalizedGd', hyper: { eta: 0.01 }, loss: exponential, mean: true, horizon: 20_000, weightDecay: 1e-2 });
    expect(Math.hypot(...e.trace.w.at(-1)!)).toBeLessThan(20);
  });
  it('weight decay reaches minibatch gradients too: SGD with batch n and decay stops, batch 1 without decay keeps growing', () => {
    const run = (batchSize: number, weightDecay?: number) =>
      roleExperiment(ds, referenceSubject, { role: 'sgd', hyper: { eta: 1, batchSize, seed: 1 }, loss: logistic, mean: true, horizon: 20_000, weightDecay, gdEquivalentEta: 1 / ds.n });
    const stopped = run(ds.n, 1e-2).trace.w;
    const free = run(1).trace.w;
    expect(Math.hypot(...stopped.at(-1)!.map((v, k) => v - stopped.at(-5)![k]))).toBeLessThan(1e-9);
    expect(Math.hypot(...free.at(-1)!)).toBeGreaterThan(Math.hypot(...free.at(-20)!) + 0.5);
    expect(run(1).cfg.eta).toBe(1 / ds.n);
  });
});

describe('the normalized-GD margin bound B(t) = ηγ̄/2 + ln n/(ηγ̄t)', () => {
  it('is the formula (η = 0.1, γ̄ = 0.5, n = 4, t = 100)', () => {
    expect(normalizedGdBound(0.1, 0.5, 4, 100)).toBeCloseTo(0.025 + Math.log(4) / 5, 15);
  });
  it('holds at every checkpoint of normalized GD on 10 random datasets, and a frozen run (weight decay) breaks it', () => {
    for (const d of fc.sample(separableDataset({ n: [3, 8] }), { seed: 9, numRuns: 10 })) {
      const e = roleExperiment(d, referenceSubject, { role: 'normalizedGd', hyper: { eta: 0.05 }, loss: exponential, mean: true, horizon: 10_000 });
      expect(marginGapWithinBound(e, 0.05, 'normalized GD').slack).toBeGreaterThan(0);
    }
    const frozen = roleExperiment(ds, referenceSubject, { role: 'normalizedGd', hyper: { eta: 0.05 }, loss: exponential, mean: true, horizon: 10_000, weightDecay: 1e-2 });
    expect(() => marginGapWithinBound(frozen, 0.05, 'frozen')).toThrow(ClaimViolation);
  });
});

describe('largeStepConverges', () => {
  it('the edge-of-stability examples rise in the first steps at STEP_MULTIPLE × the limit and then converge', () => {
    for (const ex of edgeOfStabilityExamples()) {
      const e = gdExperiment(ex, { loss: logistic, horizon: 1e5, eta: STEP_MULTIPLE * gdStepBound(ex.Z, ex.n, ex.d, logistic, ex.start.w0), allowLargeStep: true });
      const r = largeStepConverges(e, gdCurves(e), ex);
      expect(r.figures.lossIncreases).toBeGreaterThan(0);
      expect(r.slack).toBeGreaterThan(0);
    }
  });
  it('a step so large that GD\'s remaining motion is below float64 resolution is inconclusive, never violated', () => {
    const d = makeDataset([[0.6, 0.2], [0.5, -0.1], [0.7, 0.4]], [1, 1, 1]);
    const e = gdExperiment(d, { loss: logistic, horizon: 1e4, eta: 300 * gdStepBound(d.Z, d.n, d.d, logistic, new Float64Array(2)), allowLargeStep: true });
    expect(() => largeStepConverges(e, gdCurves(e), d)).toThrow(Inconclusive);
  });
});

describe('mirrorDescent (ψ = ‖w‖_p^p/p)', () => {
  const obj = marginObjective(ds, logistic);
  it('p = 2 is GD to rounding; p = 3 takes the step on θ = ∇ψ(w): w_1 = ∇ψ*(∇ψ(w_0) − η∇F(w_0))', () => {
    const w0 = Float64Array.from([0.3, -0.2, 0.5]);
    const md = mirrorDescent({ eta: 0.1, p: 2 });
    const gd = gradientDescent({ eta: 0.1 });
    const a = md.init(w0, obj);
    const b = gd.init(w0, obj);
    for (let t = 0; t < 100; t++) {
      md.update(a, obj);
      gd.update(b, obj);
    }
    for (let k = 0; k < 3; k++) expect(Math.abs(a.w[k] - b.w[k])).toBeLessThan(1e-12);
    const m3 = mirrorDescent({ eta: 0.1, p: 3 });
    const s = m3.init(w0, obj);
    m3.update(s, obj);
    const g = new Float64Array(3);
    obj.valueAndGrad(w0, g);
    for (let k = 0; k < 3; k++) {
      const theta = Math.sign(w0[k]) * w0[k] ** 2 - 0.1 * g[k];
      expect(s.w[k]).toBeCloseTo(Math.sign(theta) * Math.sqrt(Math.abs(theta)), 14);
    }
    expect(() => mirrorDescent({ eta: 0.1, p: 1 })).toThrow('p must be a finite number > 1');
  });
});

describe('directionToLpMaxMargin (mirror descent against the certified l_p max margin)', () => {
  const data = fc.sample(separableDataset({ n: [3, 8] }), { seed: 2, numRuns: 60 }).filter((d) => lpDiffersFromL2(d.Z, d.n, d.d, 3, hardMarginSVM(d.Z, d.n, d.d).direction));
  const mutant = MUTANTS.find((m) => m.key === 'mirror-descent-primal-step')!;
  it('never confirms GD in disguise (the primal-step mutant) on data where w_3 and ū differ by ≥ 0.1', () => {
    expect(data.length).toBeGreaterThanOrEqual(3);
    for (const d of data.slice(0, 3)) {
      const e = roleExperiment(d, subjectOf(mutant), { role: 'mirrorDescent', hyper: { eta: 0.1, p: 3 }, loss: logistic, horizon: 100_000 });
      expect(() => directionToLpMaxMargin(e, 3)).toThrow(Inconclusive);
    }
  });
  it('a stopped run (weight decay) is violated', () => {
    const e = roleExperiment(data[0], referenceSubject, { role: 'mirrorDescent', hyper: { eta: 0.1, p: 3 }, loss: logistic, horizon: 100_000, weightDecay: 0.1 });
    expect(() => directionToLpMaxMargin(e, 3)).toThrow(ClaimViolation);
  });
});

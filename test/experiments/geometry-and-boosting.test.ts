import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { separableDataset } from '../../src/data/separable.js';
import { weakLearnerMatrix } from '../../src/data/weak-learners.js';
import { exponential } from '../../src/losses/loss.js';
import { adaboost, marginObjective, perceptron, runOptimizer } from '../../src/optimizers/index.js';
import { countPerceptronMistakes, l1Margin } from '../../src/experiments/boosting.js';
import { MUTANTS } from '../../src/impl/mutants.js';
const mutantRole = (key: string) => { const m = MUTANTS.find((x) => x.key === key)!; return m.optimizers[m.role]!({ eta: 1 }); };
import { marginIn, steepestDescent, type Geometry } from '../../src/experiments/optimizer-geometry.js';
import { referenceSubject } from '../../src/impl/subject.js';

describe('steepestDescent (the subject\'s coordinateDescent, normalizedGd and signDescent roles)', () => {
  const ds = makeDataset([[1, 0.5, -0.2], [0.3, 1, 0.1], [-0.2, 0.4, 1]], [1, 1, 1]);
  const w0 = new Float64Array([0.1, -0.2, 0.3]);

  it('check_update_rule: one step equals −c/(B²F)·‖∇F‖_*·s(∇F) computed from F and ∇F directly, in each geometry', () => {
    const F0 = marginObjective(ds, exponential);
    const g = new Float64Array(3);
    const F = F0.valueAndGrad(w0, g);
    const cases: Record<Geometry, { B: number; step: (k: number) => number }> = {
      l2: { B: Math.max(...[0, 1, 2].map((i) => Math.hypot(...ds.Z.subarray(i * 3, i * 3 + 3)))), step: (k) => g[k] },
      linf: { B: Math.max(...[0, 1, 2].map((i) => ds.Z.subarray(i * 3, i * 3 + 3).reduce((s, v) => s + Math.abs(v), 0))), step: (k) => g.reduce((s, v) => s + Math.abs(v), 0) * Math.sign(g[k]) },
      l1: { B: Math.max(...Array.from(ds.Z).map(Math.abs)), step: (k) => (k === [0, 1, 2].reduce((a, b) => (Math.abs(g[b]) > Math.abs(g[a]) ? b : a), 0) ? g[k] : 0) },
    };
    for (const geometry of ['l1', 'l2', 'linf'] as Geometry[]) {
      const { opt, obj } = steepestDescent(referenceSubject, ds, geometry, { c: 0.5, decayPower: 0 });
      const s = opt.init(w0, obj);
      opt.update(s, obj);
      const { B, step } = cases[geometry];
      for (let k = 0; k < 3; k++) expect(Math.abs(s.w[k] - (w0[k] - (0.5 / (B * B * F)) * step(k))), `${geometry}[${k}]`).toBeLessThan(1e-14);
    }
  });

  it('check_step_decay: the step at t is c/(t+1)^p times the undecayed one (p = ½ here; the default is ¼), in each geometry', () => {
    for (const geometry of ['l1', 'l2', 'linf'] as Geometry[]) {
      const a = steepestDescent(referenceSubject, ds, geometry, { c: 1, decayPower: 0.5 });
      const b = steepestDescent(referenceSubject, ds, geometry, { c: 1, decayPower: 0 });
      const sa = a.opt.init(w0, a.obj);
      a.opt.update(sa, a.obj);
      const before = Float64Array.from(sa.w);
      const sb = b.opt.init(before, b.obj);
      a.opt.update(sa, a.obj);
      b.opt.update(sb, b.obj);
      for (let k = 0; k < 3; k++) expect(sa.w[k] - before[k], `${geometry}[${k}]`).toBeCloseTo((sb.w[k] - before[k]) / Math.SQRT2, 15);
    }
  });

  it('check_no_underflow: margins beyond 1e4 (F = 0 in floating point) still give finite, margin-increasing steps', () => {
    for (const geometry of ['l1', 'l2', 'linf'] as Geometry[]) {
      const { opt, obj } = steepestDescent(referenceSubject, ds, geometry);
      const s = runOptimizer(opt, obj, new Float64Array([1e4, 1e4, 1e4]), 50);
      expect(s.w.every(Number.isFinite), geometry).toBe(true);
      expect(marginIn(ds, s.w, geometry)).toBeGreaterThan(marginIn(ds, new Float64Array([1e4, 1e4, 1e4]), geometry));
    }
  });

  it('check_parameters_validated', () => {
    expect(() => steepestDescent(referenceSubject, ds, 'l2', { c: 2 })).toThrow('steepest descent [l2]: c must be in (0, 1]');
  });
});

describe('boosting and perceptron mutants', () => {
  it('check_inverted_step_is_negated_adaboost: same learners, α of opposite sign (first step), margins recomputed', () => {
    for (const W of fc.sample(weakLearnerMatrix(), { seed: 5, numRuns: 20 })) {
      const obj = marginObjective({ Z: W.M, n: W.n, d: W.m }, exponential);
      const ref = adaboost();
      const mut = mutantRole('adaboost-inverted-step') as ReturnType<typeof adaboost>;
      const a = ref.init(new Float64Array(W.m), obj);
      const b = mut.init(new Float64Array(W.m), obj);
      ref.update(a, obj);
      mut.update(b, obj);
      expect(b.coord).toBe(a.coord);
      expect(b.alpha).toBeCloseTo(-a.alpha, 14);
      for (let j = 0; j < W.m; j++) expect(b.w[j]).toBeCloseTo(-a.w[j], 14);
      for (let i = 0; i < W.n; i++) expect(b.margins[i]).toBeCloseTo(W.M.subarray(i * W.m, (i + 1) * W.m).reduce((u, v, j) => u + v * b.w[j], 0), 12);
      expect(l1Margin(W.M, W.n, W.m, b.w)).toBeLessThan(0); // one step against the best learner: some example has a negative margin
    }
  });

  it('check_mistake_count_matches_kernel: countPerceptronMistakes agrees with the perceptron kernel\'s own counter (100 datasets); the strict-mistake mutant never moves', () => {
    for (const ds of fc.sample(separableDataset(), { seed: 6, numRuns: 100 })) {
      const obj = marginObjective(ds, exponential);
      const run = countPerceptronMistakes(perceptron(), obj, 1e6);
      const own = runOptimizer(perceptron(), obj, new Float64Array(ds.d), run.visits);
      expect(run.converged).toBe(true);
      expect(run.mistakes).toBe(own.mistakes);
      const frozen = mutantRole('perceptron-strict-mistake');
      expect(countPerceptronMistakes(frozen, obj, 50)).toMatchObject({ mistakes: 50, converged: false });
      expect(Array.from(runOptimizer(frozen, obj, new Float64Array(ds.d), 50).w).every((v) => v === 0)).toBe(true);
    }
  });
});

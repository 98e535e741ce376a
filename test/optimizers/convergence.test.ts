/**
 * Each optimizer solves an easy problem: least squares with d = 5 (unique minimizer w*, consistent system, so even
 * SGD with a fixed step converges), and the example-wise methods on classification data where the answer is known.
 */
import { describe, expect, it } from 'vitest';
import { exponential, logistic } from '../../src/losses/loss.js';
import { adaboost } from '../../src/optimizers/adaboost.js';
import { normalizedGd } from '../../src/optimizers/normalized-gd.js';
import { marginObjective } from '../../src/optimizers/objectives.js';
import { perceptron, perceptronConverged } from '../../src/optimizers/perceptron.js';
import { runOptimizer } from '../../src/optimizers/run.js';
import { TABLE } from './table.js';
import { leastSquaresTarget, separableData } from './targets.js';

/** Enough for every method of the table to reach its tolerance on the least-squares target (the slowest, RMSProp and Adam, settle by 1e4). */
const LS_STEPS = 20_000;

describe('convergence on least squares, d = 5', () => {
  for (const entry of TABLE.filter((e) => e.lsTolerance !== undefined))
    it(`${entry.label} reaches w* within ${entry.lsTolerance} (max-norm) in ${LS_STEPS} steps`, () => {
      const t = leastSquaresTarget();
      const s = runOptimizer(entry.make(5), t.objective(t.data), new Float64Array(t.dim), LS_STEPS);
      const w: Float64Array = s.w;
      const err = Math.max(...Array.from(w, (v, k) => Math.abs(v - t.solution![k])));
      expect(err, `${entry.label}: ‖w − w*‖∞ = ${err.toExponential(3)} after ${LS_STEPS} steps`).toBeLessThanOrEqual(entry.lsTolerance!);
    });
});

describe('perceptron', () => {
  it('on separable data stops making mistakes, within Novikoff\'s (R/γ)² bound, and then separates the data', () => {
    const { Z, n, d, u } = separableData(40, 5, 0.1, 21);
    // γ ≥ min_i ⟨u, z_i⟩ for the planted unit u (≥ 0.1 by construction); a lower γ only loosens the bound
    let gamma = Infinity, R = 0;
    for (let i = 0; i < n; i++) {
      let m = 0, r = 0;
      for (let k = 0; k < d; k++) (m += u[k] * Z[i * d + k]), (r += Z[i * d + k] ** 2);
      gamma = Math.min(gamma, m);
      R = Math.max(R, Math.sqrt(r));
    }
    const obj = marginObjective({ Z, n, d }, logistic);
    const s = runOptimizer(perceptron(), obj, new Float64Array(d), 200_000, (st) => !perceptronConverged(st));
    expect(perceptronConverged(s), `no clean pass within ${s.t} visits (${s.mistakes} mistakes)`).toBe(true);
    expect(s.mistakes, `mistakes ${s.mistakes} vs (R/γ)² = ${((R / gamma) ** 2).toFixed(1)}`).toBeLessThanOrEqual((R / gamma) ** 2);
    for (let i = 0; i < n; i++) {
      let m = 0;
      for (let k = 0; k < d; k++) m += s.w[k] * Z[i * d + k];
      expect(m, `example ${i}`).toBeGreaterThan(0);
    }
    const mistakes = s.mistakes;
    const opt = perceptron();
    for (let i = 0; i < 3 * n; i++) opt.update(s, obj);
    expect(s.mistakes).toBe(mistakes);
  });
});

describe('adaboost on M = J − 2I (3 examples, learner j wrong only on example j)', () => {
  // By symmetry the best l1 margin is γ̄ = 1/3, at a = (1, 1, 1)/3.
  const M = new Float64Array([-1, 1, 1, 1, -1, 1, 1, 1, -1]);
  const obj = marginObjective({ Z: M, n: 3, d: 3 }, exponential);
  const l1Margin = (a: Float64Array, u: Float64Array) => Math.min(...u) / a.reduce((x, y) => x + Math.abs(y), 0);

  it('first two steps by hand: edges 1/3 then 1/2, α = ½ln 2 then ½ln 3, D₁ = (½, ¼, ¼)', () => {
    const opt = adaboost();
    const s = opt.init(new Float64Array(3), obj);
    expect(Array.from(s.dist)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    opt.update(s, obj);
    expect(s.coord).toBe(0); // all edges 1/3: the smallest index
    expect(s.edge).toBeCloseTo(1 / 3, 15);
    expect(s.alpha).toBeCloseTo(0.5 * Math.log(2), 15);
    [0.5, 0.25, 0.25].forEach((v, i) => expect(s.dist[i]).toBeCloseTo(v, 15));
    opt.update(s, obj);
    expect(s.coord).toBe(1); // edges (0, ½, ½)
    expect(s.edge).toBeCloseTo(0.5, 15);
    expect(s.alpha).toBeCloseTo(0.5 * Math.log(3), 15);
    expect(Array.from(s.w).map((v) => +v.toFixed(15))).toEqual([+(0.5 * Math.log(2)).toFixed(15), +(0.5 * Math.log(3)).toFixed(15), 0]);
  });

  it('each step is an exact line search: afterwards the chosen learner has edge 0 (∂_j F = 0)', () => {
    const opt = adaboost();
    const s = opt.init(new Float64Array(3), obj);
    for (let t = 0; t < 50; t++) {
      opt.update(s, obj);
      let edge = 0;
      for (let i = 0; i < 3; i++) edge += s.dist[i] * M[i * 3 + s.coord];
      expect(Math.abs(edge), `step ${t}`).toBeLessThan(1e-12);
    }
  });

  it("reaches γ̄/4 within 8 ln(n)/γ̄² steps (Telgarsky 2013, Prop. 3.10) and tends to γ̄ = 1/3 along a 3-cycle of edges → (√5 − 1)/2", () => {
    const opt = adaboost();
    const s = opt.init(new Float64Array(3), obj);
    const T = Math.ceil(8 * Math.log(3) * 9);
    for (let t = 0; t < T; t++) opt.update(s, obj);
    expect(l1Margin(s.w, s.margins)).toBeGreaterThanOrEqual(1 / 12);
    for (let t = T; t < 2000; t++) opt.update(s, obj);
    const m = l1Margin(s.w, s.margins);
    expect(m, `l1 margin ${m} at t = 2000`).toBeGreaterThan(1 / 3 - 1e-3);
    expect(m).toBeLessThanOrEqual(1 / 3 + 1e-12);
    expect(s.edge).toBeCloseTo((Math.sqrt(5) - 1) / 2, 9);
  });

  it('a perfect weak learner (edge 1, α = ∞) is clipped to a finite step', () => {
    const o = marginObjective({ Z: new Float64Array([1, -1, 1, 1]), n: 2, d: 2 }, exponential);
    const opt = adaboost();
    const s = opt.init(new Float64Array(2), o);
    opt.update(s, o);
    expect(s.coord).toBe(0);
    expect(s.edge).toBe(1);
    expect(s.alpha).toBeCloseTo(Math.atanh(1 - 1e-12), 12);
  });

  it('refuses weak-learner outputs outside [−1, 1]', () => {
    const o = marginObjective({ Z: new Float64Array([2, 1]), n: 1, d: 2 }, exponential);
    expect(() => adaboost().init(new Float64Array(2), o)).toThrowError('adaboost: weak-learner outputs must lie in [−1, 1]; M[0, 0] = 2');
  });
});

describe('normalized GD on separable data', () => {
  it('drives the mean logistic risk below 1e-6 within 2000 steps and separates the data, with steps η/F(w_t)', () => {
    const { Z, n, d } = separableData(30, 4, 0.1, 5);
    const obj = marginObjective({ Z, n, d }, logistic, { mean: true });
    const s = runOptimizer(normalizedGd({ eta: 0.5 }), obj, new Float64Array(d), 2000);
    const g = new Float64Array(d);
    const F = obj.valueAndGrad(s.w, g);
    expect(F, `F(w_2000) = ${F}`).toBeLessThan(1e-6);
    expect(s.rate).toBe(0.5); // the step on ∇F is 0.5/F(w_t), taken as 0.5·∇log F
    for (let i = 0; i < n; i++) expect(Z.subarray(i * d, i * d + d).reduce((a, z, k) => a + z * s.w[k], 0)).toBeGreaterThan(0);
  });
});

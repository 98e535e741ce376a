import { describe, expect, it } from 'vitest';
import {
  reluGd, reluLinearizedRisk, reluNetForward, reluNetGradX, reluRisk, reluRiskGrad,
} from '../../src/models/relu2.js';
import { gaussian, rng } from '../helpers.js';

const randn = (r: () => number, len: number) => Float64Array.from({ length: len }, () => gaussian(r));
const signs = (r: () => number, m: number) => Float64Array.from({ length: m }, () => (r() < 0.5 ? -1 : 1));
/** a point of the unit ball: a Gaussian direction with radius U^{1/d}, or exactly on the sphere when `onSphere` */
function inBall(r: () => number, d: number, onSphere = false): Float64Array {
  const x = randn(r, d);
  const rad = (onSphere ? 1 : r() ** (1 / d)) / Math.hypot(...x);
  return x.map((v) => v * rad);
}
function pointsInBall(r: () => number, n: number, d: number): { X: Float64Array; y: Float64Array } {
  const X = new Float64Array(n * d), y = new Float64Array(n);
  for (let i = 0; i < n; i++) { X.set(inBall(r, d), i * d); y[i] = r() < 0.5 ? -1 : 1; }
  return { X, y };
}
/** min_j |⟨w_j, x⟩| over the points: how far the inputs are from a kink */
function kinkDistance(W: Float64Array, m: number, d: number, X: Float64Array, n: number): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += W[j * d + k] * X[i * d + k];
    best = Math.min(best, Math.abs(s));
  }
  return best;
}

const H = 1e-5;
// f is piecewise linear in W, so away from kinks a central difference is exact up to rounding (~ε/H ≈ 1e-11);
// R̂ is smooth there, with O(H²) ≈ 1e-10 truncation. 1e-6 leaves four orders of margin.
const FD_TOL = 1e-6;
// ‖∇_W f‖_F² = (1/m)Σ_j σ'² ‖x‖² is computed with rounding; at ‖x‖ = 1 and all units active it equals 1 up to a few ulps
const ROUNDING = 8 * Number.EPSILON;

describe('two-layer ReLU net (seed 004, Settings)', () => {
  it('check_relu_grad_W_f_matches_central_difference_away_from_kinks (relative 1e-6)', () => {
    const r = rng(3);
    let tried = 0;
    for (let trial = 0; trial < 20; trial++) {
      const m = 3 + (trial % 6), d = 2 + (trial % 4);
      const W = randn(r, m * d), a = signs(r, m), x = inBall(r, d);
      if (kinkDistance(W, m, d, x, 1) < 100 * H) continue; // a difference would cross a kink
      tried++;
      const g = new Float64Array(m * d);
      const f = reluNetGradX(W, a, m, d, x, g);
      expect(f).toBeCloseTo(reluNetForward(W, a, m, d, x), 14);
      let diff = 0, norm = 0;
      for (let p = 0; p < m * d; p++) {
        const w0 = W[p];
        W[p] = w0 + H; const fp = reluNetForward(W, a, m, d, x);
        W[p] = w0 - H; const fm = reluNetForward(W, a, m, d, x);
        W[p] = w0;
        const fd = (fp - fm) / (2 * H);
        diff += (fd - g[p]) ** 2; norm += g[p] ** 2;
        expect(Math.abs(fd - g[p]), `∂f/∂W[${p}] m=${m} d=${d}`).toBeLessThanOrEqual(FD_TOL * Math.max(1, Math.abs(fd)));
      }
      expect(Math.sqrt(diff)).toBeLessThanOrEqual(FD_TOL * Math.max(Math.sqrt(norm), 1e-300));
    }
    expect(tried).toBeGreaterThan(10);
  });

  it('check_relu_risk_gradient_matches_central_difference_away_from_kinks (relative 1e-6)', () => {
    const r = rng(4);
    for (let trial = 0; trial < 10; trial++) {
      const m = 4 + trial, d = 3, n = 6;
      const W = randn(r, m * d).map((v) => 2 * v), a = signs(r, m);
      const { X, y } = pointsInBall(r, n, d);
      if (kinkDistance(W, m, d, X, n) < 100 * H) continue;
      const g = new Float64Array(m * d);
      const risk = reluRiskGrad(W, a, m, d, X, y, n, g);
      expect(risk).toBeCloseTo(reluRisk(W, a, m, d, X, y, n), 14);
      for (let p = 0; p < m * d; p++) {
        const w0 = W[p];
        W[p] = w0 + H; const rp = reluRisk(W, a, m, d, X, y, n);
        W[p] = w0 - H; const rm = reluRisk(W, a, m, d, X, y, n);
        W[p] = w0;
        const fd = (rp - rm) / (2 * H);
        expect(Math.abs(fd - g[p]), `∂R̂/∂W[${p}] m=${m}`).toBeLessThanOrEqual(FD_TOL * Math.max(1, Math.abs(fd)));
      }
    }
  });

  // At ⟨w_j, x⟩ = 0 the one-sided differences along W[j,k] are m^{-1/2}a_j x_k·1[x_k > 0] and m^{-1/2}a_j x_k·1[x_k < 0]
  // (f is piecewise linear, so these are exact); the chosen subgradient m^{-1/2}a_j c x_k lies between them for c ∈ [0, 1].
  it('check_relu_subgradient_at_kink_is_bracketed_by_one_sided_differences (σ\'(0) ∈ {0, ½, 1})', () => {
    const m = 3, d = 4;
    const x = new Float64Array([0.5, -0.25, 0, 0.5]);
    const W = new Float64Array([
      0.5, 1, 3, 0, //    ⟨w_0, x⟩ = 0.25 − 0.25 = 0: the kink, exactly in floating point
      1, 0, 0, 1, //      ⟨w_1, x⟩ = 1
      -1, 0.5, 2, 0, //   ⟨w_2, x⟩ = −0.625
    ]);
    const a = new Float64Array([-1, 1, 1]);
    const h = 1e-3; // exact for a piecewise-linear f as long as no other unit crosses its kink
    for (const c of [0, 0.5, 1]) {
      const g = new Float64Array(m * d);
      reluNetGradX(W, a, m, d, x, g, { sigmaPrimeAtZero: c });
      for (let p = 0; p < m * d; p++) {
        const w0 = W[p], f0 = reluNetForward(W, a, m, d, x);
        W[p] = w0 + h; const right = (reluNetForward(W, a, m, d, x) - f0) / h;
        W[p] = w0 - h; const left = (f0 - reluNetForward(W, a, m, d, x)) / h;
        W[p] = w0;
        const lo = Math.min(left, right) - 1e-12, hi = Math.max(left, right) + 1e-12;
        expect(g[p], `σ'(0)=${c}: ∂f/∂W[${p}] outside [${left}, ${right}]`).toBeGreaterThanOrEqual(lo);
        expect(g[p]).toBeLessThanOrEqual(hi);
      }
      // the kink row is c·m^{-1/2}a_0 x; the others do not depend on c
      for (let k = 0; k < d; k++) expect(g[k]).toBeCloseTo((c * a[0] * x[k]) / Math.sqrt(m), 15);
    }
    expect(() => reluNetGradX(W, a, m, d, x, new Float64Array(m * d), { sigmaPrimeAtZero: 1.5 })).toThrow(/\[0, 1\]/);
  });

  // seed 004: ‖∇f(x; W)‖_F² = (1/m)Σ_j ‖σ'(w_jᵀx) x‖² ≤ ‖x‖² ≤ 1, for every σ'(0) ∈ [0, 1]
  it('check_relu_grad_W_f_frobenius_norm_at_most_one_on_the_unit_ball', () => {
    const r = rng(5);
    let worst = 0;
    for (let trial = 0; trial < 500; trial++) {
      const m = 1 + (trial % 17), d = 1 + (trial % 7);
      const x = inBall(r, d, trial % 3 === 0);
      let W = randn(r, m * d);
      if (trial % 5 === 0) { // all units active: the bound is attained when ‖x‖ = 1
        W = new Float64Array(m * d);
        for (let j = 0; j < m; j++) for (let k = 0; k < d; k++) W[j * d + k] = x[k] * (1 + r());
      }
      const g = new Float64Array(m * d);
      reluNetGradX(W, signs(r, m), m, d, x, g, { sigmaPrimeAtZero: [0, 0.5, 1][trial % 3] });
      const fro = Math.hypot(...g);
      worst = Math.max(worst, fro);
      expect(fro, `‖∇_W f‖_F at m=${m} d=${d} ‖x‖=${Math.hypot(...x)}`).toBeLessThanOrEqual(1 + ROUNDING);
      expect(fro).toBeLessThanOrEqual(Math.hypot(...x) * (1 + ROUNDING));
    }
    expect(worst).toBeGreaterThan(1 - 1e-12); // the bound is reached, so the check is not vacuous
  });

  // Euler's identity for the 1-homogeneous f: ⟨W, ∇_W f(x; W)⟩ = f(x; W), whatever σ'(0); hence R̂^{(i)}(W_i) = R̂(W_i)
  it('check_relu_euler_identity_and_linearized_risk_at_W_equals_risk', () => {
    const r = rng(6);
    const m = 9, d = 3, n = 12;
    const W = randn(r, m * d), a = signs(r, m);
    const { X, y } = pointsInBall(r, n, d);
    for (let k = 0; k < d; k++) W[k] = 0; // w_0 = 0 sits on the kink for every x
    for (const c of [0, 0.5, 1]) {
      const g = new Float64Array(m * d);
      const f = reluNetGradX(W, a, m, d, X, g, { sigmaPrimeAtZero: c }, 0);
      let inner = 0;
      for (let p = 0; p < m * d; p++) inner += W[p] * g[p];
      expect(inner).toBeCloseTo(f, 14);
      const lin = reluLinearizedRisk(W, W, a, m, d, X, y, n, { sigmaPrimeAtZero: c });
      expect(lin).toBeCloseTo(reluRisk(W, a, m, d, X, y, n), 14);
    }
  });

  it('check_relu_gd_iterates_follow_the_update_rule_and_callback_sees_every_step', () => {
    const r = rng(8);
    const m = 6, d = 3, n = 10, eta = 1, steps = 25;
    const W0 = randn(r, m * d), a = signs(r, m);
    const { X, y } = pointsInBall(r, n, d);
    const W0copy = Float64Array.from(W0);
    const seen: number[] = [];
    let prev: Float64Array | undefined, prevGrad: Float64Array | undefined;
    const res = reluGd(W0, a, m, d, X, y, n, eta, steps, (i, W, risk, grad) => {
      seen.push(i);
      expect(risk).toBeCloseTo(reluRisk(W, a, m, d, X, y, n), 14);
      if (prev && prevGrad) for (let p = 0; p < m * d; p++) expect(W[p]).toBeCloseTo(prev[p] - eta * prevGrad[p], 14);
      prev = Float64Array.from(W); prevGrad = Float64Array.from(grad);
    }, { record: true });
    expect(seen).toEqual(Array.from({ length: steps + 1 }, (_, i) => i));
    expect(W0).toEqual(W0copy);
    expect(res.trajectory!.length).toBe(steps + 1);
    expect(res.trajectory![0]).toEqual(W0copy);
    expect(res.W).toEqual(res.trajectory![steps]);
    expect(res.risk[0]).toBeCloseTo(reluRisk(W0, a, m, d, X, y, n), 14);
    expect(() => reluGd(W0, a, m, d, X, y, n, 0, 3)).toThrow(/eta/);
  });
});

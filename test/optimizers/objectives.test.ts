/**
 * The objectives: the gradient is the derivative of the value (central finite differences, relative 1e-6), the
 * minibatch estimate over all examples is the full gradient, the mean is the sum divided by n, and least squares
 * matches the slides' ½‖Xᵀw − y‖² with gradient X(Xᵀw − y) written out.
 */
import { describe, expect, it } from 'vitest';
import { exponential, logistic, square } from '../../src/losses/loss.js';
import { leastSquaresObjective, marginObjective } from '../../src/optimizers/objectives.js';
import type { Objective } from '../../src/optimizers/types.js';
import { separableData } from './targets.js';

/** Central differences with h = 1e-6 have error O(h²·F''') + O(ε/h) ≈ 1e-10 here; 1e-6 relative is loose on purpose. */
const FD_TOL = 1e-6;

function checkGradientByFiniteDifferences(obj: Objective, w: Float64Array, label: string): void {
  const g = new Float64Array(obj.dim);
  obj.valueAndGrad(w, g);
  const scratch = new Float64Array(obj.dim);
  const wp = Float64Array.from(w);
  for (let k = 0; k < obj.dim; k++) {
    const h = 1e-6;
    wp[k] = w[k] + h;
    const fp = obj.valueAndGrad(wp, scratch);
    wp[k] = w[k] - h;
    const fm = obj.valueAndGrad(wp, scratch);
    wp[k] = w[k];
    const fd = (fp - fm) / (2 * h);
    expect(Math.abs(fd - g[k]), `${label}: ∂_${k}F = ${g[k]}, finite difference ${fd}`).toBeLessThanOrEqual(FD_TOL * Math.max(1, Math.abs(g[k])));
  }
}

describe('marginObjective', () => {
  const { Z, n, d } = separableData(15, 4, 0.05, 2);
  const w = new Float64Array([0.3, -0.7, 1.1, 0.2]);

  it.each([logistic, exponential, square])('$name: gradient = derivative of the value (sum and mean)', (loss) => {
    checkGradientByFiniteDifferences(marginObjective({ Z, n, d }, loss), w, `${loss.name} sum`);
    checkGradientByFiniteDifferences(marginObjective({ Z, n, d }, loss, { mean: true }), w, `${loss.name} mean`);
  });

  it('value is Σ ℓ(⟨w, z_i⟩); the mean is the sum / n', () => {
    let want = 0;
    for (let i = 0; i < n; i++) want += logistic.value(Z.subarray(i * d, i * d + d).reduce((a, z, k) => a + z * w[k], 0));
    const g = new Float64Array(d);
    expect(marginObjective({ Z, n, d }, logistic).valueAndGrad(w, g)).toBeCloseTo(want, 12);
    expect(marginObjective({ Z, n, d }, logistic, { mean: true }).valueAndGrad(w, g)).toBeCloseTo(want / n, 12);
  });

  it('gradBatch over a permutation of all examples equals valueAndGrad; over one example it is n·∇f_i (sum)', () => {
    const obj = marginObjective({ Z, n, d }, logistic);
    const g = new Float64Array(d), gb = new Float64Array(d);
    const f = obj.valueAndGrad(w, g);
    const all = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const fb = obj.gradBatch!(w, all, n, gb);
    expect(fb).toBeCloseTo(f, 12);
    gb.forEach((v, k) => expect(v).toBeCloseTo(g[k], 12));
    obj.gradBatch!(w, new Int32Array([3]), 1, gb);
    const u = Z.subarray(3 * d, 4 * d).reduce((a, z, k) => a + z * w[k], 0);
    gb.forEach((v, k) => expect(v).toBeCloseTo(n * logistic.derivative(u) * Z[3 * d + k], 12));
  });

  it('exposes its data to example-wise methods, without copying', () => {
    expect(marginObjective({ Z, n, d }, logistic).examples!.Z).toBe(Z);
  });

  it('refuses inconsistent shapes', () => {
    expect(() => marginObjective({ Z: new Float64Array(5), n: 2, d: 2 }, logistic)).toThrowError('marginObjective: Z has length 5, expected n·d = 4');
  });
});

describe('leastSquaresObjective', () => {
  // X point-major 3×2: x₁ = (1, 2), x₂ = (0, 1), x₃ = (−1, 1); y = (1, 0, 2)
  const X = new Float64Array([1, 2, 0, 1, -1, 1]);
  const y = new Float64Array([1, 0, 2]);

  it('F(w) = ½‖Xᵀw − y‖², ∇F = X(Xᵀw − y), written out at w = (1, −1)', () => {
    // Xᵀw = (1 − 2, −1, −1 − 1) = (−1, −1, −2); r = Xᵀw − y = (−2, −1, −4); F = ½(4 + 1 + 16) = 10.5
    // X r = −2(1, 2) − 1(0, 1) − 4(−1, 1) = (2, −9)
    const g = new Float64Array(2);
    expect(leastSquaresObjective(X, y).valueAndGrad(new Float64Array([1, -1]), g)).toBe(10.5);
    expect(Array.from(g)).toEqual([2, -9]);
    expect(leastSquaresObjective(X, y, { mean: true }).valueAndGrad(new Float64Array([1, -1]), g)).toBeCloseTo(3.5, 15);
  });

  it('gradient = derivative of the value', () => {
    checkGradientByFiniteDifferences(leastSquaresObjective(X, y), new Float64Array([0.4, -1.3]), 'least squares');
  });

  it('refuses an X whose length is not a multiple of n', () => {
    expect(() => leastSquaresObjective(new Float64Array(5), new Float64Array(2))).toThrowError(/not a multiple/);
  });
});

describe('marginObjective.logValueAndGrad (log F and ∇F/F in the log domain)', () => {
  const { Z, n, d, u: planted } = separableData(12, 3, 0.1, 7);
  const w = new Float64Array([0.7, -0.4, 1.1]);

  it('equals log F and ∇F/F from valueAndGrad where F is representable (sum and mean; logistic, exponential, square)', () => {
    for (const loss of [logistic, exponential, square])
      for (const mean of [false, true]) {
        const obj = marginObjective({ Z, n, d }, loss, { mean });
        const g = new Float64Array(d);
        const q = new Float64Array(d);
        const F = obj.valueAndGrad(w, g);
        const lf = obj.logValueAndGrad!(w, q);
        // both are sums of n terms; their rounding differs by a few ulps of the largest term (measured ≤ 1e-15 relative)
        expect(Math.abs(lf - Math.log(F)), `${loss.name} mean=${mean}`).toBeLessThan(1e-13);
        for (let k = 0; k < d; k++) expect(Math.abs(q[k] - g[k] / F), `${loss.name}[${k}]`).toBeLessThan(1e-13 * (1 + Math.abs(g[k] / F)));
      }
  });

  it('stays finite where F underflows to 0: at 1e5 times the planted separator, log F = −min u_i and ∇F/F = −z_{argmin}', () => {
    const big = planted.map((v) => v * 1e5); // every margin ≥ 1e5·0.1 = 1e4
    for (const loss of [logistic, exponential]) {
      const obj = marginObjective({ Z, n, d }, loss);
      const g = new Float64Array(d);
      expect(obj.valueAndGrad(big, g)).toBe(0); // F underflows
      const q = new Float64Array(d);
      const lf = obj.logValueAndGrad!(big, q);
      // log F = −min_i u_i + log(#argmin), up to e^{−Δu} terms; ∇F/F = −z_{argmin} (a single point attains the minimum here)
      let umin = Infinity;
      let imin = 0;
      for (let i = 0; i < n; i++) {
        const u = Z.subarray(i * d, i * d + d).reduce((s, z, k) => s + z * big[k], 0);
        if (u < umin) [umin, imin] = [u, i];
      }
      expect(lf, loss.name).toBeCloseTo(-umin, 6);
      for (let k = 0; k < d; k++) expect(q[k], `${loss.name}[${k}]`).toBeCloseTo(-Z[imin * d + k], 6);
    }
  });
});

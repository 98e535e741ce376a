/** Multi-class pieces of group G: the cross-entropy objective, the generator, the lift to a binary SVM. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropyObjective } from '../../src/optimizers/cross-entropy.js';
import { liftMulticlass, MIN_MARGIN, multiclassDataset } from '../../src/data/multiclass.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';

const data = { X: Float64Array.from([0.5, 0.1, -0.3, 0.8, -0.6, -0.4, 0.2, 0.2]), labels: Int32Array.from([0, 1, 2, 0]), n: 4, d: 2, K: 3 };

describe('crossEntropyObjective', () => {
  const obj = crossEntropyObjective(data);
  const W = Float64Array.from([0.3, -0.2, 0.1, 0.4, -0.5, 0.2]);
  it('value is Σ_i −log softmax(Wx_i)_{y_i}, and the gradient matches central differences to 1e-8', () => {
    const g = new Float64Array(6);
    const f = obj.valueAndGrad(W, g);
    let direct = 0;
    for (let i = 0; i < 4; i++) {
      const s = [0, 1, 2].map((k) => W[k * 2] * data.X[i * 2] + W[k * 2 + 1] * data.X[i * 2 + 1]);
      direct += Math.log(s.reduce((a, v) => a + Math.exp(v), 0)) - s[data.labels[i]];
    }
    expect(f).toBeCloseTo(direct, 14);
    const h = 1e-6;
    for (let k = 0; k < 6; k++) {
      const p = Float64Array.from(W);
      const m = Float64Array.from(W);
      p[k] += h;
      m[k] -= h;
      const fd = (obj.valueAndGrad(p, new Float64Array(6)) - obj.valueAndGrad(m, new Float64Array(6))) / (2 * h);
      expect(Math.abs(fd - g[k])).toBeLessThan(1e-8);
    }
  });
  it('keeps its digits for tiny losses (30 × the SVM solution: every margin ≥ 30) and the gradient rows sum to 0', () => {
    const lifted = liftMulticlass(data);
    const W30 = hardMarginSVM(lifted.Z, lifted.n, lifted.d).w.map((v) => 30 * v);
    const g = new Float64Array(6);
    const f = obj.valueAndGrad(W30, g);
    // in the tail F = Σ_i log1p(Σ_{k≠y} e^{−⟨W, z_ik⟩}) ≈ Σ_{(i,k)} e^{−⟨W, z_ik⟩}
    let tail = 0;
    for (let r = 0; r < lifted.n; r++) tail += Math.exp(-lifted.Z.subarray(r * 6, r * 6 + 6).reduce((a, v, k) => a + v * W30[k], 0));
    expect(f).toBeGreaterThan(0);
    expect(Math.abs(f / tail - 1)).toBeLessThan(1e-9);
    const scale = Math.max(...g.map(Math.abs));
    expect(scale).toBeGreaterThan(0);
    for (let j = 0; j < 2; j++) expect(Math.abs(g[j] + g[2 + j] + g[4 + j])).toBeLessThan(1e-12 * scale);
  });
  it('gradBatch over a permutation of all points equals valueAndGrad; bad labels are refused', () => {
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    const fa = obj.valueAndGrad(W, a);
    const fb = obj.gradBatch!(W, Int32Array.from([2, 0, 3, 1]), 4, b);
    expect(fb).toBeCloseTo(fa, 14);
    for (let k = 0; k < 6; k++) expect(b[k]).toBeCloseTo(a[k], 14);
    expect(() => crossEntropyObjective({ ...data, labels: Int32Array.from([0, 1, 3, 0]) })).toThrow('label 2 is 3, expected 0..2');
  });
});

describe('multiclassDataset and liftMulticlass', () => {
  it('every generated point is classified by the planted W* with margin ≥ MIN_MARGIN‖W*‖, inside the unit ball', () => {
    for (const m of fc.sample(multiclassDataset(), { seed: 3, numRuns: 30 })) {
      const wn = Math.hypot(...m.planted);
      for (let i = 0; i < m.n; i++) {
        const x = m.X.subarray(i * m.d, (i + 1) * m.d);
        expect(Math.hypot(...x)).toBeLessThanOrEqual(1);
        const s = Array.from({ length: m.K }, (_, k) => x.reduce((a, v, j) => a + m.planted[k * m.d + j] * v, 0));
        for (let k = 0; k < m.K; k++) if (k !== m.labels[i]) expect(s[m.labels[i]] - s[k]).toBeGreaterThanOrEqual(MIN_MARGIN * wn - 1e-12);
      }
    }
  });
  it('the certified SVM of the lifted points satisfies every multi-class constraint ⟨w_y − w_k, x⟩ ≥ 1 (tight on some) and has rows summing to 0', () => {
    for (const m of fc.sample(multiclassDataset(), { seed: 4, numRuns: 10 })) {
      const lifted = liftMulticlass(m);
      expect(lifted.n).toBe(m.n * (m.K - 1));
      const W = hardMarginSVM(lifted.Z, lifted.n, lifted.d).w;
      let tight = Infinity;
      for (let i = 0; i < m.n; i++)
        for (let k = 0; k < m.K; k++) {
          if (k === m.labels[i]) continue;
          let s = 0;
          for (let j = 0; j < m.d; j++) s += (W[m.labels[i] * m.d + j] - W[k * m.d + j]) * m.X[i * m.d + j];
          expect(s).toBeGreaterThanOrEqual(1 - 1e-7);
          tight = Math.min(tight, s);
        }
      expect(tight).toBeCloseTo(1, 6);
      for (let j = 0; j < m.d; j++) expect(Math.abs(Array.from({ length: m.K }, (_, k) => W[k * m.d + j]).reduce((a, b) => a + b, 0))).toBeLessThan(1e-8);
    }
  });
});

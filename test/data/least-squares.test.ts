import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssumptionError } from '../../src/harness/errors.js';
import {
  R_MIN,
  buildLeastSquares,
  leastSquaresProblem,
  singularRange,
  squareSymmetricSystem,
  testRisk,
  testSignError,
  verifyLeastSquares,
  type LeastSquaresProblem,
} from '../../src/data/least-squares.js';
import { thrown } from '../helpers.js';

describe('leastSquaresProblem', () => {
  it('check_same_seed_same_problem: two samples with one seed are identical', () => {
    const a = fc.sample(leastSquaresProblem(), { seed: 7, numRuns: 5 });
    const b = fc.sample(leastSquaresProblem(), { seed: 7, numRuns: 5 });
    expect(a.map((p) => Array.from(p.X))).toEqual(b.map((p) => Array.from(p.X)));
    expect(a.map((p) => Array.from(p.y))).toEqual(b.map((p) => Array.from(p.y)));
  });

  it('check_full_column_rank_by_construction: d > n, σ_min(X) ≥ R_MIN and y = Xᵀw* on 200 draws', () => {
    let worst = Infinity;
    for (const p of fc.sample(leastSquaresProblem(), { seed: 1, numRuns: 200 })) {
      const { sigmaMin, sigmaMax } = singularRange(p.X, p.n, p.d);
      worst = Math.min(worst, sigmaMin);
      expect(p.d, `n=${p.n}`).toBeGreaterThan(p.n);
      expect(sigmaMin, `n=${p.n}, d=${p.d}, σ_max=${sigmaMax}`).toBeGreaterThanOrEqual(R_MIN * (1 - 1e-12));
      expect(sigmaMin).toBeGreaterThanOrEqual(p.sigmaMinLower * (1 - 1e-12));
    }
    console.log(`least squares: smallest σ_min over 200 draws ${worst} (certified ≥ ${R_MIN})`);
  });

  it('check_shrinks_to_smaller: a failing property shrinks to one point and one shared coordinate', () => {
    const out = fc.check(fc.property(leastSquaresProblem(), (p) => p.n < 3), { seed: 3 });
    expect(out.failed).toBe(true);
    const p = out.counterexample![0] as LeastSquaresProblem;
    expect([p.n, p.d]).toEqual([3, 4]);
  });

  it('check_options_validated: exact messages for bad ranges', () => {
    expect(() => leastSquaresProblem({ n: [0, 3] })).toThrow('leastSquaresProblem: n must be integers with 1 ≤ min ≤ max ≤ 1000, got [0, 3]');
    expect(() => leastSquaresProblem({ shared: [2, 1] })).toThrow('leastSquaresProblem: shared must be integers with 1 ≤ min ≤ max ≤ 1000, got [2, 1]');
  });
});

describe('verifyLeastSquares', () => {
  it('check_refuses_bad_input: d ≤ n, a rank-deficient X, a y that is not Xᵀw*', () => {
    const ok = buildLeastSquares([[0.5], [0.5]], [1, 1], [1, 0, 0]);
    expect(verifyLeastSquares(ok).sigmaMin).toBeGreaterThan(0.99);
    const square = { ...ok, d: 2, X: new Float64Array([1, 0, 0, 1]), teacher: new Float64Array([1, 1]), y: new Float64Array([1, 1]) };
    expect(thrown(() => verifyLeastSquares(square))).toBeInstanceOf(AssumptionError);
    // two identical points: rank 1
    const twin = { n: 2, d: 3, X: new Float64Array([1, 0, 0, 1, 0, 0]), y: new Float64Array([1, 1]), teacher: new Float64Array([1, 0, 0]), sigmaMinLower: 0 };
    const e = thrown(() => verifyLeastSquares(twin));
    expect(e).toBeInstanceOf(AssumptionError);
    expect(e.message).toContain('not of full column rank');
    const wrongY = { ...ok, y: new Float64Array([0.5, 0.7]) };
    expect(thrown(() => verifyLeastSquares(wrongY)).message).toContain('≠ ⟨x_1, w*⟩');
  });
});

describe('test distribution (x ~ N(0, I), y = ⟨w*, x⟩)', () => {
  it('check_closed_forms_against_sampling: ‖w − w*‖² and angle/π agree with 2e5 Gaussian draws within 4 standard errors', () => {
    const p = buildLeastSquares([[0.3, -0.2]], [0.8], [0.5, -1, 0.25]);
    const w = new Float64Array([1, 0.5, -0.5]);
    let s = 0;
    let s2 = 0;
    let disagree = 0;
    let seed = 12345;
    const unif = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) + 0.5) / 4294967296;
    const gauss = () => Math.sqrt(-2 * Math.log(unif())) * Math.cos(2 * Math.PI * unif());
    const m = 200_000;
    for (let j = 0; j < m; j++) {
      const x = [gauss(), gauss(), gauss()];
      const a = w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
      const b = p.teacher[0] * x[0] + p.teacher[1] * x[1] + p.teacher[2] * x[2];
      s += (a - b) ** 2;
      s2 += (a - b) ** 4;
      if (Math.sign(a) !== Math.sign(b)) disagree++;
    }
    const mean = s / m;
    const se = Math.sqrt((s2 / m - mean * mean) / m);
    const err = disagree / m;
    console.log(`test risk: exact ${testRisk(p, w)}, sampled ${mean} ± ${se}; sign error: exact ${testSignError(p, w)}, sampled ${err}`);
    expect(Math.abs(mean - testRisk(p, w))).toBeLessThanOrEqual(4 * se);
    expect(Math.abs(err - testSignError(p, w))).toBeLessThanOrEqual(4 * Math.sqrt(0.25 / m));
  });
});

describe('squareSymmetricSystem', () => {
  it('check_symmetric_and_invertible: X = Xᵀ and σ_min ≥ 0.5 (Gershgorin) on 100 draws', () => {
    for (const s of fc.sample(squareSymmetricSystem(), { seed: 2, numRuns: 100 })) {
      for (let i = 0; i < s.n; i++) for (let j = 0; j < s.n; j++) expect(s.X[i * s.n + j]).toBe(s.X[j * s.n + i]);
      expect(singularRange(s.X, s.n, s.d).sigmaMin).toBeGreaterThanOrEqual(0.5 - 1e-12);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { AssumptionError, SolverVerificationError } from '../../src/harness/errors.js';
import { dot, norm2 } from '../../src/linalg/vec.js';
import { loadHighs } from '../../src/solvers/lp.js';
import {
  SVM_TOL,
  hardMarginSVM,
  hullDistanceCertificate,
  quadprogPrimalSVM,
  supportVectorsDegenerate,
  svmKkt,
  type SvmSolution,
} from '../../src/solvers/svm.js';
import { e, gaussian, plantedSeparable } from './fixtures.js';
import { thrown } from '../helpers.js';

/** Largest of the four KKT residuals and the duality gap. */
function worstResidual(sol: SvmSolution): number {
  return Math.max(...Object.values(sol.kkt), Math.abs(sol.dualityGap));
}

function describeKkt(sol: SvmSolution): string {
  const k = sol.kkt;
  return `primal ${e(k.primalFeasibility)}, dual ${e(k.dualFeasibility)}, stationarity ${e(k.stationarity)}, complementarity ${e(k.complementarity)}, gap ${e(sol.dualityGap)}`;
}

describe('hardMarginSVM', () => {
  it('check_svm_hand_solved: z1 = (1,0), z2 = (0,1) gives ŵ = (1,1), α = (1,1), γ = 1/√2 (KKT exact)', () => {
    const sol = hardMarginSVM(new Float64Array([1, 0, 0, 1]), 2, 2);
    expect(Array.from(sol.w), `ŵ = ${Array.from(sol.w)}`).toEqual([1, 1]);
    expect(Array.from(sol.alpha), `α = ${Array.from(sol.alpha)}`).toEqual([1, 1]);
    expect(sol.support).toEqual([0, 1]);
    expect(Math.abs(sol.gamma - Math.SQRT1_2), `γ = ${sol.gamma}, expected 1/√2`).toBeLessThanOrEqual(1e-15);
    expect(worstResidual(sol), describeKkt(sol)).toBe(0);
  });

  it('check_svm_kkt_random: KKT residuals and duality gap on planted data (n=200, d=10) are at rounding level', () => {
    const { Z } = plantedSeparable(200, 10, 1);
    const t0 = performance.now();
    const sol = hardMarginSVM(Z, 200, 10);
    const ms = performance.now() - t0;
    console.log(`svm n=200 d=10: ${ms.toFixed(1)} ms, ${describeKkt(sol)}, |support| = ${sol.support.length}, γ = ${sol.gamma}`);
    expect(worstResidual(sol), describeKkt(sol)).toBeLessThanOrEqual(1e-12);
    expect(sol.alphaSource).toBe('solver');
  });

  it('check_svm_overparameterized: d > n (n=20, d=100) verifies, every point a support vector', () => {
    const g = gaussian(5);
    const Z = Float64Array.from({ length: 20 * 100 }, g);
    const sol = hardMarginSVM(Z, 20, 100);
    console.log(`svm n=20 d=100: ${describeKkt(sol)}, |support| = ${sol.support.length}`);
    expect(worstResidual(sol), describeKkt(sol)).toBeLessThanOrEqual(1e-12);
    // n < d generic points: the max-margin solution interpolates ⟨ŵ, z_i⟩ = 1 for all i
    expect(sol.support.length, `support size ${sol.support.length}`).toBe(20);
  });

  it('check_svm_span_reduction_rank_deficient: d > n with the z_i in a 4-dim subspace (n=12, d=40) verifies, γ = hull distance', () => {
    // z_i = B c_i with B ∈ R^{40×4}, c_i planted-separable in R^4: quadprog runs in span coordinates (r = 4)
    const n = 12;
    const d = 40;
    const { Z: C } = plantedSeparable(n, 4, 14);
    const g = gaussian(15);
    const B = Float64Array.from({ length: 4 * d }, g); // row j = basis vector j
    const Z = new Float64Array(n * d);
    for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < d; k++) Z[i * d + k] += C[i * 4 + j] * B[j * d + k];
    const sol = hardMarginSVM(Z, n, d);
    const cert = hullDistanceCertificate(Z, n, d);
    const rel = Math.abs(cert.distance - sol.gamma) / sol.gamma;
    console.log(`svm rank-deficient n=${n} d=${d}: ${describeKkt(sol)}, |support| ${sol.support.length}, γ ${sol.gamma} vs hull ${cert.distance} (rel ${e(rel)})`);
    expect(worstResidual(sol), describeKkt(sol)).toBeLessThanOrEqual(1e-12);
    expect(rel).toBeLessThanOrEqual(1e-8);
  });

  it('check_svm_no_shorter_feasible_w: 4000 perturbations of ŵ, each rescaled to feasibility, are never shorter', () => {
    // Optimality by brute force: every feasible w (here w' = (ŵ+δ)/min(1, min_i⟨ŵ+δ, z_i⟩)) has ‖w'‖ ≥ ‖ŵ‖.
    const n = 60;
    const d = 5;
    const { Z } = plantedSeparable(n, d, 2);
    const sol = hardMarginSVM(Z, n, d);
    const g = gaussian(3);
    const r = norm2(sol.w);
    let worst = Infinity;
    for (let trial = 0; trial < 4000; trial++) {
      const scale = r * 10 ** (-1 - 4 * (trial / 4000)); // δ from 1e-1 to 1e-5 relative
      const w = Float64Array.from(sol.w, (v) => v + scale * g());
      let minMargin = Infinity;
      for (let i = 0; i < n; i++) minMargin = Math.min(minMargin, dot(Z.subarray(i * d, (i + 1) * d), w));
      if (!(minMargin > 0)) continue;
      const ratio = norm2(w) / Math.min(1, minMargin) / r;
      worst = Math.min(worst, ratio);
    }
    console.log(`svm perturbation: min ‖w'‖/‖ŵ‖ over 4000 feasible perturbations = 1 + ${e(worst - 1)}`);
    expect(worst, `a feasible w is shorter than ŵ: ratio ${worst}`).toBeGreaterThanOrEqual(1 - 1e-12);
  });

  it('check_svm_gamma_equals_hull_distance: γ = 1/‖ŵ‖ equals min_{λ∈Δ} ‖Σλ_i z_i‖ (independent NNLS), rel 1e-8', () => {
    const { Z } = plantedSeparable(80, 6, 4);
    const sol = hardMarginSVM(Z, 80, 6);
    const cert = hullDistanceCertificate(Z, 80, 6);
    const rel = Math.abs(cert.distance - sol.gamma) / sol.gamma;
    console.log(`svm γ = ${sol.gamma}, hull distance = ${cert.distance}, relative difference ${e(rel)}`);
    expect(rel, `γ ${sol.gamma} vs hull distance ${cert.distance}`).toBeLessThanOrEqual(1e-8);
  });

  it('check_svm_matches_highs_qp: ŵ agrees with HiGHS\'s QP solver on the same primal, rel 1e-6', async () => {
    const n = 100;
    const d = 8;
    const { Z } = plantedSeparable(n, d, 6);
    const sol = hardMarginSVM(Z, n, d);
    const highs = await loadHighs();
    const starts = new Int32Array(n + 1);
    const indices = new Int32Array(n * d);
    for (let i = 0; i < n; i++) {
      starts[i + 1] = (i + 1) * d;
      for (let k = 0; k < d; k++) indices[i * d + k] = k;
    }
    const model = highs.createModel({
      numCols: d,
      numRows: n,
      colCost: new Float64Array(d),
      colLower: new Float64Array(d).fill(-highs.infinity),
      colUpper: new Float64Array(d).fill(highs.infinity),
      rowLower: new Float64Array(n).fill(1),
      rowUpper: new Float64Array(n).fill(highs.infinity),
      matrix: { format: 'csr', numRows: n, numCols: d, starts, indices, values: Z },
      hessian: {
        format: 'triangular',
        dimension: d,
        starts: Int32Array.from({ length: d + 1 }, (_, k) => k),
        indices: Int32Array.from({ length: d }, (_, k) => k),
        values: new Float64Array(d).fill(1),
      },
    });
    let wHighs: Float64Array;
    try {
      model.options.set({ output_flag: false });
      model.run();
      wHighs = model.getSolution().colValue;
    } finally {
      model.dispose();
    }
    let diff = 0;
    for (let k = 0; k < d; k++) diff += (wHighs[k] - sol.w[k]) ** 2;
    const rel = Math.sqrt(diff) / norm2(sol.w);
    console.log(`svm vs HiGHS QP: ‖ŵ_quadprog − ŵ_highs‖/‖ŵ‖ = ${e(rel)}`);
    expect(rel, `quadprog and HiGHS disagree by ${e(rel)}`).toBeLessThanOrEqual(1e-6);
  });

  it('check_svm_not_separable: opposite points, a zero point and a random non-separable set throw AssumptionError', () => {
    const cases: [string, Float64Array, number, number][] = [
      ['z and −z', new Float64Array([1, 0, -1, 0]), 2, 2],
      ['z = 0', new Float64Array([1, 0, 0, 0]), 2, 2],
    ];
    const { Z } = plantedSeparable(30, 4, 7);
    const bad = Float64Array.from(Z);
    // z_29 = −(z_0 + z_1)/2: then (z_0 + z_1 + 2 z_29)/4 = 0 lies in the hull
    for (let k = 0; k < 4; k++) bad[29 * 4 + k] = -(Z[k] + Z[4 + k]) / 2;
    cases.push(['random with 0 in the hull', bad, 30, 4]);
    for (const [name, data, n, d] of cases) {
      const err = thrown(() => hardMarginSVM(data, n, d));
      expect(err, `${name}: ${err.name}: ${err.message}`).toBeInstanceOf(AssumptionError);
      expect(err.message).toMatch(/^data are not linearly separable through the origin: /);
    }
    expect(thrown(() => hardMarginSVM(new Float64Array([NaN, 1]), 1, 2))).toBeInstanceOf(AssumptionError);
  });

  it('check_svm_refuses_wrong_answers: injected w·(1+1e-6), w·(1−1e-6) and tol 1e-30 throw SolverVerificationError', () => {
    const n = 50;
    const d = 4;
    const { Z } = plantedSeparable(n, d, 8);
    const truth = quadprogPrimalSVM(Z, n, d);
    const scaled = (f: number) => () => ({ w: truth.w.map((v) => v * f), alpha: truth.alpha });
    for (const [name, opts] of [
      ['w·(1+1e-6): feasible, not optimal (complementarity, gap)', { solve: scaled(1 + 1e-6) }],
      ['w·(1−1e-6): infeasible', { solve: scaled(1 - 1e-6) }],
      ['tol 1e-30', { tol: 1e-30 }],
    ] as const) {
      const err = thrown(() => hardMarginSVM(Z, n, d, opts));
      expect(err, `${name}: ${err.name}: ${err.message}`).toBeInstanceOf(SolverVerificationError);
      const res = (err as SolverVerificationError).residuals;
      console.log(`svm refused (${name}): ${err.message}`);
      expect(Object.keys(res)).toEqual(
        expect.arrayContaining(['primalFeasibility', 'dualFeasibility', 'stationarity', 'complementarity', 'dualityGap']),
      );
    }
  });

  it('check_svm_nnls_repairs_multipliers: correct ŵ with α = 0 injected is accepted with α recomputed by NNLS', () => {
    const n = 50;
    const d = 4;
    const { Z } = plantedSeparable(n, d, 9);
    const truth = quadprogPrimalSVM(Z, n, d);
    const sol = hardMarginSVM(Z, n, d, { solve: () => ({ w: truth.w, alpha: new Float64Array(n) }) });
    console.log(`svm NNLS repair: ${describeKkt(sol)}`);
    expect(sol.alphaSource).toBe('nnls');
    expect(worstResidual(sol), describeKkt(sol)).toBeLessThanOrEqual(1e-12);
    const kkt = svmKkt(Z, n, d, sol.w, sol.alpha);
    expect(kkt.stationarity).toBe(sol.kkt.stationarity);
  });

  it('check_svm_degenerate_support: in d=2 with 6 points on the margin ŵ = (1,1) and ≥ 4 support vectors have α = 0', () => {
    // Points on the line ⟨(1,1), z⟩ = 1 plus two strictly inside: ŵ = (1,1) is forced by (½,½).
    const pts = [1, 0, 0, 1, 0.5, 0.5, 0.25, 0.75, 0.75, 0.25, 0.9, 0.1, 2, 1, 1, 3];
    const sol = hardMarginSVM(Float64Array.from(pts), 8, 2);
    const degenerate = supportVectorsDegenerate(sol);
    console.log(`svm degenerate: ŵ = ${Array.from(sol.w)}, α = ${Array.from(sol.alpha)}, support ${sol.support}, α≈0 on ${degenerate}`);
    expect(Math.hypot(sol.w[0] - 1, sol.w[1] - 1), `ŵ = ${Array.from(sol.w)}`).toBeLessThanOrEqual(1e-12);
    expect(sol.support).toEqual([0, 1, 2, 3, 4, 5]);
    // at most d = 2 multipliers are needed, so at least 4 of the 6 margin points carry α = 0
    expect(degenerate.length, `degenerate support ${degenerate}`).toBeGreaterThanOrEqual(4);
    expect(worstResidual(sol), describeKkt(sol)).toBeLessThanOrEqual(SVM_TOL);
  });

  it('check_svm_duplicates_share_alpha: Soudry Fig. 1 (every z twice) gives each copy half the multiplier, no α = 0 on the margin', () => {
    // z = y·x: (0.5, 1.5) and (1.5, 0.5), each from a positive point and from its negative with label −1
    const Z = Float64Array.from([0.5, 1.5, 1.5, 0.5, 0.5, 1.5, 1.5, 0.5]);
    const sol = hardMarginSVM(Z, 4, 2);
    // by symmetry ŵ = (a, a) with ⟨ŵ, z⟩ = 2a = 1: ŵ = (½, ½) = Σα_i z_i with four equal α: 4α·2 = 1 per coordinate sum, α = 1/8
    expect(Math.hypot(sol.w[0] - 0.5, sol.w[1] - 0.5)).toBeLessThanOrEqual(1e-14);
    for (const a of sol.alpha) expect(Math.abs(a - 0.125)).toBeLessThanOrEqual(1e-14);
    expect(supportVectorsDegenerate(sol)).toEqual([]);
    expect(worstResidual(sol), describeKkt(sol)).toBeLessThanOrEqual(1e-14);
    // a repeated point among distinct ones: its copies split the multiplier the distinct problem gives it
    const base = hardMarginSVM(Float64Array.from([1, 0, 0, 1]), 2, 2);
    const rep = hardMarginSVM(Float64Array.from([1, 0, 0, 1, 1, 0, 1, 0]), 4, 2);
    expect(Array.from(rep.alpha)).toEqual([base.alpha[0] / 3, base.alpha[1], base.alpha[0] / 3, base.alpha[0] / 3]);
  });
});

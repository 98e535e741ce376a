import { describe, expect, it } from 'vitest';
import { AssumptionError, SolverVerificationError } from '../../src/harness/errors.js';
import {
  LP_TOL,
  highsMarginLp,
  maxMarginLp,
  maxMarginLpMatrix,
  type LpCandidateSolver,
  type LpMarginSolution,
  type MarginNorm,
} from '../../src/solvers/lp.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';
import { e, plantedSeparable } from './fixtures.js';

function summary(s: LpMarginSolution): string {
  return `γ = ${s.gamma}, upper ${s.gammaUpper}, gap ${e(s.dualGap)}, feasibility ${e(s.primalFeasibility)}, objective mismatch ${e(s.objectiveMismatch)}`;
}

function norm(w: Float64Array, p: MarginNorm): number {
  return p === 1 ? w.reduce((s, v) => s + Math.abs(v), 0) : w.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection, got a value');
}

/** Identity matrix of size d, point-major: z_i = e_i. */
function basis(d: number): Float64Array {
  const Z = new Float64Array(d * d);
  for (let i = 0; i < d; i++) Z[i * d + i] = 1;
  return Z;
}

describe('maxMarginLp', () => {
  it('check_lp_closed_form_basis: z_i = e_i in R^5 gives γ̄_1 = 1/5 (w = 1/5·1), γ̄_∞ = 1, and SVM γ = 1/√5 between them', async () => {
    const d = 5;
    const Z = basis(d);
    const l1 = await maxMarginLp(Z, d, d, 1);
    const linf = await maxMarginLp(Z, d, d, 'inf');
    const l2 = hardMarginSVM(Z, d, d).gamma;
    console.log(`lp basis: l1 ${summary(l1)}; l∞ ${summary(linf)}; l2 γ = ${l2}`);
    expect(Math.abs(l1.gamma - 1 / 5), `γ̄_1 = ${l1.gamma}, expected 0.2`).toBeLessThanOrEqual(1e-12);
    for (const v of l1.w) expect(Math.abs(v - 0.2), `w = ${Array.from(l1.w)}`).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(linf.gamma - 1), `γ̄_∞ = ${linf.gamma}, expected 1`).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(l2 - 1 / Math.sqrt(5))).toBeLessThanOrEqual(1e-12);
  });

  it('check_lp_closed_form_single_point: one point z gives γ̄_1 = ‖z‖_∞ and γ̄_∞ = ‖z‖_1 (dual norms)', async () => {
    const z = new Float64Array([3, -1, 2]);
    const l1 = await maxMarginLp(z, 1, 3, 1);
    const linf = await maxMarginLp(z, 1, 3, 'inf');
    console.log(`lp single point: l1 ${summary(l1)}; l∞ ${summary(linf)}`);
    expect(Math.abs(l1.gamma - 3), `γ̄_1 = ${l1.gamma}, expected ‖z‖_∞ = 3`).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(linf.gamma - 6), `γ̄_∞ = ${linf.gamma}, expected ‖z‖_1 = 6`).toBeLessThanOrEqual(1e-12);
    expect(Array.from(linf.w)).toEqual([1, -1, 1]);
  });

  it('check_lp_random_duality: n=200, d=50 planted data, both norms certified (gap ≤ 1e-7), ‖w‖_p = 1, norm-ball ordering holds', async () => {
    const n = 200;
    const d = 50;
    const { Z } = plantedSeparable(n, d, 11);
    const results: Record<string, LpMarginSolution> = {};
    for (const p of [1, 'inf'] as const) {
      const t0 = performance.now();
      const s = await maxMarginLp(Z, n, d, p);
      console.log(`lp n=${n} d=${d} p=${p}: ${(performance.now() - t0).toFixed(1)} ms, ${summary(s)}, support ${s.lambda.filter((l) => l > 0).length}`);
      expect(Math.abs(s.dualGap), summary(s)).toBeLessThanOrEqual(LP_TOL);
      expect(Math.abs(norm(s.w, p) - 1), `‖w‖_${p} = ${norm(s.w, p)}`).toBeLessThanOrEqual(1e-14);
      results[String(p)] = s;
    }
    // B_1 ⊂ B_2 ⊂ B_∞ and B_∞ ⊂ √d·B_2, B_2 ⊂ √d·B_1: γ̄_1 ≤ γ_2 ≤ γ̄_∞ ≤ √d γ_2 ≤ d γ̄_1
    const g2 = hardMarginSVM(Z, n, d).gamma;
    const [g1, ginf] = [results['1'].gamma, results.inf.gamma];
    console.log(`lp ordering: γ̄_1 = ${g1}, γ_2 = ${g2}, γ̄_∞ = ${ginf}, √d = ${Math.sqrt(d)}`);
    expect(g1).toBeLessThanOrEqual(g2 * (1 + 1e-9));
    expect(g2).toBeLessThanOrEqual(ginf * (1 + 1e-9));
    expect(ginf).toBeLessThanOrEqual(Math.sqrt(d) * g2 * (1 + 1e-9));
    expect(g2).toBeLessThanOrEqual(Math.sqrt(d) * g1 * (1 + 1e-9));
  });

  it('check_lp_not_separable: z and −z throw AssumptionError in both norms (certificate λ = (½,½))', async () => {
    for (const p of [1, 'inf'] as const) {
      const err = await rejection(maxMarginLp(new Float64Array([1, 2, -1, -2]), 2, 2, p));
      console.log(`lp not separable p=${p}: ${err.message}`);
      expect(err, `${err.name}: ${err.message}`).toBeInstanceOf(AssumptionError);
    }
  });

  it('check_lp_refuses_wrong_answers: perturbed w, wrong duals and a misreported objective throw SolverVerificationError', async () => {
    const n = 40;
    const d = 6;
    const { Z } = plantedSeparable(n, d, 12);
    const perturb =
      (f: (c: Awaited<ReturnType<LpCandidateSolver>>) => Awaited<ReturnType<LpCandidateSolver>>): LpCandidateSolver =>
      async (lp) =>
        f(await highsMarginLp(lp));
    const cases: [string, LpCandidateSolver][] = [
      ['w + 1e-4 on one coordinate', perturb((c) => ({ ...c, w: c.w.map((v, k) => (k === 0 ? v + 1e-4 : v)) }))],
      ['uniform duals', perturb((c) => ({ ...c, rowDuals: new Float64Array(n).fill(1) }))],
      ['objective + 1e-5', perturb((c) => ({ ...c, objective: c.objective + 1e-5 }))],
    ];
    for (const p of [1, 'inf'] as const) {
      for (const [name, solve] of cases) {
        const err = await rejection(maxMarginLp(Z, n, d, p, { solve }));
        console.log(`lp refused p=${p} (${name}): ${err.message}`);
        expect(err, `p=${p} ${name}: ${err.name}: ${err.message}`).toBeInstanceOf(SolverVerificationError);
        expect((err as SolverVerificationError).residuals).toHaveProperty('dualGap');
      }
    }
  });
});

describe('maxMarginLpMatrix', () => {
  it('check_lp_matrix_closed_form: 3 learners each wrong on one of 3 points, value 1/3 at a = (⅓,⅓,⅓)', async () => {
    // H_ij = y_i (1 − 2[i = j]): learner j errs exactly on point j; min_i (1 − 2a_i) is maximal at a uniform
    const y = new Float64Array([1, -1, 1]);
    const H = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) H[i * 3 + j] = y[i] * (i === j ? -1 : 1);
    const s = await maxMarginLpMatrix(H, y, 3, 3);
    console.log(`lp matrix: ${summary(s)}, a = ${Array.from(s.w)}`);
    expect(Math.abs(s.gamma - 1 / 3), summary(s)).toBeLessThanOrEqual(1e-12);
    for (const a of s.w) expect(Math.abs(a - 1 / 3)).toBeLessThanOrEqual(1e-12);
  });

  it('check_lp_matrix_equals_l1_when_closed_under_negation: H = [Z, −Z], y = 1 gives γ̄_1(Z), rel 1e-9', async () => {
    const n = 60;
    const d = 8;
    const { Z } = plantedSeparable(n, d, 13);
    const H = new Float64Array(n * 2 * d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) {
        H[i * 2 * d + k] = Z[i * d + k];
        H[i * 2 * d + d + k] = -Z[i * d + k];
      }
    }
    const viaMatrix = await maxMarginLpMatrix(H, new Float64Array(n).fill(1), n, 2 * d);
    const viaL1 = await maxMarginLp(Z, n, d, 1);
    const rel = Math.abs(viaMatrix.gamma - viaL1.gamma) / viaL1.gamma;
    console.log(`lp matrix vs l1: ${viaMatrix.gamma} vs ${viaL1.gamma}, rel ${e(rel)}`);
    expect(rel).toBeLessThanOrEqual(1e-9);
  });

  it('check_lp_matrix_no_edge: a class with no positive edge throws AssumptionError', async () => {
    // two points, two learners, each right on one point only: value 0 at a = (½,½)
    const err = await rejection(maxMarginLpMatrix(new Float64Array([1, -1, -1, 1]), new Float64Array([1, 1]), 2, 2));
    console.log(`lp matrix no edge: ${err.message}`);
    expect(err, `${err.name}: ${err.message}`).toBeInstanceOf(AssumptionError);
  });
});

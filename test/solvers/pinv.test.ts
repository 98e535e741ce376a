import { Matrix, pseudoInverse, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { AssumptionError, SolverVerificationError } from '../../src/harness/errors.js';
import { PINV_TOL, minNormInterpolant, minNormLeastSquares, type PenroseResiduals } from '../../src/solvers/pinv.js';
import { e, gaussianMatrix } from './fixtures.js';
import { thrown } from '../helpers.js';

function randomMatrix(m: number, n: number, seed: number): Matrix {
  return Matrix.from1DArray(m, n, Array.from(gaussianMatrix(m, n, seed)));
}

function penrose(r: PenroseResiduals): string {
  return `AXA−A ${e(r.aXa)}, XAX−X ${e(r.xAx)}, asym(AX) ${e(r.axSymmetry)}, asym(XA) ${e(r.xaSymmetry)}, κ_F ${e(r.condition)}`;
}

function worstPenrose(r: PenroseResiduals): number {
  return Math.max(r.aXa, r.xAx, r.axSymmetry, r.xaSymmetry);
}

/** g minus its projection on the column space of B: a vector of null(Bᵀ), by the normal equations. */
function nullOfTranspose(B: Matrix, g: Matrix): Matrix {
  const coef = solve(B.transpose().mmul(B), B.transpose().mmul(g));
  return g.clone().sub(B.mmul(coef));
}

function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) (num += (a[i] - b[i]) ** 2), (den += b[i] ** 2);
  return Math.sqrt(num / den);
}

describe('minNormLeastSquares', () => {
  it('check_pinv_hand_solved: A = [[1, 1]], b = 2 gives A⁺ = (½, ½)ᵀ and x = (1, 1)', () => {
    const { x, pinv } = minNormLeastSquares([[1, 1]], [2]);
    const errX = Math.max(...x.map((v) => Math.abs(v - 1)));
    const errP = Math.max(...pinv.to1DArray().map((v) => Math.abs(v - 0.5)));
    expect(errX, `x = ${Array.from(x)}`).toBeLessThanOrEqual(1e-15);
    expect(errP, `A⁺ = ${pinv.to1DArray()}`).toBeLessThanOrEqual(1e-15);
  });

  it('check_pinv_penrose_wide_and_tall: the four Penrose identities hold to 1e-14 (scaled) on random 5×20 and 20×5', () => {
    for (const [m, n, seed] of [
      [5, 20, 21],
      [20, 5, 22],
    ]) {
      const A = randomMatrix(m, n, seed);
      const b = Array.from(gaussianMatrix(m, 1, seed + 100));
      const { x, residuals } = minNormLeastSquares(A, b);
      // independent reference: tall → (AᵀA)⁻¹Aᵀb, wide → Aᵀ(AAᵀ)⁻¹b, by LU
      const bv = Matrix.columnVector(b);
      const ref =
        m > n ? solve(A.transpose().mmul(A), A.transpose().mmul(bv)) : A.transpose().mmul(solve(A.mmul(A.transpose()), bv));
      const rel = relDiff(x, ref.getColumn(0));
      console.log(`pinv ${m}×${n}: ${penrose(residuals)}, normal equations ${e(residuals.normalEquations)}, |x − x_normal-eq|/|x| ${e(rel)}`);
      expect(worstPenrose(residuals), penrose(residuals)).toBeLessThanOrEqual(1e-14);
      expect(rel, `x differs from the normal-equation solution by ${e(rel)}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('check_pinv_rank_deficient: A = BC (20×5, rank 3): Penrose identities to 1e-14, x ⊥ null(A), x solves the normal equations', () => {
    const B = randomMatrix(20, 3, 31);
    const C = randomMatrix(3, 5, 32);
    const A = B.mmul(C);
    const b = Array.from(gaussianMatrix(20, 1, 33));
    const { x, residuals } = minNormLeastSquares(A, b);
    // a null vector of A = BC is one of C: v = g − Cᵀ(CCᵀ)⁻¹Cg
    const v = nullOfTranspose(C.transpose(), randomMatrix(5, 1, 34));
    const av = A.mmul(v).norm() / (A.norm() * v.norm());
    const xv = Math.abs(Matrix.rowVector(Array.from(x)).mmul(v).get(0, 0)) / (Math.hypot(...x) * v.norm());
    console.log(`pinv rank-deficient: ${penrose(residuals)}, normal equations ${e(residuals.normalEquations)}, |Av|/(|A||v|) ${e(av)}, |⟨x,v⟩|/(|x||v|) ${e(xv)}`);
    expect(worstPenrose(residuals), penrose(residuals)).toBeLessThanOrEqual(1e-14);
    expect(residuals.normalEquations).toBeLessThanOrEqual(1e-14);
    expect(av).toBeLessThanOrEqual(1e-14);
    expect(xv, `x has a component ${e(xv)} along null(A): not the minimum-norm solution`).toBeLessThanOrEqual(1e-12);
  });

  it('check_pinv_refuses_wrong_inverses: Aᵀ, A⁺ + 1e-6 noise, and A⁺ + c·v uᵀ in the null spaces throw SolverVerificationError', () => {
    const B = randomMatrix(20, 3, 41);
    const C = randomMatrix(3, 5, 42);
    const A = B.mmul(C);
    const b = Array.from(gaussianMatrix(20, 1, 43));
    const v = nullOfTranspose(C.transpose(), randomMatrix(5, 1, 44)); // A v = 0
    const u = nullOfTranspose(B, randomMatrix(20, 1, 45)); // uᵀ A = 0
    const noise = randomMatrix(5, 20, 46).mul(1e-6);
    const nullPart = (c: number) => v.mmul(u.transpose()).mul(c / (v.norm() * u.norm()));
    const cases: [string, (M: Matrix, rcond: number) => Matrix][] = [
      ['Aᵀ', (M) => M.transpose()],
      ['A⁺ + 1e-6 noise', (M, r) => pseudoInverse(M, r).add(noise)],
      // A N = 0 and N A = 0: identities (1), (3), (4) stay exact; (2) catches c = 1e4, the κ guard c = 1e12
      ['A⁺ + 1e4·v uᵀ', (M, r) => pseudoInverse(M, r).add(nullPart(1e4))],
      ['A⁺ + 1e12·v uᵀ', (M, r) => pseudoInverse(M, r).add(nullPart(1e12))],
    ];
    for (const [name, inject] of cases) {
      const err = thrown(() => minNormLeastSquares(A, b, { pseudoInverse: inject }));
      console.log(`pinv refused (${name}): ${err.message}`);
      expect(err, `${name}: ${err.name}: ${err.message}`).toBeInstanceOf(SolverVerificationError);
      expect((err as SolverVerificationError).residuals).toHaveProperty('aXa');
    }
    const wrongShape = thrown(() => minNormLeastSquares(A, b, { pseudoInverse: (M) => M }));
    expect(wrongShape).toBeInstanceOf(SolverVerificationError);
    expect(minNormLeastSquares(A, b).residuals.condition).toBeLessThan(1e3);
  });
});

describe('minNormInterpolant', () => {
  it('check_interpolant_hand_solved: x1 = e1, x2 = e2 in R^3, y = (1, −1) gives w = (1, −1, 0)', () => {
    const { w } = minNormInterpolant(new Float64Array([1, 0, 0, 0, 1, 0]), 2, 3, [1, -1]);
    expect(Array.from(w)).toEqual([1, -1, 0]);
  });

  it('check_interpolant_equals_gram_formula: n=10, d=30, w = X(XᵀX)⁻¹y (rel 1e-12) and ⟨w, x_i⟩ = y_i', () => {
    const n = 10;
    const d = 30;
    const Xdn = gaussianMatrix(n, d, 51);
    const y = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : 1));
    const { w, residuals } = minNormInterpolant(Xdn, n, d, y);
    // slides' X is d×n with points as columns: X = Mᵀ for the point-major n×d M
    const M = Matrix.from1DArray(n, d, Array.from(Xdn));
    const X = M.transpose();
    const wGram = X.mmul(solve(X.transpose().mmul(X), Matrix.columnVector(y))).getColumn(0);
    const rel = relDiff(w, wGram);
    console.log(`interpolant n=${n} d=${d}: ${penrose(residuals)}, interpolation ${e(residuals.interpolation)}, |w − w_gram|/|w| ${e(rel)}`);
    expect(rel).toBeLessThanOrEqual(1e-12);
    expect(residuals.interpolation).toBeLessThanOrEqual(PINV_TOL);
  });

  it('check_interpolant_impossible: n=30 > d=5 generic points with random labels throw AssumptionError', () => {
    const y = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    const err = thrown(() => minNormInterpolant(gaussianMatrix(30, 5, 61), 30, 5, y));
    console.log(`interpolant impossible: ${err.message}`);
    expect(err, `${err.name}: ${err.message}`).toBeInstanceOf(AssumptionError);
  });
});

import { Matrix, pseudoInverse } from 'ml-matrix';
import { AssumptionError, SolverVerificationError } from '../harness/errors.js';
import { allFinite } from '../linalg/vec.js';

/**
 * Minimum-norm least squares through the Moore–Penrose pseudo-inverse (ml-matrix's SVD), PROVED by the four
 * Penrose identities, which characterize A⁺ uniquely:
 *
 *   (1) A A⁺ A = A,   (2) A⁺ A A⁺ = A⁺,   (3) (A A⁺)ᵀ = A A⁺,   (4) (A⁺ A)ᵀ = A⁺ A.
 *
 * x = A⁺ b is then the least-squares solution of minimal norm; for data the slides write as X ∈ R^{d×n}
 * (points as columns) with XᵀX invertible, w = X(XᵀX)⁻¹y = (Xᵀ)⁺ y is the minimum-norm interpolant, the
 * limit of gradient descent on the square loss started at 0.
 *
 * Tolerance (condition-aware). Each residual is divided by the product of the Frobenius norms of the factors
 * in its identity: (1) by ‖A‖²‖X‖, (2) by ‖A‖‖X‖², (3) and (4) by ‖A‖‖X‖ (X the candidate A⁺). These are the
 * sizes of the rounding errors of the products themselves (|fl(PQ) − PQ| ≲ k·ε‖P‖‖Q‖), and a backward-stable
 * SVD (A + E = UΣVᵀ, ‖E‖ ≲ ε‖A‖) leaves residuals E, XEX, EX, XE of exactly those orders; the factor
 * ‖A‖‖X‖ ≥ κ₂(A) is the condition number, so the check is relative to κ and does not fail on ill-conditioned
 * but correct inputs. With k ≤ a few hundred, k·ε ≲ 1e-13; we accept ≤ 1e-10 (measured ~1e-16 to 1e-15 on
 * 5×20, 20×5 and rank-deficient matrices, see test/solvers/pinv.test.ts).
 *
 * Condition guard. Because the scales contain ‖X‖, a wrong X = A⁺ + N with a large part in the null spaces
 * (AN = 0, NA = 0) leaves (1), (3), (4) exact and (2) with scaled residual only ≈ 1/(‖A‖‖N‖). So we also
 * require κ_F = ‖A‖_F‖X‖_F ≤ maxCondition (default 1e8 = 1/(100·tol)): then ‖A‖‖N‖ ≲ 2κ_F and the residual of
 * (2) is ≳ 1/(8·maxCondition) > tol, so such an N is refused unless ‖N‖ ≲ 4·tol·κ_F·‖A⁺‖ (the
 * condition-aware accuracy). Inputs with κ_F > 1e8 are refused as unverifiable (SolverVerificationError);
 * random Gaussian data stay far below, even square ones at the interpolation threshold (measured κ_F over
 * 20 draws of 100×100: 8e2 to 4e4).
 */

export interface PenroseResiduals {
  /** ‖A X A − A‖_F / (‖A‖²‖X‖) */
  readonly aXa: number;
  /** ‖X A X − X‖_F / (‖A‖‖X‖²) */
  readonly xAx: number;
  /** ‖A X − (A X)ᵀ‖_F / (‖A‖‖X‖) */
  readonly axSymmetry: number;
  /** ‖X A − (X A)ᵀ‖_F / (‖A‖‖X‖) */
  readonly xaSymmetry: number;
  /** κ_F = ‖A‖_F ‖X‖_F (≥ the 2-norm condition number σ₁/σ_r). */
  readonly condition: number;
}

export interface PinvOptions {
  /** Relative singular-value cutoff: σ ≤ rcond·max(m,n)·σ₁ count as 0 (default PINV_RCOND). */
  readonly rcond?: number;
  /** Acceptance tolerance on the scaled residuals (default PINV_TOL). */
  readonly tol?: number;
  /** Refuse when κ_F = ‖A‖_F‖A⁺‖_F exceeds this (default PINV_MAX_CONDITION; see the file comment). */
  readonly maxCondition?: number;
  /** Replaces ml-matrix's pseudoInverse(A, rcond) (tests inject wrong inverses to see them refused). */
  readonly pseudoInverse?: (A: Matrix, rcond: number) => Matrix;
}

/** Accept scaled Penrose residuals up to 1e-10 (see the file comment: rounding is ≲ 1e-13, measured ~1e-15). */
export const PINV_TOL = 1e-10;

/**
 * Singular values below 1e-12·max(m,n)·σ₁ are treated as 0. ml-matrix's default cutoff ε·max(m,n)·σ₁ sits at
 * the rounding level of the SVD itself; on exactly rank-deficient products it works too (measured spurious
 * σ_{r+1}/σ₁ ≈ 1e-16–5e-16, below both cutoffs), but inputs that were themselves computed carry relative
 * errors well above ε, and their spurious singular values would be inverted. 1e-12 still keeps every singular
 * value of a matrix with κ₂ < 1e11, beyond what the condition guard accepts anyway.
 */
export const PINV_RCOND = 1e-12;

/** κ_F above which a pseudo-inverse is refused as unverifiable: 1/(100·PINV_TOL), see the file comment. */
export const PINV_MAX_CONDITION = 1e8;

/**
 * x = A⁺b, the minimum-norm least-squares solution, with A⁺ verified by the Penrose identities.
 * Also reports the normal-equation residual ‖Aᵀ(Ax − b)‖/(‖A‖(‖A‖‖x‖ + ‖b‖)).
 *
 * @example
 * // A = [[1, 1]]: A⁺ = [[½], [½]], x = A⁺·2 = (1, 1), the shortest solution of x₁ + x₂ = 2
 * minNormLeastSquares([[1, 1]], [2]).x; // ≈ Float64Array [1, 1] (to 2e-16)
 */
export function minNormLeastSquares(
  A: number[][] | Matrix,
  b: ArrayLike<number>,
  opts: PinvOptions = {},
): { x: Float64Array; pinv: Matrix; residuals: PenroseResiduals & { normalEquations: number } } {
  const M = Matrix.isMatrix(A) ? Matrix.checkMatrix(A) : new Matrix(A);
  const label = `minNormLeastSquares [${M.rows}×${M.columns}]`;
  if (b.length !== M.rows) throw new RangeError(`${label}: b has ${b.length} entries, expected ${M.rows}`);
  if (!allFinite(M.to1DArray()) || !allFinite(b)) throw new AssumptionError(`${label}: non-finite entry in A or b`);
  const rcond = opts.rcond ?? PINV_RCOND;
  const tol = opts.tol ?? PINV_TOL;
  const maxCondition = opts.maxCondition ?? PINV_MAX_CONDITION;
  const X = (opts.pseudoInverse ?? pseudoInverse)(M, rcond);
  if (X.rows !== M.columns || X.columns !== M.rows) {
    throw new SolverVerificationError(`${label}: pseudo-inverse is ${X.rows}×${X.columns}, expected ${M.columns}×${M.rows}`);
  }
  const pen = penroseResiduals(M, X);
  const bv = Matrix.columnVector(Array.from(b));
  const xv = X.mmul(bv);
  const normalEquations = normalEquationResidual(M, xv, bv);
  const residuals = { ...pen, normalEquations };
  const worst = Math.max(pen.aXa, pen.xAx, pen.axSymmetry, pen.xaSymmetry, normalEquations);
  if (!(worst <= tol) || !(pen.condition <= maxCondition)) {
    throw new SolverVerificationError(
      `${label}: cannot verify the pseudo-inverse to tol ${tol}: ‖AXA−A‖ ${fmt(pen.aXa)}, ‖XAX−X‖ ${fmt(pen.xAx)}, ` +
        `asym(AX) ${fmt(pen.axSymmetry)}, asym(XA) ${fmt(pen.xaSymmetry)}, normal equations ${fmt(normalEquations)} ` +
        `(scaled), κ_F = ${fmt(pen.condition)} (limit ${fmt(maxCondition)})`,
      { ...residuals, tol, rcond, maxCondition },
    );
  }
  return { x: Float64Array.from(xv.getColumn(0)), pinv: X, residuals };
}

/**
 * The four scaled Penrose residuals of a candidate X for A (see PenroseResiduals); all ~ε for X = A⁺.
 * @example penroseResiduals(new Matrix([[2]]), new Matrix([[0.5]])).aXa === 0
 */
export function penroseResiduals(A: Matrix, X: Matrix): PenroseResiduals {
  const a = A.norm('frobenius');
  const x = X.norm('frobenius');
  const AX = A.mmul(X);
  const XA = X.mmul(A);
  const safe = (r: number, s: number) => (s > 0 ? r / s : r === 0 ? 0 : Infinity);
  return {
    aXa: safe(AX.mmul(A).sub(A).norm('frobenius'), a * a * x),
    xAx: safe(XA.mmul(X).sub(X).norm('frobenius'), a * x * x),
    axSymmetry: safe(AX.clone().sub(AX.transpose()).norm('frobenius'), a * x),
    xaSymmetry: safe(XA.clone().sub(XA.transpose()).norm('frobenius'), a * x),
    condition: a * x,
  };
}

/**
 * Minimum-norm interpolant of labels y by n points x_i ∈ R^d (point-major `Xdn[i*d + k]`, the transpose of
 * the slides' X ∈ R^{d×n}): w = X(XᵀX)⁻¹y = argmin ‖w‖ s.t. ⟨w, x_i⟩ = y_i, computed as w = M⁺y for the n×d
 * matrix M of rows x_i and verified by the Penrose identities and the interpolation residual
 * max_i |⟨w, x_i⟩ − y_i| / (max_i ‖x_i‖‖w‖ + ‖y‖_∞) ≤ tol. Throws AssumptionError when no interpolant exists
 * (y outside the range of M, e.g. n > d with generic data).
 *
 * @example
 * // x1 = (1, 0, 0), x2 = (0, 1, 0), y = (1, −1): w = (1, −1, 0)
 * minNormInterpolant(new Float64Array([1, 0, 0, 0, 1, 0]), 2, 3, [1, -1]).w; // Float64Array [1, -1, 0]
 */
export function minNormInterpolant(
  Xdn: Float64Array,
  n: number,
  d: number,
  y: ArrayLike<number>,
  opts: PinvOptions = {},
): { w: Float64Array; pinv: Matrix; residuals: PenroseResiduals & { normalEquations: number; interpolation: number } } {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`minNormInterpolant: need integers n ≥ 1, d ≥ 1; got n=${n}, d=${d}`);
  }
  if (Xdn.length !== n * d) throw new RangeError(`minNormInterpolant: data have ${Xdn.length} entries, expected ${n}·${d}`);
  if (y.length !== n) throw new RangeError(`minNormInterpolant: y has ${y.length} entries, expected n = ${n}`);
  const M = new Matrix(n, d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) M.set(i, k, Xdn[i * d + k]);
  const { x: w, pinv, residuals } = minNormLeastSquares(M, y, opts);
  const tol = opts.tol ?? PINV_TOL;
  let maxRow = 0;
  let worst = 0;
  let yMax = 0;
  let wNorm = 0;
  for (const v of w) wNorm += v * v;
  wNorm = Math.sqrt(wNorm);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let r = 0;
    for (let k = 0; k < d; k++) (s += Xdn[i * d + k] * w[k]), (r += Xdn[i * d + k] ** 2);
    worst = Math.max(worst, Math.abs(s - y[i]));
    maxRow = Math.max(maxRow, Math.sqrt(r));
    yMax = Math.max(yMax, Math.abs(y[i]));
  }
  const interpolation = worst / Math.max(maxRow * wNorm + yMax, Number.MIN_VALUE);
  if (!(interpolation <= tol)) {
    throw new AssumptionError(
      `minNormInterpolant [n=${n}, d=${d}]: no interpolant: the verified least-squares solution leaves ` +
        `max_i |⟨w,x_i⟩ − y_i| = ${fmt(worst)} (scaled ${fmt(interpolation)} > tol ${tol}); y is not in the range of the data`,
    );
  }
  return { w, pinv, residuals: { ...residuals, interpolation } };
}

/** ‖Aᵀ(Ax − b)‖ / (‖A‖(‖A‖‖x‖ + ‖b‖)): zero at any least-squares solution. */
function normalEquationResidual(A: Matrix, x: Matrix, b: Matrix): number {
  const a = A.norm('frobenius');
  const g = A.transpose().mmul(A.mmul(x).sub(b)).norm('frobenius');
  const s = a * (a * x.norm('frobenius') + b.norm('frobenius'));
  return s > 0 ? g / s : g === 0 ? 0 : Infinity;
}

function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}

/**
 * The closed forms of seed 001's least-squares slides (the slide's X ∈ R^{d×n}, the limit and the k-th iterate
 * as written, and as derived) compared with GD's iterates: the machinery of the ls-iterate-closed-form and
 * ls-min-norm-formula claims. least-squares.ts holds the problem, the reference and the methods.
 */
import fc from 'fast-check';
import { Matrix, inverse } from 'ml-matrix';
import { singularRange } from '../data/least-squares.js';
import { distance, gdStep, gradientDescent, lsInput, lsReference, norm, traceOptimizer, type LsInput } from './least-squares.js';

/** σ range of an arbitrary point-major matrix (re-exported for the as-written claims, which allow d = n). */
export { singularRange };

/** The slides' X ∈ R^{d×n} (points as columns) as a matrix. */
export function slideX(X: Float64Array, n: number, d: number): Matrix {
  const M = new Matrix(d, n);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) M.set(k, i, X[i * d + k]);
  return M;
}

/** A product whose factors do not conform: the formula is undefined as written (a measurement, not a bug). */
export class DimensionMismatch extends Error {
  override name = 'DimensionMismatch';
  constructor(readonly left: string, readonly leftShape: [number, number], readonly right: string, readonly rightShape: [number, number]) {
    super(`${left} is ${leftShape[0]}×${leftShape[1]} but ${right} is ${rightShape[0]}×${rightShape[1]}: the product ${left}·${right} is undefined`);
  }
}

/**
 * A·B with the shapes checked (ml-matrix only warns on a mismatch). A 1×1 left factor is read as a scalar, the
 * usual convention (so for n = 1 the slide's (XᵀX)⁻¹Xy = Xy/‖x‖² is defined — and right).
 */
export function product(a: Matrix, aName: string, b: Matrix, bName: string): Matrix {
  if (a.rows === 1 && a.columns === 1) return b.clone().mul(a.get(0, 0));
  if (a.columns !== b.rows) throw new DimensionMismatch(aName, [a.rows, a.columns], bName, [b.rows, b.columns]);
  return a.mmul(b);
}

/** The slide's limit as written, w_∞ = (XᵀX)⁻¹ X y, evaluated literally (throws DimensionMismatch unless d = n). */
export function slideLimitAsWritten(X: Float64Array, n: number, d: number, y: Float64Array): Float64Array {
  const Xs = slideX(X, n, d);
  const gramInv = inverse(product(Xs.transpose(), 'Xᵀ', Xs, 'X')); // Gram matrix of a full-rank X: invertible
  const Xy = product(Xs, 'X', Matrix.columnVector(Array.from(y)), 'y');
  return Float64Array.from(product(gramInv, '(XᵀX)⁻¹', Xy, 'Xy').getColumn(0));
}

/**
 * The slide's closed form of the GD iterates, evaluated with explicit d×d matrix powers for i = 0..K:
 * CF_i = (I − γXXᵀ)^i w_0 + γ Σ_{j=0}^{i−1} (I − γXXᵀ)^j X y.
 */
export function closedFormSequence(p: { X: Float64Array; y: Float64Array; n: number; d: number }, gamma: number, w0: Float64Array, K: number): Float64Array[] {
  const Xs = slideX(p.X, p.n, p.d);
  const A = Matrix.eye(p.d).sub(Xs.mmul(Xs.transpose()).mul(gamma));
  const Xy = Xs.mmul(Matrix.columnVector(Array.from(p.y)));
  const w0v = Matrix.columnVector(Array.from(w0));
  let power = Matrix.eye(p.d);
  const sum = Matrix.zeros(p.d, p.d);
  const out: Float64Array[] = [];
  for (let i = 0; i <= K; i++) {
    out.push(Float64Array.from(power.mmul(w0v).add(sum.mmul(Xy).mul(gamma)).getColumn(0)));
    sum.add(power);
    power = power.mmul(A);
  }
  return out;
}

/**
 * Rounding tolerance of CF_i against the GD iterate, relative to ‖w_0‖ + iγ‖Xy‖ (a bound on the size of the
 * summed terms, ‖I − γXXᵀ‖ ≤ 1): both are sums of i matrix-vector products of length d, so they agree to
 * O(i·d·ε). Measured worst over 300 draws (i ≤ 60, d ≤ 12, γσ_max² ∈ [0.05, 1.95]): 0.13·ε·i·d; the
 * tolerance 4·ε·max(i, 1)·d leaves a factor 30.
 */
export function closedFormTolerance(i: number, d: number): number {
  return 4 * Number.EPSILON * Math.max(i, 1) * d;
}

/** One comparison of GD's iterates w_{i+shift} with the slide's closed form CF_i, i = 0..k. */
export interface ClosedFormComparison {
  /** i = 0..k */
  index: number[];
  /** ‖w_{i+shift} − CF_i‖ / (‖w_0‖ + iγ‖Xy‖) */
  relDiff: number[];
  tolerance: number[];
  /** first i with relDiff > tolerance, or −1 */
  firstBreak: number;
  gamma: number;
}

/**
 * Runs GD with step `gdGamma` (default γ, a mutant passes another) from w_0 and compares w_{i+shift} with CF_i
 * computed with γ. shift = 0 is the corrected statement (CF_i is the i-th iterate), shift = 1 the slide's index.
 */
export function compareClosedForm(input: LsInput & { k: number }, opts: { shift: 0 | 1; gdGammaScale?: number }): ClosedFormComparison {
  const { p, w0, fraction, k } = input;
  const ref = lsReference(p);
  const { gamma } = gdStep(ref, fraction);
  const cf = closedFormSequence(p, gamma, w0, k);
  const gd = traceOptimizer(gradientDescent({ eta: gamma * (opts.gdGammaScale ?? 1) }), ref.objective, w0, k + opts.shift, 1.0000001);
  const xy = norm(Float64Array.from(slideX(p.X, p.n, p.d).mmul(Matrix.columnVector(Array.from(p.y))).getColumn(0)));
  const index: number[] = [];
  const relDiff: number[] = [];
  const tolerance: number[] = [];
  for (let i = 0; i <= k; i++) {
    index.push(i);
    relDiff.push(distance(gd.w[i + opts.shift], cf[i]) / (norm(w0) + i * gamma * xy || 1));
    tolerance.push(closedFormTolerance(i, p.d));
  }
  return { index, relDiff, tolerance, firstBreak: relDiff.findIndex((r, i) => r > tolerance[i]), gamma };
}

/** Largest k of the closed-form claims: enough for the powers to matter, small enough to evaluate them exactly. */
export const CLOSED_FORM_MAX_K = 40;

/**
 * A problem, a start and a step (see lsInput) with an index k ∈ [0, CLOSED_FORM_MAX_K]. `start: 'teacher'`
 * starts GD at the planted teacher w*, an interpolant and hence a fixed point of GD.
 */
export function closedFormInput(start: 'random' | 'teacher' = 'random'): fc.Arbitrary<LsInput & { k: number }> {
  return fc.tuple(lsInput({ start: 'random' }), fc.integer({ min: 0, max: CLOSED_FORM_MAX_K })).map(([inp, k]) => ({
    ...inp,
    w0: start === 'teacher' ? Float64Array.from(inp.p.teacher) : inp.w0,
    k,
  }));
}


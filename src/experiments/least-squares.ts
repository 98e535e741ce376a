import fc from 'fast-check';
import { Matrix, inverse } from 'ml-matrix';
import { leastSquaresProblem, singularRange, verifyLeastSquares, type LeastSquaresOptions, type LeastSquaresProblem } from '../data/least-squares.js';
import { AssumptionError } from '../harness/errors.js';
import { adam, coordinateDescent, heavyBall, leastSquaresObjective, nesterov, rngUniform, runOptimizer, seedRng, sgd, signDescent, type SgdState } from '../optimizers/index.js';
import { roleOptimizer } from '../impl/run-role.js';
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import { checkDims, checkPositive } from '../optimizers/validate.js';
import { minNormInterpolant } from '../solvers/pinv.js';

/**
 * Shared machinery of the section-B claims (seed 001, "GD + LS = a red herring"): the slide's gradient descent
 * as an init/update pair, the verified min-norm reference with projectors onto span{x_i} and its complement,
 * and the generated inputs (a problem, a start, a step).
 */

/** Plain gradient descent w ← w − η∇F(w); on F = ½‖Xᵀw − y‖² this is the slide's w_{k+1} = w_k − γX(Xᵀw_k − y). */
export interface GdState extends OptState {
  readonly g: Float64Array;
}
export function gradientDescent(opts: { eta: number; weightDecay?: number }): Optimizer<GdState> {
  const name = opts.weightDecay ? 'gd+weight-decay' : 'gd';
  const eta = checkPositive(name, 'eta', opts.eta);
  const lambda = opts.weightDecay ?? 0;
  return {
    name,
    params: { eta, weightDecay: lambda },
    init(w0, obj) {
      checkDims(name, w0, obj);
      return { w: Float64Array.from(w0), t: 0, g: new Float64Array(w0.length) };
    },
    update(s, obj) {
      obj.valueAndGrad(s.w, s.g);
      for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * (s.g[k] + lambda * s.w[k]);
      s.t++;
    },
  };
}

/** The verified references of one problem. */
export interface LsReference {
  readonly p: LeastSquaresProblem;
  /** X(XᵀX)⁻¹y = (Xᵀ)⁺y, the minimum-norm interpolant (pinv verified by the Penrose identities) */
  readonly wMinNorm: Float64Array;
  readonly sigmaMin: number;
  readonly sigmaMax: number;
  /** orthogonal projection onto span{x_i} (= M⁺M, M the n×d matrix of the points) */
  projectSpan(v: Float64Array): Float64Array;
  /** v − projectSpan(v), the part no span method can create */
  projectNull(v: Float64Array): Float64Array;
  /** ‖Xᵀw − y‖ */
  residual(w: Float64Array): number;
  objective: Objective;
}

export function lsReference(p: LeastSquaresProblem): LsReference {
  const { sigmaMin, sigmaMax } = verifyLeastSquares(p);
  const { w, pinv } = minNormInterpolant(p.X, p.n, p.d, p.y);
  const M = new Matrix(p.n, p.d);
  for (let i = 0; i < p.n; i++) for (let k = 0; k < p.d; k++) M.set(i, k, p.X[i * p.d + k]);
  const P = pinv.mmul(M);
  const projectSpan = (v: Float64Array) => Float64Array.from(P.mmul(Matrix.columnVector(Array.from(v))).getColumn(0));
  return {
    p,
    wMinNorm: w,
    sigmaMin,
    sigmaMax,
    projectSpan,
    projectNull: (v) => {
      const s = projectSpan(v);
      return v.map((x, k) => x - s[k]);
    },
    residual: (v) => {
      let r = 0;
      for (let i = 0; i < p.n; i++) {
        let s = -p.y[i];
        for (let k = 0; k < p.d; k++) s += p.X[i * p.d + k] * v[k];
        r += s * s;
      }
      return Math.sqrt(r);
    },
    objective: leastSquaresObjective(p.X, p.y),
  };
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

/**
 * GD's step γ = fraction/σ_max², refused (AssumptionError) unless 0 < γ < 2/σ_max², the slide's condition.
 * Returns γ and the contraction factor of I − γXXᵀ on span{x_i}: ρ = max(|1 − γσ_min²|, |1 − γσ_max²|) < 1.
 */
export function gdStep(ref: LsReference, fraction: number): { gamma: number; rho: number } {
  const gamma = fraction / ref.sigmaMax ** 2;
  if (!(gamma > 0 && gamma < 2 / ref.sigmaMax ** 2))
    throw new AssumptionError(`least squares GD: step γ = ${gamma} is not in (0, 2/σ_max²) = (0, ${(2 / ref.sigmaMax ** 2).toPrecision(6)})`);
  return { gamma, rho: Math.max(Math.abs(1 - gamma * ref.sigmaMin ** 2), Math.abs(1 - gamma * ref.sigmaMax ** 2)) };
}

/** A run recorded at geometric checkpoints (t = 0 included). */
export interface LsTrace {
  t: number[];
  w: Float64Array[];
}

/**
 * Runs an optimizer from w0 for at most `steps` updates on the objective, recording w at checkpoints (growth
 * factor `ratio`); stops at the first checkpoint where `stop(w)` holds.
 */
export function traceOptimizer<S extends OptState>(opt: Optimizer<S>, obj: Objective, w0: Float64Array, steps: number, ratio = 1.25, stop?: (w: Float64Array) => boolean): LsTrace {
  const trace: LsTrace = { t: [0], w: [Float64Array.from(w0)] };
  runOptimizer(opt, obj, w0, steps, (s) => {
    trace.t.push(s.t);
    trace.w.push(Float64Array.from(s.w));
    return !(stop && stop(s.w));
  }, { ratio });
  return trace;
}

/** A generated problem with a start w0 ∈ [−1, 1]^d and a step fraction γσ_max² ∈ [0.05, 1.95]. */
export interface LsInput {
  p: LeastSquaresProblem;
  w0: Float64Array;
  fraction: number;
}

const MAX_D = 12; // leastSquaresProblem's default: n ≤ 6 points, s ≤ 6 shared coordinates

/**
 * A problem (default options of leastSquaresProblem), a start (zero unless `start: 'random'`, then w0 ∈
 * [−1, 1]^d on a 1/1000 grid) and a step fraction in [0.05, 1.95] of 1/σ_max² — the whole admissible range
 * (0, 2) short of its ends, where the contraction factor tends to 1 and no budget converges.
 */
export function lsInput(opts: { start?: 'zero' | 'random'; problem?: LeastSquaresOptions } = {}): fc.Arbitrary<LsInput> {
  const coord = fc.noBias(fc.integer({ min: -1000, max: 1000 }));
  return fc
    .record({
      p: leastSquaresProblem(opts.problem),
      raw: fc.array(coord, { minLength: MAX_D, maxLength: MAX_D }),
      fraction: fc.integer({ min: 5, max: 195 }).map((k) => k / 100),
    })
    .map(({ p, raw, fraction }) => {
      const w0 = new Float64Array(p.d);
      if (opts.start === 'random') for (let k = 0; k < p.d; k++) w0[k] = raw[k % MAX_D] / 1000;
      return { p, w0, fraction };
    });
}

/** The input as plain JSON for reports and counterexamples. */
export function describeLs(input: { p: LeastSquaresProblem; w0?: Float64Array; fraction?: number }): unknown {
  const { p } = input;
  const points: number[][] = [];
  for (let i = 0; i < p.n; i++) points.push(Array.from(p.X.subarray(i * p.d, (i + 1) * p.d)));
  return { n: p.n, d: p.d, points, y: Array.from(p.y), teacher: Array.from(p.teacher), w0: input.w0 && Array.from(input.w0), stepFraction: input.fraction };
}

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

/** An optimizer of a method table, built for one problem (steps may depend on its spectrum). */
export interface LsMethod {
  /** short key for figure names */
  key: string;
  /** name in reports, with its hyperparameters */
  label: string;
  make(ref: LsReference): Optimizer<OptState>;
  /** the start: 0, or a random w0 (for "GD from w_0 ∉ span") */
  start: 'zero' | 'random';
  /** step budget */
  maxSteps: number;
}

function maxRowNormSq(p: LeastSquaresProblem): number {
  let m = 0;
  for (let i = 0; i < p.n; i++) {
    let s = 0;
    for (let k = 0; k < p.d; k++) s += p.X[i * p.d + k] ** 2;
    m = Math.max(m, s);
  }
  return m;
}

/**
 * The span methods of the claim, each with steps that converge on every problem (L = σ_max², μ = σ_min², κ = L/μ):
 * - SGD, one example per step, reshuffled epochs, η = 1/(n·max‖x_i‖²): with the sum objective the step on
 *   example i is nη(⟨x_i, w⟩ − y_i)x_i, at most a full projection onto {⟨x_i, w⟩ = y_i} (randomized Kaczmarz);
 * - heavy ball with Polyak's tuning for quadratics, η = 4/(√L + √μ)², β = ((√κ − 1)/(√κ + 1))²;
 * - Nesterov with η = 1/L, β = (√κ − 1)/(√κ + 1).
 * From w_0 = 0 every update is a combination of the x_i (gradients of the data terms), so the iterates stay in
 * span{x_i}.
 * The three come from roleOptimizer: the reference, or the implementation under test when one is selected.
 */
export const SPAN_METHODS: LsMethod[] = [
  { key: 'sgd', label: 'sgd (b = 1, η = 1/(n max‖x_i‖²))', start: 'zero', maxSteps: 50_000, make: (r) => roleOptimizer('sgd', { eta: 1 / (r.p.n * maxRowNormSq(r.p)), seed: 1, batchSize: 1 }) },
  {
    key: 'heavyBall',
    label: 'heavy ball (Polyak tuning)',
    start: 'zero',
    maxSteps: 20_000,
    make: (r) => {
      const [L, mu] = [r.sigmaMax ** 2, r.sigmaMin ** 2];
      const q = (Math.sqrt(L / mu) - 1) / (Math.sqrt(L / mu) + 1);
      return roleOptimizer('heavyBall', { eta: 4 / (Math.sqrt(L) + Math.sqrt(mu)) ** 2, momentum: q * q });
    },
  },
  {
    key: 'nesterov',
    label: 'nesterov (η = 1/L, β = (√κ−1)/(√κ+1))',
    start: 'zero',
    maxSteps: 20_000,
    make: (r) => roleOptimizer('nesterov', { eta: 1 / r.sigmaMax ** 2, momentum: (Math.sqrt(r.sigmaMax ** 2 / r.sigmaMin ** 2) - 1) / (Math.sqrt(r.sigmaMax ** 2 / r.sigmaMin ** 2) + 1) }),
  },
];

/**
 * Methods whose iterates leave span{x_i}: Adam (per-coordinate scaling), sign descent (the l∞ steepest-descent
 * step η‖g‖₁ sign g), greedy coordinate descent (Armijo steps on one coordinate), and GD itself from a random
 * w_0 (whose component outside the span it never changes). Hyperparameters: those the optimizer table
 * (test/optimizers/table.ts) shows converge on least squares; GD with γ = 1/σ_max².
 */
export const NON_SPAN_METHODS: LsMethod[] = [
  { key: 'adam', label: 'adam (η = 1e-2)', start: 'zero', maxSteps: 200_000, make: () => adam({ eta: 1e-2 }) },
  { key: 'signDescent', label: 'sign descent (η = 0.02, step η‖g‖₁ sign g)', start: 'zero', maxSteps: 50_000, make: () => signDescent({ eta: 0.02 }) },
  { key: 'coordinateDescent', label: 'coordinate descent (Armijo, η = 1)', start: 'zero', maxSteps: 50_000, make: () => coordinateDescent({ eta: 1 }) },
  { key: 'gdRandomStart', label: 'gd from a random w_0 (γ = 1/σ_max²)', start: 'random', maxSteps: 50_000, make: (r) => gradientDescent({ eta: 1 / r.sigmaMax ** 2 }) },
];

/**
 * A broken "SGD" for negative controls: SGD (as in SPAN_METHODS) plus, after every step, a random perturbation
 * of size 0.1·0.99^t in every coordinate (a bug that adds noise, decaying so that the run still converges). The
 * perturbations leave span{x_i} and their part outside it is never removed: the run interpolates, but its
 * limit is w_mn plus a random null-space vector.
 */
export function perturbedSgd(eta: number, seed = 1): Optimizer<SgdState & { noise: Uint32Array }> {
  const inner = sgd({ eta, seed });
  return {
    name: 'sgd+perturbation',
    params: { ...inner.params, perturbation: '0.1·0.99^t' },
    init(w0, obj) {
      return Object.assign(inner.init(w0, obj), { noise: seedRng(seed + 1) });
    },
    update(s, obj) {
      inner.update(s, obj);
      const size = 0.1 * 0.99 ** s.t;
      for (let k = 0; k < s.w.length; k++) s.w[k] += size * (2 * rngUniform(s.noise) - 1);
    },
  };
}

export const PERTURBED_SGD: LsMethod = {
  key: 'perturbedSgd',
  label: 'sgd + perturbation 0.1·0.99^t (leaves the span)',
  start: 'zero',
  maxSteps: 50_000,
  make: (r) => perturbedSgd(1 / (r.p.n * maxRowNormSq(r.p))),
};

/** A run of a table method on one problem: its trace, and the start it used. */
export function runMethod(m: LsMethod, ref: LsReference, w0Random: Float64Array, stop: (w: Float64Array) => boolean): { trace: LsTrace; w0: Float64Array } {
  const w0 = m.start === 'random' ? w0Random : new Float64Array(ref.p.d);
  return { trace: traceOptimizer(m.make(ref), ref.objective, w0, m.maxSteps, 1.25, stop), w0 };
}

import fc from 'fast-check';
import { Matrix } from 'ml-matrix';
import { leastSquaresProblem, verifyLeastSquares, type LeastSquaresOptions, type LeastSquaresProblem } from '../data/least-squares.js';
import { AssumptionError } from '../harness/errors.js';
import { leastSquaresObjective, runOptimizer } from '../optimizers/index.js';
import { referenceSubject, type Subject } from '../impl/subject.js';
import type { GuardedOptimizer } from '../impl/guard.js';
import { withPerturbation } from '../impl/wrappers.js';
import type { Hyper, OptimizerRole } from '../impl/interface.js';
import { stagedTrace } from './staged-trace.js';
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

/** An optimizer of a method table, built for one problem (steps may depend on its spectrum). */
export interface LsMethod {
  /** short key for figure names */
  key: string;
  /** name in reports, with its hyperparameters */
  label: string;
  /** the optimizer for one problem; the span methods take theirs from the subject under test by role */
  make(ref: LsReference, subject: Subject): Optimizer<OptState>;
  /** the subject's role and hyperparameters behind `make`, when it is one (runMethod then runs it by stagedTrace) */
  role?: { role: OptimizerRole; hyper(ref: LsReference): Hyper };
  /** the start: 0, or a random w0 (for "GD from w_0 ∉ span") */
  start: 'zero' | 'random';
  /** step budget */
  maxSteps: number;
}

/** A method that is the subject's optimizer of one role: `make` and `role` from the same hyperparameters. */
function byRole(role: OptimizerRole, hyper: (r: LsReference) => Hyper): Pick<LsMethod, 'make' | 'role'> {
  return { role: { role, hyper }, make: (r, s) => s.optimizer(role, hyper(r)) };
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
 * The three come from the subject under test by role (our reference in `claims run`).
 */
export const SPAN_METHODS: LsMethod[] = [
  { key: 'sgd', label: 'sgd (b = 1, η = 1/(n max‖x_i‖²))', start: 'zero', maxSteps: 50_000, ...byRole('sgd', (r) => ({ eta: 1 / (r.p.n * maxRowNormSq(r.p)), seed: 1, batchSize: 1 })) },
  {
    key: 'heavyBall',
    label: 'heavy ball (Polyak tuning)',
    start: 'zero',
    maxSteps: 20_000,
    ...byRole('heavyBall', (r) => {
      const [L, mu] = [r.sigmaMax ** 2, r.sigmaMin ** 2];
      const q = (Math.sqrt(L / mu) - 1) / (Math.sqrt(L / mu) + 1);
      return { eta: 4 / (Math.sqrt(L) + Math.sqrt(mu)) ** 2, momentum: q * q };
    }),
  },
  {
    key: 'nesterov',
    label: 'nesterov (η = 1/L, β = (√κ−1)/(√κ+1))',
    start: 'zero',
    maxSteps: 20_000,
    ...byRole('nesterov', (r) => ({ eta: 1 / r.sigmaMax ** 2, momentum: (Math.sqrt(r.sigmaMax ** 2 / r.sigmaMin ** 2) - 1) / (Math.sqrt(r.sigmaMax ** 2 / r.sigmaMin ** 2) + 1) })),
  },
];

/**
 * Methods whose iterates leave span{x_i}: Adam (per-coordinate scaling), sign descent (the l∞ steepest-descent
 * step η‖g‖₁ sign g), greedy coordinate descent (Armijo steps on one coordinate), and GD itself from a random
 * w_0 (whose component outside the span it never changes), each the subject's role. Hyperparameters: those the
 * optimizer table (test/optimizers/table.ts) shows converge on least squares; GD with γ = 1/σ_max².
 */
export const NON_SPAN_METHODS: LsMethod[] = [
  { key: 'adam', label: 'adam (η = 1e-2)', start: 'zero', maxSteps: 200_000, ...byRole('adam', () => ({ eta: 1e-2 })) },
  { key: 'signDescent', label: 'sign descent (η = 0.02, step η‖g‖₁ sign g)', start: 'zero', maxSteps: 50_000, ...byRole('signDescent', () => ({ eta: 0.02 })) },
  { key: 'coordinateDescent', label: 'coordinate descent (Armijo, η = 1)', start: 'zero', maxSteps: 50_000, ...byRole('coordinateDescent', () => ({ eta: 1, lineSearch: 'armijo' })) },
  { key: 'gdRandomStart', label: 'gd from a random w_0 (γ = 1/σ_max²)', start: 'random', maxSteps: 50_000, ...byRole('gd', (r) => ({ eta: 1 / r.sigmaMax ** 2 })) },
];

export const PERTURBED_SGD: LsMethod = {
  key: 'perturbedSgd',
  label: 'sgd + perturbation 0.1·0.99^t (leaves the span)',
  start: 'zero',
  maxSteps: 50_000,
  // the subject's SGD (as in SPAN_METHODS) wrapped by a decaying random perturbation (src/impl/wrappers.ts)
  make: (r, s) => withPerturbation(s.optimizer('sgd', { eta: 1 / (r.p.n * maxRowNormSq(r.p)), seed: 1, batchSize: 1 }), 2),
};

/** A run of a table method on one problem: its trace, and the start it used. */
export function runMethod(m: LsMethod, ref: LsReference, w0Random: Float64Array, stop: (w: Float64Array) => boolean, subject: Subject = referenceSubject): { trace: LsTrace; w0: Float64Array } {
  const w0 = m.start === 'random' ? w0Random : new Float64Array(ref.p.d);
  // a role's whole runs go to the implementation's batched hook (one message per stage instead of per step)
  if (m.role) return { trace: stagedTrace(subject, m.role.role, m.role.hyper(ref), ref.objective, w0, m.maxSteps, 1.25, stop), w0 };
  const opt = m.make(ref, subject);
  const trace = traceOptimizer(opt, ref.objective, w0, m.maxSteps, 1.25, stop);
  (opt as Partial<GuardedOptimizer>).verifyInputs?.(); // a subject's optimizer: w0 and the data untouched
  return { trace, w0 };
}

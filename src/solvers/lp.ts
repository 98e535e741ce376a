import highsLoader, { type Highs } from 'highs';
import { AssumptionError, SolverVerificationError } from '../harness/errors.js';
import { allFinite } from '../linalg/vec.js';

/**
 * Maximal margins in the l1 and l∞ geometries, and the game value of a weak-learner matrix, by linear
 * programming (HiGHS compiled to wasm), each PROVED by a primal–dual pair recomputed here from Z alone.
 *
 *   γ̄_p = max_{‖w‖_p ≤ 1} min_i ⟨w, z_i⟩ = min_{λ ∈ Δ_n} ‖Σ_i λ_i z_i‖_q      (1/p + 1/q = 1)
 *
 * (minimax theorem; steepest descent in ‖·‖_p converges in direction to the l_p max-margin separator,
 * Gunasekar et al. 2018; AdaBoost is coordinate descent, the l1 case). Certificate: for any feasible w and
 * any λ in the simplex Δ_n, min_i ⟨w, z_i⟩ ≤ ⟨w, Σλ_i z_i⟩ ≤ ‖w‖_p ‖Σλ_i z_i‖_q ≤ ‖Σλ_i z_i‖_q, so
 * γ̄_p ∈ [min_i⟨w, z_i⟩, ‖Σλ_i z_i‖_q]; the solver's answer is accepted when the interval is short.
 * For the weak-learner matrix the feasible set is the simplex (a ≥ 0, Σa = 1) and the dual value is
 * max_j (Σλ_i z_i)_j (von Neumann's game value).
 */

/** Which norm ball: 1 (l1, the AdaBoost/coordinate-descent geometry) or 'inf' (l∞, sign descent). */
export type MarginNorm = 1 | 'inf';

/** The feasible set of w: the l1 ball, the l∞ ball, or the probability simplex (weak-learner weights). */
export type MarginSet = 'l1' | 'linf' | 'simplex';

/** A max-margin LP instance: maximize t s.t. ⟨w, z_i⟩ ≥ t (i < n), w in `set`. Z point-major n×d. */
export interface MarginLp {
  readonly Z: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly set: MarginSet;
}

/** An unverified LP answer: w, the reported objective t, and raw multipliers of the n margin rows (any sign). */
export interface LpCandidate {
  readonly w: Float64Array;
  readonly objective: number;
  readonly rowDuals: Float64Array;
}

/** Solves a MarginLp (HiGHS by default; tests inject perturbed answers). */
export type LpCandidateSolver = (lp: MarginLp) => Promise<LpCandidate>;

export interface LpOptions {
  /** Acceptance tolerance on the relative duality gap, objective mismatch and feasibility (default LP_TOL). */
  readonly tol?: number;
  readonly solve?: LpCandidateSolver;
}

export interface LpMarginSolution {
  /** The maximizer, renormalized to ‖w‖_p = 1 exactly (simplex: a ≥ 0, Σa = 1). */
  readonly w: Float64Array;
  /** min_i ⟨w, z_i⟩ recomputed for the returned w: a certified lower bound on γ̄_p (and equal to it within dualGap). */
  readonly gamma: number;
  /** ‖Σλ_i z_i‖_q for the dual certificate λ: a certified upper bound on γ̄_p. */
  readonly gammaUpper: number;
  /** The dual certificate λ ∈ Δ_n (weights on the points; positive only on support points). */
  readonly lambda: Float64Array;
  /** (gammaUpper − gamma)/|gammaUpper|: relative duality gap. */
  readonly dualGap: number;
  /** Constraint violation of the solver's raw w (norm ball or simplex), before renormalization. */
  readonly primalFeasibility: number;
  /** |t − min_i⟨w_raw, z_i⟩| / max_i‖z_i‖_q: the reported objective against the recomputed margin. */
  readonly objectiveMismatch: number;
}

/**
 * Acceptance tolerance: HiGHS's default primal/dual feasibility tolerances are 1e-7, so its answers are
 * accurate to about that; the measured relative gaps are ~1e-12 (l1) and ~1e-14 (l∞) at n = 200, d = 50
 * (test/solvers/lp.test.ts prints them), so 1e-7 is loose enough for HiGHS and still refuses an answer off by 1e-5.
 */
export const LP_TOL = 1e-7;

/**
 * Below this relative dual value the data count as not separable: γ̄ ≤ ‖Σλ_i z_i‖_q ≤ 1e-10·max_i‖z_i‖_q.
 */
const NOT_SEPARABLE_RELATIVE = 1e-10;

/**
 * The l_p max margin γ̄_p = max_{‖w‖_p ≤ 1} min_i ⟨w, z_i⟩ for p ∈ {1, ∞}, verified by duality.
 * l1: w = u − v, u, v ≥ 0, Σ(u + v) ≤ 1; l∞: −1 ≤ w_k ≤ 1. Throws AssumptionError when γ̄_p ≤ 0 (certified
 * by λ ∈ Δ_n with Σλ_i z_i ≈ 0), SolverVerificationError when the gap exceeds tol.
 *
 * @example
 * // z1 = (1,0), z2 = (0,1): γ̄_1 = 1/2 at w = (½,½); γ̄_∞ = 1 at w = (1,1)
 * (await maxMarginLp(new Float64Array([1, 0, 0, 1]), 2, 2, 1)).gamma; // 0.5
 */
export async function maxMarginLp(
  Z: Float64Array,
  n: number,
  d: number,
  p: MarginNorm,
  opts: LpOptions = {},
): Promise<LpMarginSolution> {
  if (p !== 1 && p !== 'inf') throw new RangeError(`maxMarginLp: p must be 1 or 'inf', got ${String(p)}`);
  checkLpInput('maxMarginLp', Z, n, d);
  return solveAndCertify({ Z, n, d, set: p === 1 ? 'l1' : 'linf' }, opts);
}

/**
 * Game value of a weak-learner matrix: max_{a ≥ 0, Σa = 1} min_i y_i (H a)_i, with H point-major n×m
 * (`H[i*m + j]` = h_j(x_i), typically ±1). This is the l1 case on z_i = y_i H_i restricted to a ≥ 0
 * (it equals maxMarginLp(·, 1) when the class of learners is closed under negation). Throws AssumptionError
 * when the value is ≤ 0 (no weak-learning edge), SolverVerificationError when it cannot be verified.
 *
 * @example
 * // H = [[1, 1], [1, -1]] (rows = points), y = (1, 1): learner 0 is right on both points, a = (1, 0), value 1
 * (await maxMarginLpMatrix(new Float64Array([1, 1, 1, -1]), new Float64Array([1, 1]), 2, 2)).gamma; // 1
 */
export async function maxMarginLpMatrix(
  H: Float64Array,
  y: Float64Array,
  n: number,
  m: number,
  opts: LpOptions = {},
): Promise<LpMarginSolution> {
  checkLpInput('maxMarginLpMatrix', H, n, m);
  if (y.length !== n) throw new RangeError(`maxMarginLpMatrix: y has ${y.length} entries, expected n = ${n}`);
  if (!allFinite(y)) throw new AssumptionError(`maxMarginLpMatrix: a label is not finite [n=${n}]`);
  const Z = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) Z[i * m + j] = y[i] * H[i * m + j];
  return solveAndCertify({ Z, n, d: m, set: 'simplex' }, opts);
}

let highsInstance: Promise<Highs> | null = null;

/** The HiGHS wasm runtime, loaded once (offline, ~30–50 ms). */
export function loadHighs(): Promise<Highs> {
  highsInstance ??= highsLoader();
  return highsInstance;
}

/**
 * HiGHS on the margin LP. Columns: l1 → (u_1..u_d, v_1..v_d, t); linf and simplex → (w_1..w_d, t).
 * Rows 0..n−1: ⟨w, z_i⟩ − t ≥ 0; row n: Σ(u+v) ≤ 1 (l1) or Σa = 1 (simplex). Maximize t.
 */
export async function highsMarginLp(lp: MarginLp): Promise<LpCandidate> {
  const highs = await loadHighs();
  const { Z, n, d, set } = lp;
  const split = set === 'l1';
  const nw = split ? 2 * d : d;
  const numCols = nw + 1;
  const inf = highs.infinity;
  const extraRow = set === 'linf' ? 0 : 1;
  const numRows = n + extraRow;
  const starts = new Int32Array(numRows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const z = Z[i * d + k];
      if (z === 0) continue;
      indices.push(k);
      values.push(z);
      if (split) {
        indices.push(d + k);
        values.push(-z);
      }
    }
    indices.push(nw);
    values.push(-1);
    starts[i + 1] = indices.length;
  }
  if (extraRow) {
    for (let k = 0; k < nw; k++) {
      indices.push(k);
      values.push(1);
    }
    starts[n + 1] = indices.length;
  }
  const colLower = new Float64Array(numCols).fill(set === 'linf' ? -1 : 0);
  const colUpper = new Float64Array(numCols).fill(set === 'linf' ? 1 : inf);
  colLower[nw] = -inf;
  colUpper[nw] = inf;
  const colCost = new Float64Array(numCols);
  colCost[nw] = 1;
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows).fill(inf);
  if (set === 'l1') (rowLower[n] = -inf), (rowUpper[n] = 1);
  if (set === 'simplex') (rowLower[n] = 1), (rowUpper[n] = 1);
  const model = highs.createModel({
    numCols,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows, numCols, starts, indices: Int32Array.from(indices), values: Float64Array.from(values) },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus();
    if (status !== highs.constants.modelStatus.optimal) {
      throw new SolverVerificationError(`maxMarginLp [${set}, n=${n}, d=${d}]: HiGHS model status ${status}, not optimal`, {
        modelStatus: status,
      });
    }
    const sol = model.getSolution();
    const w = new Float64Array(d);
    for (let k = 0; k < d; k++) w[k] = split ? sol.colValue[k] - sol.colValue[d + k] : sol.colValue[k];
    return { w, objective: model.getObjectiveValue(), rowDuals: sol.rowDual.slice(0, n) };
  } finally {
    model.dispose();
  }
}

/** Runs the solver, then accepts its answer only through the primal–dual certificate. */
async function solveAndCertify(lp: MarginLp, opts: LpOptions): Promise<LpMarginSolution> {
  const tol = opts.tol ?? LP_TOL;
  if (!(tol >= 0)) throw new RangeError(`maxMarginLp: tol must be ≥ 0, got ${tol}`);
  const cand = await (opts.solve ?? highsMarginLp)(lp);
  return certifyMarginLp(lp, cand, tol);
}

/**
 * The certificate: renormalize w into the feasible set, recompute its margin (lower bound), project the row
 * duals onto the simplex and recompute the dual value (upper bound); accept when they agree to tol.
 */
export function certifyMarginLp(lp: MarginLp, cand: LpCandidate, tol: number): LpMarginSolution {
  const { Z, n, d, set } = lp;
  const label = `${set === 'simplex' ? 'maxMarginLpMatrix' : 'maxMarginLp'} [${set}, n=${n}, d=${d}]`;
  if (cand.w.length !== d || cand.rowDuals.length !== n) {
    throw new SolverVerificationError(`${label}: candidate has w of length ${cand.w.length}, ${cand.rowDuals.length} duals`);
  }
  const scale = maxDualNorm(Z, n, d, set) || 1;
  const primalFeasibility = feasibilityViolation(cand.w, set);
  const objectiveMismatch = Math.abs(cand.objective - minMargin(Z, n, d, cand.w)) / scale;
  const w = projectFeasible(cand.w, set);
  const gamma = minMargin(Z, n, d, w);
  const lambda = simplexFromDuals(cand.rowDuals);
  const gammaUpper = dualValue(Z, n, d, lambda, set);
  const dualGap = (gammaUpper - gamma) / Math.max(Math.abs(gammaUpper), Math.abs(gamma), Number.MIN_VALUE);
  const residuals = { gamma, gammaUpper, dualGap, primalFeasibility, objectiveMismatch, tol };
  const verified = Math.abs(dualGap) <= tol && primalFeasibility <= tol && objectiveMismatch <= tol;
  if (gammaUpper <= NOT_SEPARABLE_RELATIVE * scale) {
    throw new AssumptionError(
      set === 'simplex'
        ? `${label}: the weak learners have no positive edge: under the distribution λ on the points every learner ` +
            `has edge Σλ_i y_i h_j(x_i) ≤ ${fmt(gammaUpper)} (max |H_ij| = ${fmt(scale)}), so every a in the simplex has margin ≤ ${fmt(gammaUpper)}`
        : `${label}: data are not separable in this geometry: a convex combination λ of the points has dual value ` +
            `${fmt(gammaUpper)} (max ‖z_i‖_q = ${fmt(scale)}), so every feasible w has min_i⟨w,z_i⟩ ≤ ${fmt(gammaUpper)}`,
    );
  }
  if (!verified || !(gamma > 0)) {
    throw new SolverVerificationError(
      `${label}: cannot verify the answer to tol ${tol}: margin of w ${fmt(gamma)}, dual value ${fmt(gammaUpper)}, ` +
        `relative gap ${fmt(dualGap)}, primal feasibility ${fmt(primalFeasibility)}, objective mismatch ${fmt(objectiveMismatch)}`,
      residuals,
    );
  }
  return { w, gamma, gammaUpper, lambda, dualGap, primalFeasibility, objectiveMismatch };
}

/** l1: max(0, ‖w‖₁ − 1); linf: max(0, ‖w‖_∞ − 1); simplex: max(|Σa − 1|, max_j −a_j). */
function feasibilityViolation(w: Float64Array, set: MarginSet): number {
  if (set === 'l1') return Math.max(0, normP(w, 1) - 1);
  if (set === 'linf') return Math.max(0, normP(w, 'inf') - 1);
  let s = 0;
  let neg = 0;
  for (const a of w) (s += a), (neg = Math.max(neg, -a));
  return Math.max(Math.abs(s - 1), neg);
}

/** w/‖w‖_p for the balls (so ‖w‖_p = 1); max(a, 0)/Σmax(a, 0) for the simplex. Zero stays zero. */
function projectFeasible(w: Float64Array, set: MarginSet): Float64Array {
  const out = Float64Array.from(w);
  if (set === 'simplex') for (let k = 0; k < out.length; k++) out[k] = Math.max(out[k], 0);
  const r = set === 'linf' ? normP(out, 'inf') : normP(out, 1);
  if (r > 0) for (let k = 0; k < out.length; k++) out[k] /= r;
  return out;
}

/** λ = max(0, s·μ)/Σ with s the sign of Σμ: the row multipliers as a point of Δ_n (uniform if all vanish). */
function simplexFromDuals(mu: Float64Array): Float64Array {
  let sum = 0;
  for (const m of mu) sum += m;
  const s = sum < 0 ? -1 : 1;
  const lambda = new Float64Array(mu.length);
  let total = 0;
  for (let i = 0; i < mu.length; i++) (lambda[i] = Math.max(0, s * mu[i])), (total += lambda[i]);
  if (!(total > 0)) return lambda.fill(1 / mu.length);
  for (let i = 0; i < mu.length; i++) lambda[i] /= total;
  return lambda;
}

/** Dual value of λ: ‖v‖_∞ (l1), ‖v‖₁ (linf), max_j v_j (simplex), with v = Σλ_i z_i. */
function dualValue(Z: Float64Array, n: number, d: number, lambda: Float64Array, set: MarginSet): number {
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const l = lambda[i];
    if (l === 0) continue;
    for (let k = 0; k < d; k++) v[k] += l * Z[i * d + k];
  }
  if (set === 'l1') return normP(v, 'inf');
  if (set === 'linf') return normP(v, 1);
  let max = -Infinity;
  for (const x of v) max = Math.max(max, x);
  return max;
}

/** max_i ‖z_i‖_q: the largest possible |⟨w, z_i⟩| over the feasible set (the scale of margins). */
function maxDualNorm(Z: Float64Array, n: number, d: number, set: MarginSet): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, normP(Z.subarray(i * d, (i + 1) * d), set === 'linf' ? 1 : 'inf'));
  return m;
}

function minMargin(Z: Float64Array, n: number, d: number, w: Float64Array): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Z[i * d + k] * w[k];
    min = Math.min(min, s);
  }
  return min;
}

function normP(v: Float64Array, p: MarginNorm): number {
  let s = 0;
  for (const x of v) s = p === 1 ? s + Math.abs(x) : Math.max(s, Math.abs(x));
  return s;
}

function checkLpInput(fn: string, Z: Float64Array, n: number, d: number): void {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`${fn}: need integers n ≥ 1, d ≥ 1; got n=${n}, d=${d}`);
  }
  if (Z.length !== n * d) throw new RangeError(`${fn}: matrix has ${Z.length} entries, expected ${n}·${d}`);
  if (!allFinite(Z)) throw new AssumptionError(`${fn}: the data contain a non-finite entry [n=${n}, d=${d}]`);
}

function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}

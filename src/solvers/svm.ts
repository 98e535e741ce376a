import quadprog from 'quadprog';
import { AssumptionError, SolverVerificationError } from '../harness/errors.js';
import { allFinite, dot, norm2 } from '../linalg/vec.js';
import { distinctRows, splitMultipliers } from './duplicates.js';
import { chainedSubSolver, WORKING_SET_FROM, workingSetSVM } from './svm-working-set.js';
import { hildrethDual } from './svm-dual.js';
import { nonNegativeLeastSquares } from './nnls.js';
import { hullDistanceCertificate, infeasibleReport, notSeparableError } from './svm-infeasible.js';

export { hullDistanceCertificate } from './svm-infeasible.js';

/**
 * Hard-margin SVM through the origin, the limit direction of gradient descent on separable data
 * (Soudry et al. 2018): with z_i = y_i x_i,
 *
 *   ŵ = argmin ½‖w‖²  s.t. ⟨w, z_i⟩ ≥ 1 (i = 1..n),      γ = 1/‖ŵ‖ = max_{‖w‖=1} min_i ⟨w, z_i⟩.
 *
 * Dual: max_{α ≥ 0} Σα_i − ½‖Σα_i z_i‖², with ŵ = Σα_i z_i and α_i (⟨ŵ, z_i⟩ − 1) = 0.
 * The answer is solved by quadprog on the primal and then PROVED by two certificates, both recomputed here
 * from Z alone:
 *  - the KKT system (primal feasibility, α ≥ 0, stationarity, complementarity), sufficient for optimality of
 *    a convex QP;
 *  - the duality gap: for α ≥ 0 the dual value g(α) = Σα_i − ½‖Σα_i z_i‖² is a lower bound on ½‖ŵ‖²
 *    (weak duality), and w' = w / min(1, min_i⟨w,z_i⟩) is feasible, so ‖ŵ‖² ∈ [2g(α), ‖w'‖²]; by strong
 *    convexity ‖w' − ŵ‖² ≤ ‖w'‖² − ‖ŵ‖², so the relative gap δ bounds the error: ‖w' − ŵ‖ ≤ √δ ‖w'‖.
 */

/** KKT residuals, each dimensionless (0 for an exact solution). */
export interface SvmKkt {
  /** max(0, max_i (1 − ⟨w, z_i⟩)): margins are already scaled by the constraint's right-hand side 1. */
  readonly primalFeasibility: number;
  /** max(0, max_i −α_i) / max_i |α_i|. */
  readonly dualFeasibility: number;
  /** ‖w − Σα_i z_i‖ / (‖w‖ + Σ|α_i|‖z_i‖): relative to the size of the summed terms (rounding scale). */
  readonly stationarity: number;
  /** max_i |α_i (⟨w, z_i⟩ − 1)| / max_i |α_i|. */
  readonly complementarity: number;
}

export interface SvmSolution {
  /** ŵ = argmin ‖w‖² s.t. ⟨w, z_i⟩ ≥ 1 (no bias). */
  readonly w: Float64Array;
  /** Dual multipliers, length n, α ≥ 0, ŵ = Σα_i z_i. Not unique when the support is degenerate; repeated z's share their point's multiplier equally (duplicates.ts). */
  readonly alpha: Float64Array;
  /** Indices i with |⟨ŵ, z_i⟩ − 1| ≤ tol, ascending. */
  readonly support: number[];
  /** γ = 1/‖ŵ‖, the maximal l2 margin max_{‖w‖=1} min_i ⟨w, z_i⟩. */
  readonly gamma: number;
  /** ŵ/‖ŵ‖. */
  readonly direction: Float64Array;
  /** ⟨ŵ, z_i⟩ for every i (≥ 1 up to rounding; = 1 on the support). */
  readonly margins: Float64Array;
  readonly kkt: SvmKkt;
  /** (‖w'‖² − 2g(α⁺))/‖w'‖² (≥ 0 up to rounding): relative duality gap; ‖w' − ŵ‖/‖w'‖ ≤ √dualityGap (see file comment). */
  readonly dualityGap: number;
  /** Where α came from: the QP solver's multipliers, or the NNLS repair on the support (degenerate data). */
  readonly alphaSource: 'solver' | 'nnls';
}

/** An unverified answer (from quadprog, or injected by a test). */
export interface SvmCandidate {
  readonly w: Float64Array;
  readonly alpha: Float64Array;
}

/** A primal solver: returns a candidate, or throws AssumptionError for infeasible constraints. */
export type SvmCandidateSolver = (Z: Float64Array, n: number, d: number) => SvmCandidate;

export interface SvmOptions {
  /** Acceptance tolerance on every KKT residual and on the relative duality gap (default SVM_TOL). */
  readonly tol?: number;
  /** Replaces quadprog (tests inject wrong answers to see them refused). */
  readonly solve?: SvmCandidateSolver;
}

/**
 * Default acceptance tolerance. Measured with quadprog on the primal: KKT residuals ~1e-14 at n = 200,
 * d = 10 in ECOSYSTEM.md; with the scales of SvmKkt, every residual and the duality gap ≤ 1e-14 at n = 200,
 * d = 10 (worst 9e-16), n = 500, d = 100 and n = 100, d = 500 (test/solvers/svm.test.ts prints them). 1e-8
 * leaves six orders of margin for worse-conditioned data, while a wrong answer (e.g. w scaled by 1 + 1e-6)
 * is still refused.
 */
export const SVM_TOL = 1e-8;

/**
 * Solves and verifies the hard-margin SVM; throws AssumptionError when the data are not linearly separable
 * through the origin (with a Gordan certificate: a convex combination of the z_i of norm ≈ 0), and
 * SolverVerificationError (with the residuals) when the answer cannot be proved optimal to `tol`.
 *
 * @example
 * // z1 = (1,0), z2 = (0,1): ŵ = (1,1), α = (1,1), γ = 1/√2
 * const sol = hardMarginSVM(new Float64Array([1, 0, 0, 1]), 2, 2);
 * sol.w; // Float64Array [1, 1]
 */
export function hardMarginSVM(Z: Float64Array, n: number, d: number, opts: SvmOptions = {}): SvmSolution {
  checkSvmInput(Z, n, d);
  const tol = opts.tol ?? SVM_TOL;
  if (!(tol >= 0)) throw new RangeError(`hardMarginSVM: tol must be ≥ 0, got ${tol}`);
  if (opts.solve) return certifyCandidate(Z, n, d, opts.solve(Z, n, d), tol);
  // the fallback chain: each method's answer must pass the same certificate; the next is tried when it does not
  const chain: [string, SvmCandidateSolver][] = [
    ['quadprog primal', quadprogPrimalSVM],
    ['dual coordinate ascent with a working-set finish', dualCandidate],
  ];
  const failures: string[] = [];
  let residuals: Record<string, number> = {};
  for (const [name, solve] of chain) {
    const sub = chainedSubSolver(solve === quadprogPrimalSVM ? quadprogPrimalSVM : dualCandidate, solve === quadprogPrimalSVM ? dualCandidate : quadprogPrimalSVM);
    try {
      return certifyCandidate(Z, n, d, onDistinctPoints(Z, n, d, (Zu, m) => (m > WORKING_SET_FROM ? workingSetSVM(Zu, m, d, sub) : solve(Zu, m, d))), tol);
    } catch (e) {
      if (!(e instanceof SolverVerificationError)) throw e; // AssumptionError (not separable, certified) or a bug
      failures.push(`${name}: ${e.message}`);
      if (Object.keys(e.residuals).length) residuals = { ...e.residuals };
    }
  }
  throw new SolverVerificationError(`hardMarginSVM [n=${n}, d=${d}]: no method gave a certified answer (KKT and duality gap to ${tol}); tried ${failures.join(' | ')}`, residuals);
}

function certifyCandidate(Z: Float64Array, n: number, d: number, candidate: SvmCandidate, tol: number): SvmSolution {
  if (candidate.w.length !== d || candidate.alpha.length !== n) {
    throw new SolverVerificationError(
      `hardMarginSVM: solver returned w of length ${candidate.w.length} (expected ${d}) and alpha of length ${candidate.alpha.length} (expected ${n})`,
    );
  }
  return certifySvm(Z, n, d, candidate, tol);
}

/**
 * Solves on the distinct z's and gives each copy of a repeated z an equal share of its multiplier, the split
 * GD's limit selects (src/solvers/duplicates.ts); ŵ is unchanged by repeats.
 */
function onDistinctPoints(Z: Float64Array, n: number, d: number, solve: SvmCandidateSolver): SvmCandidate {
  const u = distinctRows(Z, n, d);
  if (u.m === n) return solve(Z, n, d);
  const c = solve(u.Z, u.m, d);
  return { w: c.w, alpha: splitMultipliers(c.alpha, u.of, u.count) };
}

/**
 * quadprog on the primal: D = I, d = 0, constraints ⟨w, z_i⟩ ≥ 1 (Amat[k][i] = z_i[k]), all 1-indexed and
 * freshly built (solveQP overwrites Dmat and dvec). α = the returned Lagrangian.
 * When d > n the problem is solved in coordinates of span{z_i} (exact: ŵ ∈ span{z_i} by stationarity):
 * with an orthonormal basis Q ∈ R^{d×r} of the span and z_i = Q ẑ_i, ⟨Qv, z_i⟩ = ⟨v, ẑ_i⟩ and ‖Qv‖ = ‖v‖,
 * so ŵ = Q v̂ with v̂ the SVM of the ẑ_i (an r×r instead of a d×d problem). The certificate is checked on
 * the original Z either way.
 * Throws AssumptionError (after checking a Gordan certificate) when quadprog finds the constraints inconsistent.
 */
export function quadprogPrimalSVM(Z: Float64Array, n: number, d: number): SvmCandidate {
  if (d <= n) {
    const res = quadprogSolve(Z, n, d);
    if (typeof res === 'string') throw quadprogFailure(Z, n, d, res);
    return res;
  }
  const { coords, basis, r } = spanCoordinates(Z, n, d);
  if (r === 0) throw infeasibleReport(Z, n, d, 'every z_i is 0');
  const res = quadprogSolve(coords, n, r);
  if (typeof res === 'string') throw quadprogFailure(Z, n, d, res);
  const w = new Float64Array(d);
  for (let j = 0; j < r; j++) for (let k = 0; k < d; k++) w[k] += res.w[j] * basis[j * d + k];
  return { w, alpha: res.alpha };
}

/**
 * A candidate from the dual (Hildreth's coordinate ascent with its working-set finish, src/solvers/svm-dual.ts),
 * refused when its KKT residual is above 1e-12 relative to ‖w‖·max‖z_i‖ after 2000 sweeps (10 finishes).
 */
export function dualCandidate(Z: Float64Array, n: number, d: number): SvmCandidate {
  const r = hildrethDual(Z, n, d, { tol: 1e-12, maxSweeps: 2000 });
  if (!(r.residual <= 1e-12 * Math.max(1, r.scale)))
    throw new SolverVerificationError(`dual coordinate ascent stopped at KKT residual ${fmt(r.residual)} (scale ${fmt(r.scale)}) after ${r.sweeps} sweeps`);
  return { w: r.w, alpha: r.alpha };
}

/** The raw quadprog call; returns its message on failure. */
function quadprogSolve(Z: Float64Array, n: number, d: number): SvmCandidate | string {
  const Dmat: number[][] = [[]];
  const dvec: number[] = [0];
  const Amat: number[][] = [[]];
  const bvec: number[] = [0];
  for (let k = 1; k <= d; k++) {
    const row = [0];
    for (let j = 1; j <= d; j++) row.push(j === k ? 1 : 0);
    Dmat.push(row);
    dvec.push(0);
    const a = [0];
    for (let i = 0; i < n; i++) a.push(Z[i * d + k - 1]);
    Amat.push(a);
  }
  for (let i = 0; i < n; i++) bvec.push(1);
  const res = quadprog.solveQP(Dmat, dvec, Amat, bvec, 0);
  if (res.message !== '') return res.message;
  return { w: Float64Array.from(res.solution.slice(1)), alpha: Float64Array.from(res.Lagrangian.slice(1, n + 1)) };
}

function quadprogFailure(Z: Float64Array, n: number, d: number, message: string): Error {
  if (/inconsistent/.test(message)) return infeasibleReport(Z, n, d, `quadprog: ${message}`);
  return new SolverVerificationError(`hardMarginSVM [n=${n}, d=${d}]: quadprog failed: ${message}`);
}

/**
 * Coordinates of the z_i in an orthonormal basis q_1..q_r of span{z_i} (r ≤ n), by classical Gram–Schmidt
 * with one re-orthogonalization pass ("twice is enough", Giraud et al. 2005). A point whose residual after
 * projection is below 1e-13‖z_i‖ adds no basis vector (its dropped part is certified away: the KKT check uses Z).
 * Returns coords (point-major n×r, ẑ_i) and basis (point-major r×d, q_j).
 */
function spanCoordinates(Z: Float64Array, n: number, d: number): { coords: Float64Array; basis: Float64Array; r: number } {
  const basis = new Float64Array(n * d);
  const full = new Float64Array(n * n);
  let r = 0;
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    v.set(Z.subarray(i * d, (i + 1) * d));
    const zNorm = norm2(v);
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < r; j++) {
        const q = basis.subarray(j * d, (j + 1) * d);
        const h = dot(q, v, d);
        for (let k = 0; k < d; k++) v[k] -= h * q[k];
        full[i * n + j] += h;
      }
    }
    const rest = norm2(v);
    if (rest > 1e-13 * zNorm) {
      for (let k = 0; k < d; k++) basis[r * d + k] = v[k] / rest;
      full[i * n + r] = rest;
      r++;
    }
  }
  const coords = new Float64Array(n * r);
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) coords[i * r + j] = full[i * n + j];
  return { coords, basis: basis.subarray(0, r * d), r };
}

/**
 * The KKT residuals of (w, α) for the hard-margin SVM (see SvmKkt for the scales).
 * @example svmKkt(new Float64Array([1, 0, 0, 1]), 2, 2, new Float64Array([1, 1]), new Float64Array([1, 1])) // all 0
 */
export function svmKkt(Z: Float64Array, n: number, d: number, w: Float64Array, alpha: Float64Array): SvmKkt {
  const margins = svmMargins(Z, n, d, w);
  let alphaMax = 0;
  for (let i = 0; i < n; i++) alphaMax = Math.max(alphaMax, Math.abs(alpha[i]));
  const alphaScale = alphaMax > 0 ? alphaMax : 1;
  let primal = 0;
  let dual = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    primal = Math.max(primal, 1 - margins[i]);
    dual = Math.max(dual, -alpha[i] / alphaScale);
    comp = Math.max(comp, Math.abs(alpha[i] * (margins[i] - 1)) / alphaScale);
  }
  const e = Float64Array.from(w);
  let termScale = norm2(w);
  for (let i = 0; i < n; i++) {
    const a = alpha[i];
    if (a === 0) continue;
    const zi = Z.subarray(i * d, (i + 1) * d);
    for (let k = 0; k < d; k++) e[k] -= a * zi[k];
    termScale += Math.abs(a) * norm2(zi);
  }
  return {
    primalFeasibility: primal,
    dualFeasibility: dual,
    stationarity: termScale > 0 ? norm2(e) / termScale : 0,
    complementarity: comp,
  };
}

/**
 * Relative duality gap (‖w'‖² − 2g(α⁺))/‖w'‖², with w' = w / min(1, min_i⟨w,z_i⟩) (feasible) and
 * α⁺ = max(α, 0) (dual feasible), g(α) = Σα_i − ½‖Σα_i z_i‖². Infinity when w has a non-positive margin.
 */
export function svmDualityGap(Z: Float64Array, n: number, d: number, w: Float64Array, alpha: Float64Array): number {
  const margins = svmMargins(Z, n, d, w);
  let minMargin = Infinity;
  for (let i = 0; i < n; i++) minMargin = Math.min(minMargin, margins[i]);
  if (!(minMargin > 0)) return Infinity;
  const wNormSq = dot(w, w) / Math.min(1, minMargin) ** 2;
  const v = new Float64Array(d);
  let sumAlpha = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.max(alpha[i], 0);
    sumAlpha += a;
    for (let k = 0; k < d; k++) v[k] += a * Z[i * d + k];
  }
  const dualValue = sumAlpha - 0.5 * dot(v, v);
  return (wNormSq - 2 * dualValue) / wNormSq;
}

/**
 * Points on the margin (|⟨ŵ, z_i⟩ − 1| ≤ tol) whose multiplier vanishes (α_i ≤ tol·max_j α_j): support vectors
 * that the dual does not need: non-empty when strict complementarity fails for the certified α, as on
 * "degenerate" data (more margin points than needed; α is then not unique and the answer depends on which α
 * was certified, see `alphaSource`).
 * @example
 * // ŵ = (1,1); (½,½) lies on the margin; quadprog puts α = 2 on it and 0 on (1,0), (0,1)
 * supportVectorsDegenerate(hardMarginSVM(new Float64Array([1, 0, 0, 1, 0.5, 0.5]), 3, 2)); // [0, 1]
 */
export function supportVectorsDegenerate(sol: SvmSolution, tol = SVM_TOL): number[] {
  let alphaMax = 0;
  for (const a of sol.alpha) alphaMax = Math.max(alphaMax, Math.abs(a));
  const out: number[] = [];
  for (let i = 0; i < sol.margins.length; i++) {
    if (Math.abs(sol.margins[i] - 1) <= tol && sol.alpha[i] <= tol * alphaMax) out.push(i);
  }
  return out;
}

/** Verifies a candidate; repairs degenerate multipliers by NNLS on the support before refusing. */
function certifySvm(Z: Float64Array, n: number, d: number, cand: SvmCandidate, tol: number): SvmSolution {
  const w = Float64Array.from(cand.w);
  const margins = svmMargins(Z, n, d, w);
  const support: number[] = [];
  for (let i = 0; i < n; i++) if (Math.abs(margins[i] - 1) <= tol) support.push(i);
  let alpha: Float64Array = Float64Array.from(cand.alpha);
  let alphaSource: SvmSolution['alphaSource'] = 'solver';
  let kkt = svmKkt(Z, n, d, w, alpha);
  let gap = svmDualityGap(Z, n, d, w, alpha);
  const first = { ...kkt, dualityGap: gap };
  if (!svmAccepted(kkt, gap, tol) && kkt.primalFeasibility <= tol) {
    alpha = multipliersOnSupport(Z, n, d, w, support);
    alphaSource = 'nnls';
    kkt = svmKkt(Z, n, d, w, alpha);
    gap = svmDualityGap(Z, n, d, w, alpha);
  }
  if (!svmAccepted(kkt, gap, tol)) {
    if (kkt.primalFeasibility > tol) {
      const err = notSeparableError(Z, n, d, 'the solver returned an infeasible w');
      if (err) throw err;
    }
    throw new SolverVerificationError(
      `hardMarginSVM [n=${n}, d=${d}]: cannot verify the answer to tol ${tol}: ` +
        `primal feasibility ${fmt(kkt.primalFeasibility)}, dual feasibility ${fmt(kkt.dualFeasibility)}, ` +
        `stationarity ${fmt(kkt.stationarity)}, complementarity ${fmt(kkt.complementarity)}, duality gap ${fmt(gap)} ` +
        `(α from ${alphaSource}; solver's own α gave stationarity ${fmt(first.stationarity)}, complementarity ${fmt(first.complementarity)})`,
      {
        ...kkt,
        dualityGap: gap,
        tol,
        solverStationarity: first.stationarity,
        solverComplementarity: first.complementarity,
        solverDualityGap: first.dualityGap,
      },
    );
  }
  const r = norm2(w);
  const direction = new Float64Array(d);
  for (let k = 0; k < d; k++) direction[k] = w[k] / r;
  return { w, alpha, support, gamma: 1 / r, direction, margins, kkt, dualityGap: gap, alphaSource };
}

function svmAccepted(kkt: SvmKkt, gap: number, tol: number): boolean {
  return (
    kkt.primalFeasibility <= tol &&
    kkt.dualFeasibility <= tol &&
    kkt.stationarity <= tol &&
    kkt.complementarity <= tol &&
    Math.abs(gap) <= tol
  );
}

/** α on the support S by NNLS: argmin_{α_S ≥ 0} ‖Σ_{i∈S} α_i z_i − w‖, zero off S (Lawson–Hanson). */
function multipliersOnSupport(Z: Float64Array, n: number, d: number, w: Float64Array, support: number[]): Float64Array {
  const cols = new Float64Array(support.length * d);
  support.forEach((i, c) => cols.set(Z.subarray(i * d, (i + 1) * d), c * d));
  const aS = nonNegativeLeastSquares(cols, support.length, d, w);
  const alpha = new Float64Array(n);
  support.forEach((i, c) => (alpha[i] = aS[c]));
  return alpha;
}

function svmMargins(Z: Float64Array, n: number, d: number, w: Float64Array): Float64Array {
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Z[i * d + k] * w[k];
    m[i] = s;
  }
  return m;
}

function checkSvmInput(Z: Float64Array, n: number, d: number): void {
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(d) && d >= 1)) {
    throw new RangeError(`hardMarginSVM: need integers n ≥ 1, d ≥ 1; got n=${n}, d=${d}`);
  }
  if (Z.length !== n * d) throw new RangeError(`hardMarginSVM: Z has ${Z.length} entries, expected n·d = ${n}·${d}`);
  if (!allFinite(Z)) throw new AssumptionError(`hardMarginSVM: the data contain a non-finite coordinate [n=${n}, d=${d}]`);
}


function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(2) : x.toPrecision(3);
}

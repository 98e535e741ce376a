/**
 * Shared machinery of the claims of CLAIMS.md section C (seed 004, lecture 15): gradient flow of the exponential
 * loss on separable data with its checkpoints and error bars, the controls' dynamics (the square-loss flow in
 * closed form), and the helpers of the bound checks; the flow with the integrals its proofs use and the sandwich
 * constant are in flow-integrals.ts. Claim files hold the statement and the predicate; everything numerical lives here.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { datasetToJSON } from '../data/dataset.js';
import { separableDataset, type PlantedDataset, type SeparableOptions } from '../data/separable.js';
import { verifyDataset } from '../data/verify.js';
import { AssumptionError, Inconclusive } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { exponential } from '../losses/loss.js';
import { gradientFlow, logRiskOf } from '../optimizers/flow.js';
import { hardMarginSVM, SVM_TOL, type SvmSolution } from '../solvers/svm.js';
import { minMargin } from '../metrics/margins.js';
import { norm2 } from '../linalg/vec.js';

// ---------------------------------------------------------------------------------------------------------------
// Tolerances shared by the flow claims (each claim file states how it uses them).

/**
 * γ̄ comes from the hard-margin SVM, accepted only when its KKT residuals and relative duality gap are ≤ SVM_TOL;
 * the gap bounds the relative error of ‖ŵ‖² by SVM_TOL, hence that of γ̄ = 1/‖ŵ‖ by SVM_TOL/2. Bounds that contain
 * γ̄ are evaluated at γ̄(1 ± GAMMA_REL_TOL), whichever is more lenient.
 */
export const GAMMA_REL_TOL = SVM_TOL;

/**
 * Rounding of the measured quantities themselves (sums of ≤ 50 products, a log-sum-exp, one division): a few
 * hundred ulps at most, i.e. ≤ 1e-13 relative; 1e-12 relative to the magnitudes involved leaves a factor 10.
 */
export const REL_ROUND = 1e-12;

/**
 * The integrator's error estimate over-states the true error of w(t) (measured true/estimate ≤ 0.15 on a closed
 * form, src/optimizers/flow.ts), so it is used as is: a check fails only when the measured quantity misses the
 * bound by more than the estimate propagated to it (first order, see `measure` below).
 */
export const ERROR_ESTIMATE_FACTOR = 1;

/**
 * Where the integrator cannot resolve w(t) relative to its size (estimate > 10% of ‖w(t)‖), first-order propagation
 * to margins (which divide by ‖w‖) is meaningless: the trial is inconclusive rather than decided.
 */
const MAX_RELATIVE_W_ERROR = 0.1;

/** The flows start at t = 1e-6 and end at t = 1e30 (the slides' statements carry no range of t). */
export const FLOW_T_MIN = 1e-6;
export const FLOW_T_MAX = 1e30;

/** x* > 0 with x* = 2 log(1 + x*) (≈ 2.5129): Theorem 10.1's denominator log c − 2 log(1 + log c) is < 0 for 0 < log c < x*. */
export const X_STAR = (() => {
  let lo = 1, hi = 5; // x − 2 log(1 + x) is < 0 at 1 and > 0 at 5, increasing on [1, ∞)
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (mid - 2 * Math.log1p(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
})();

/** Budgets of the flow claims: datasets tried and checkpoints per decade of t (the default profile stays ≪ 2 min). */
export const FLOW_BUDGET = {
  numRuns: { smoke: 5, default: 150, thorough: 1000 },
  perDecade: { smoke: 3, default: 6, thorough: 12 },
} as const satisfies Record<string, Record<Profile, number>>;

// ---------------------------------------------------------------------------------------------------------------
// Data and checkpoints.

/** Separable data in the unit ball (planted direction and margin, verified): 1..12 points in 1..4 dimensions. */
export const FLOW_DATA: SeparableOptions = { n: [1, 12], d: [1, 4] };

/** c(t) = 2ntγ̄², the quantity whose logarithm drives every bound of Lemma 10.1 and Theorem 10.1. */
export function cOf(t: number, n: number, gamma: number): number {
  return 2 * n * t * gamma * gamma;
}

/**
 * Checkpoints: a log grid from FLOW_T_MIN to FLOW_T_MAX (perDecade per decade), plus the times at which the
 * slides' bounds change character — c(t) = 2ntγ̄² just above 1/e (where log(1 + log c) → −∞), around 1 (log c
 * changes sign), around e^{x*} (Theorem 10.1's denominator changes sign) and around e^{2x*} — approached at
 * relative distances 10^{-k}, so that "every t > 0 where defined" includes the edges of the domain.
 */
export function flowCheckpoints(n: number, gamma: number, perDecade: number): number[] {
  const ts: number[] = [];
  const lo = Math.round(Math.log10(FLOW_T_MIN) * perDecade), hi = Math.round(Math.log10(FLOW_T_MAX) * perDecade);
  for (let e = lo; e <= hi; e++) ts.push(10 ** (e / perDecade));
  const tOfC = (c: number) => c / (2 * n * gamma * gamma);
  for (const edge of [Math.exp(-1), 1, Math.E, Math.exp(X_STAR), Math.exp(2 * X_STAR)]) {
    for (let k = 1; k <= 8; k++) {
      ts.push(tOfC(edge * (1 + 10 ** -k)));
      ts.push(tOfC(edge * (1 - 10 ** -k)));
    }
  }
  return [...new Set(ts.filter((t) => t >= FLOW_T_MIN && t <= FLOW_T_MAX))].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------------------
// Flow runs: the exponential-loss gradient flow (the claims) and the square-loss flow (the controls).

/** A flow sampled at checkpoints, with the claim's quantities (always those of the exponential loss) and error bars. */
export interface FlowRun {
  ds: PlantedDataset;
  svm: SvmSolution;
  /** γ̄ (from the verified SVM) */
  gamma: number;
  /** which dynamics produced w(t) */
  dynamics: string;
  t: number[];
  /** c(t) = 2ntγ̄² */
  c: number[];
  w: Float64Array[];
  norm: number[];
  /** log L(w(t)), L(w) = Σ_i exp(−⟨w, z_i⟩) */
  logRisk: number[];
  /** γ(w(t)) = min_i ⟨w, z_i⟩/‖w‖ */
  margin: number[];
  /** γ̃(w(t)) = −log L(w(t))/‖w(t)‖ */
  smoothed: number[];
  /** error bars (estimate of |measured − exact|) of norm, logRisk, margin and smoothed */
  errNorm: number[];
  errLogRisk: number[];
  errMargin: number[];
  errSmoothed: number[];
  /** accepted steps of the integrator (0 for a closed form) */
  steps: number;
}

export function zMaxOf(Z: Float64Array, n: number, d: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += Z[i * d + k] ** 2;
    m = Math.max(m, Math.sqrt(s));
  }
  return m;
}

/**
 * Fills the measured quantities and propagates an error bar e_w on w (‖δw‖ ≤ e_w) to them, to first order:
 * |δ‖w‖| ≤ e_w; |δ log L| ≤ e_L (given: the loss's own estimate); γ = min_i⟨w,z_i⟩/‖w‖ moves by
 * ≤ (max‖z_i‖ + |γ|)·e_w/‖w‖; γ̃ = −log L/‖w‖ by ≤ (e_L + |γ̃|·e_w)/‖w‖; plus REL_ROUND of each magnitude.
 */
function measure(run: Omit<FlowRun, 'norm' | 'logRisk' | 'margin' | 'smoothed' | 'errNorm' | 'errLogRisk' | 'errMargin' | 'errSmoothed'>,
  errW: number[], logRisk: number[], errLogRisk: number[]): FlowRun {
  const { ds } = run;
  const zMax = zMaxOf(ds.Z, ds.n, ds.d);
  const out: FlowRun = { ...run, norm: [], logRisk, margin: [], smoothed: [], errNorm: [], errLogRisk: [], errMargin: [], errSmoothed: [] };
  run.w.forEach((w, j) => {
    const r = norm2(w);
    const e = ERROR_ESTIMATE_FACTOR * errW[j];
    if (!(r > 0) || e > MAX_RELATIVE_W_ERROR * r)
      throw new Inconclusive(`${run.dynamics}: w(t) at t=${run.t[j].toExponential(2)} is not resolved (‖w‖ = ${r.toExponential(2)}, error estimate ${e.toExponential(2)})`);
    const gamma = minMargin(ds.Z, ds.n, ds.d, w) / r, smooth = -logRisk[j] / r;
    out.norm.push(r);
    out.margin.push(gamma);
    out.smoothed.push(smooth);
    out.errNorm.push(e + REL_ROUND * r);
    const eL = ERROR_ESTIMATE_FACTOR * errLogRisk[j] + REL_ROUND * (Math.abs(logRisk[j]) + 1);
    out.errLogRisk.push(eL);
    out.errMargin.push(((zMax + Math.abs(gamma)) * e) / r + REL_ROUND * (Math.abs(gamma) + zMax));
    out.errSmoothed.push((eL + Math.abs(smooth) * e) / r + REL_ROUND * Math.abs(smooth));
  });
  return out;
}

/** The verified SVM of a dataset that must satisfy the section's assumptions (else AssumptionError → "error"). */
export function flowReference(ds: PlantedDataset): SvmSolution {
  verifyDataset(ds, { unitBall: true });
  return hardMarginSVM(ds.Z, ds.n, ds.d); // AssumptionError if not separable through the origin
}

/**
 * Gradient flow of L(w) = Σ_i exp(−⟨w, z_i⟩) from w(0) = 0 (src/optimizers/flow.ts: Dormand–Prince in plain then
 * log time, rtol 1e-10), sampled at the checkpoints, with its global error estimate propagated.
 */
export function exponentialFlow(ds: PlantedDataset, perDecade: number): FlowRun {
  const svm = flowReference(ds);
  const t = flowCheckpoints(ds.n, svm.gamma, perDecade);
  const fl = gradientFlow(ds.Z, ds.n, ds.d, exponential, { tEnd: FLOW_T_MAX, outputs: t, rtol: 1e-10, atol: 1e-12 });
  const base = { ds, svm, gamma: svm.gamma, dynamics: 'gradient flow of the exponential loss (DOPRI5, rtol 1e-10), w(0) = 0', t, c: t.map((x) => cOf(x, ds.n, svm.gamma)), w: fl.w, steps: fl.steps };
  return measure(base, fl.errorEstimate, fl.logRisk, fl.logRiskErrorEstimate);
}

/**
 * Gradient flow of the square loss L₂(w) = ½ Σ_i (1 − ⟨w, z_i⟩)² from w(0) = 0, in closed form: with
 * M = Σ z_i z_iᵀ = V diag(λ) Vᵀ and b = Σ z_i, ẇ = b − Mw gives w(t) = Σ_k (1 − e^{−λ_k t})/λ_k ⟨v_k, b⟩ v_k
 * (b has no component on the null space of M). A loss without an exponential tail: w(t) tends to the least-squares
 * solution, a finite point, and the claims' quantities (those of the exponential loss) are evaluated along it.
 * Exact up to rounding at every t, so its error bar is a rounding bar.
 */
export function squareLossFlow(ds: PlantedDataset, perDecade: number): FlowRun {
  const svm = flowReference(ds);
  const { n, d, Z } = ds;
  const t = flowCheckpoints(n, svm.gamma, perDecade);
  const M = new Matrix(d, d);
  const b = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < d; k++) {
      b[k] += Z[i * d + k];
      for (let l = 0; l < d; l++) M.set(k, l, M.get(k, l) + Z[i * d + k] * Z[i * d + l]);
    }
  const evd = new EigenvalueDecomposition(M, { assumeSymmetric: true });
  const lam = evd.realEigenvalues, V = evd.eigenvectorMatrix;
  const lamMax = Math.max(...lam);
  const w = t.map((tt) => {
    const out = new Float64Array(d);
    for (let q = 0; q < d; q++) {
      if (!(lam[q] > 1e-12 * lamMax)) continue; // null space of M: ⟨v, b⟩ = 0 there
      let vb = 0;
      for (let k = 0; k < d; k++) vb += V.get(k, q) * b[k];
      const coef = (-Math.expm1(-lam[q] * tt) / lam[q]) * vb;
      for (let k = 0; k < d; k++) out[k] += coef * V.get(k, q);
    }
    return out;
  });
  const logRisk = w.map((x) => logRiskOf(Z, n, d, exponential, x));
  const errW = w.map((x) => 1e3 * Number.EPSILON * (norm2(x) + 1e-300));
  const zMax = zMaxOf(Z, n, d);
  const base = { ds, svm, gamma: svm.gamma, dynamics: 'gradient flow of the square loss ½Σ(1 − ⟨w, z_i⟩)² (closed form), w(0) = 0', t, c: t.map((x) => cOf(x, n, svm.gamma)), w, steps: 0 };
  return measure(base, errW, logRisk, errW.map((e) => zMax * e));
}

export type FlowDynamics = 'exponential' | 'square';

/** A property of flows on generated separable data: the check and its control share the trial. */
export interface FlowPropertySpec {
  /** the flow under test: the exponential loss (the claim) or the square loss (a control) */
  dynamics: FlowDynamics;
  /** throw ClaimViolation to refute; return the trial's figures otherwise */
  trial(run: FlowRun): TrialResult;
  data?: SeparableOptions;
}

/** Runs a flow property over generated datasets (fast-check search from the context's seed). */
export function flowProperty(ctx: ClaimContext, spec: FlowPropertySpec): Outcome {
  const perDecade = ctx.budget(FLOW_BUDGET.perDecade);
  const flow = spec.dynamics === 'exponential' ? exponentialFlow : squareLossFlow;
  let decidedBy = '';
  const out = checkProperty(ctx, {
    arbitrary: separableDataset(spec.data ?? FLOW_DATA),
    numRuns: ctx.budget(FLOW_BUDGET.numRuns),
    describeInput: (ds) => datasetToJSON(ds),
    trial(ds) {
      const run = flow(ds, perDecade);
      decidedBy = `${run.dynamics}, ${run.t.length} checkpoints from t = ${FLOW_T_MIN} to ${FLOW_T_MAX.toExponential(0)}`;
      return spec.trial(run);
    },
  });
  out.decidedBy = decidedBy;
  return out;
}

/** The bound f(γ̄) evaluated at γ̄(1 ± GAMMA_REL_TOL): the larger value (for an upper bound on a measured quantity). */
export function lenientUpper(f: (gamma: number) => number, gamma: number): number {
  return Math.max(f(gamma * (1 - GAMMA_REL_TOL)), f(gamma), f(gamma * (1 + GAMMA_REL_TOL)));
}

/** The bound f(γ̄) evaluated at γ̄(1 ± GAMMA_REL_TOL): the smaller value (for a lower bound on a measured quantity). */
export function lenientLower(f: (gamma: number) => number, gamma: number): number {
  return Math.min(f(gamma * (1 - GAMMA_REL_TOL)), f(gamma), f(gamma * (1 + GAMMA_REL_TOL)));
}

/** Compact description of a set of c = 2ntγ̄² values where a bound failed: "c ∈ [lo, hi] (k checkpoints)". */
export function describeRange(cs: number[]): string {
  if (!cs.length) return 'nowhere';
  return `2ntγ̄² ∈ [${fmt(Math.min(...cs))}, ${fmt(Math.max(...cs))}] (${cs.length} checkpoints)`;
}

export function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4 ? x.toExponential(3) : x.toPrecision(4);
}

/** A standard plot of a measured curve against a bound, on a log t axis. */
export function boundPlot(title: string, yLabel: string, t: number[], measured: { name: string; y: number[] }, bound: { name: string; y: number[] }, yLog = false) {
  return {
    title,
    xLabel: 't',
    yLabel,
    xLog: true,
    yLog,
    series: [
      { name: measured.name, x: t, y: measured.y },
      { name: bound.name, x: t, y: bound.y, role: 'bound' as const },
    ],
  };
}

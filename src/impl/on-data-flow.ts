/**
 * What decides a section-A claim on a user's dataset when GD's budget cannot: the horizon the data need, computed
 * from the data (the non-support gap δ and the duals), and the gradient flow integrated in log time to t = 1e30
 * (src/optimizers/flow.ts) as the oracle for the limit, packaged as a GdExperiment so that each claim's own trial
 * (decision rule and tolerance unchanged) runs on it.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Dataset } from '../data/dataset.js';
import type { GdExperiment } from '../experiments/gd-separable.js';
import { logistic } from '../losses/loss.js';
import { gradientFlow } from '../optimizers/flow.js';
import type { SvmSolution } from '../solvers/svm.js';

/** The flow's horizon and its checkpoints (20 per decade from t = 1). */
export const FLOW_T_END = 1e30;
const PER_DECADE = 20;

/**
 * Step budget of the flow. Late in the flow DOPRI5's step in s = log t is limited by stability: h·λ ≲ 3.3 with λ
 * the largest eigenvalue of the Jacobian of dw/ds, −Σ_i eˢℓ''(⟨w, z_i⟩) z_i z_iᵀ → −Σ_s α_s z_s z_sᵀ/η·η (the
 * support terms, eˢe^{−⟨w, z_s⟩} → α_s at η = 1). So reaching s = log 1e30 = 69 takes ≈ 69·λ/3.3 ≈ 21λ steps
 * (src/optimizers/flow.ts, "Cost"). Data whose duals make that more than FLOW_MAX_STEPS (tiny margins: α ~ 1/γ̄²)
 * are not integrated; the verdict then names the horizon instead.
 */
export const FLOW_MAX_STEPS = 60_000;

/** Largest and smallest non-zero eigenvalues of M = Σ_s α_s z_s z_sᵀ (via the k×k Gram matrix of √α_s z_s). */
export function dualSpectrum(Z: Float64Array, d: number, svm: SvmSolution): { max: number; min: number } {
  const S = svm.support;
  const G = new Matrix(S.length, S.length);
  S.forEach((a, i) =>
    S.forEach((b, j) => {
      let s = 0;
      for (let k = 0; k < d; k++) s += Z[a * d + k] * Z[b * d + k];
      G.set(i, j, Math.sqrt(svm.alpha[a] * svm.alpha[b]) * s);
    }),
  );
  const ev = new EigenvalueDecomposition(G, { assumeSymmetric: true }).realEigenvalues;
  const max = Math.max(...ev);
  const nonzero = ev.filter((x) => x > 1e-12 * max);
  return { max, min: Math.min(...nonzero) };
}

/** Estimated DOPRI5 steps of the flow to 1e30 (one run; see FLOW_MAX_STEPS). */
export function flowStepEstimate(Z: Float64Array, d: number, svm: SvmSolution): number {
  return Math.ceil((Math.log(FLOW_T_END) * dualSpectrum(Z, d, svm).max) / 3.3);
}

/**
 * The horizon T (in GD steps of size η) from which a run over [√T, T] is in the asymptotic regime the rate
 * claims measure, computed from the data:
 * - the non-support points fade like t^{−δ}, δ = min over non-support points of ⟨ŵ, z_i⟩ − 1: T must satisfy
 *   (√T)^{−δ}/δ ≤ 0.25 (the rule of nonSupportGapFor, src/data/general-position.ts): T_δ = (4/δ)^{2/δ};
 * - the support part of ρ(t) relaxes to w̃ in log time τ = log(ηt) at the rate λ_min of M = Σ_s α_s z_s z_sᵀ
 *   (linearizing dρ/dτ = Σ_s (η e^{−⟨z_s, ρ⟩} − α_s) z_s at w̃): e^{−λ_min τ} ≤ 0.05 at τ = log √(ηT) needs
 *   T_α = e^{2·3/λ_min}/η.
 * Returns the larger, and both parts (Infinity when δ = 0: a non-support point on the margin cannot happen, a
 * point at margin exactly 1 is a support vector).
 */
export function decidingHorizon(Z: Float64Array, d: number, svm: SvmSolution, eta: number): { T: number; fromGap: number; fromDuals: number; gap: number; lambdaMin: number } {
  let gap = Infinity;
  for (let i = 0; i < svm.margins.length; i++) if (!svm.support.includes(i)) gap = Math.min(gap, svm.margins[i] - 1);
  const fromGap = gap === Infinity ? 1 : gap > 0 ? gapHorizon(gap) : Infinity;
  const { min } = dualSpectrum(Z, d, svm);
  const fromDuals = Math.exp(6 / min) / eta;
  return { T: Math.max(fromGap, fromDuals), fromGap, fromDuals, gap, lambdaMin: min };
}

/** Smallest T with (√T)^{−δ}/δ ≤ 0.25, the rule of nonSupportGapFor without its 0.05 grid: (4/δ)^{2/δ}. */
function gapHorizon(delta: number): number {
  return (4 / delta) ** (2 / delta);
}

/**
 * The gradient flow dw/dt = −∇L(w) (logistic loss, sum, w(0) = 0) to t = 1e30, as a GdExperiment with η = 1:
 * GD with step η at step t follows the flow at time ηt, so every trial's predictions (which use η) apply with
 * η = 1 and t the flow time. Throws when the integrator exceeds its step budget.
 */
export function flowExperiment(ds: Dataset, svm: SvmSolution, maxSteps: number): GdExperiment & { flowSteps: number; flowError: number } {
  const outputs = Array.from({ length: 30 * PER_DECADE + 1 }, (_, k) => 10 ** (k / PER_DECADE));
  const fl = gradientFlow(ds.Z, ds.n, ds.d, logistic, { tEnd: FLOW_T_END, outputs, maxSteps });
  return {
    ds,
    svm,
    cfg: { loss: logistic, eta: 1 },
    horizon: FLOW_T_END,
    w0: new Float64Array(ds.d),
    trace: { t: fl.t, w: fl.w, loss: fl.risk, logLoss: fl.logRisk, etaBound: NaN, iterations: 0 },
    flowSteps: fl.steps,
    flowError: Math.max(...fl.errorEstimate),
  };
}

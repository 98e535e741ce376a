/**
 * Gradient flow dw/dt = −∇L(w), L(w) = Σ_i ℓ(⟨w, z_i⟩) (seed 004, lecture 15, linear model), integrated by an
 * adaptive Dormand–Prince 5(4) Runge–Kutta method — not by GD with a small step.
 *
 * The integrator (`dopri5`, a general one for dy/dt = f(t, y)) is in dopri5.ts; this file holds
 * - `gradientFlow`: plain time on [0, t0], then log time s = log t on [log t0, log tEnd], where
 *   dw/ds = −eˢ ∇L(w). Along the flow on separable data w(t) ≈ ŵ log t + bounded, so w is nearly linear in s and
 *   the solver reaches t = 1e30 in a few hundred steps. The products eˢ·ℓ'(u), each factor of which over- or
 *   underflows there (eˢ = 1e30, ℓ'(u) ≈ 1e-30), are formed in log space.
 *   Cost: late in the flow the step is limited by stability, not accuracy. The Jacobian of dw/ds is
 *   −eˢ∇²L(w) = −Σ_i eˢℓ''(u_i) z_i z_iᵀ, whose largest eigenvalue λ tends to a constant (≈ 13 on planted n = 50,
 *   d = 5 data with margin ≈ 0.1; it grows as the margin shrinks), and DOPRI5 is stable for h·λ ≲ 3.3; so reaching
 *   s = log tEnd takes at least ≈ λ·log(tEnd)/3.3 steps whatever the tolerance (≈ 280 at t = 1e30 there). That
 *   count is invariant under any change of time variable; only an implicit method would go below it.
 *
 * Global error estimate (what `errorEstimate` means): an estimate, meant to over-state, of ‖w(t) − w_exact(t)‖₂
 * for the returned w(t). It is the largest of two estimates plus a rounding floor:
 * - two runs: the flow is integrated at the requested (rtol, atol) — the returned solution — and again at
 *   (c·rtol, c·atol), c = `coarseFactor` (default 100); ‖w_fine(t) − w_coarse(t)‖₂ estimates the global error of
 *   the coarse run, so, the global error being roughly proportional to the tolerance, it over-states the fine
 *   run's error by up to about c. It sees nothing where both runs took the same steps (e.g. one step to t=1e-3);
 * - accumulated local errors: Σ over the fine run's steps before t of the embedded error estimate ‖ŷ₅ − ŷ₄‖₂.
 *   L is convex, so the flow is non-expansive (‖w(t) − w'(t)‖ is non-increasing for two solutions) and the
 *   global error is at most the sum of the local errors; the embedded estimate is that of the 4th-order
 *   solution, larger than the local error of the propagated 5th-order one;
 * - rounding: ε·(steps + 1)·‖w(t)‖.
 * Measured on the closed form of one point (test/optimizers/flow.test.ts, t = 1e-3..1e30, rtol 1e-6 and 1e-10) the
 * true error is at most 15% of the estimate (typically 2–6%). It is not a rigorous bound.
 */
import { NumericalError } from '../harness/errors.js';
import type { Loss } from '../losses/loss.js';
import { logRisk } from '../metrics/margins.js';
import { dopri5, type Dopri5Options, type Dopri5Result } from './dopri5.js';

// ---------------------------------------------------------------------------------------------------------------
// Gradient flow of L(w) = Σ_i ℓ(⟨w, z_i⟩) (or the mean) in plain then log time.

/**
 * −c·ℓ'(u) with c = e^{logScale}, formed without over/underflow for the exponential and logistic losses:
 * exponential −eˢℓ'(u) = exp(s − u); logistic −eˢℓ'(u) = eˢ/(1 + eᵘ) = exp(s − u)/(1 + e^{−u}) for u > 0 and
 * exp(s − log1p(eᵘ)) for u ≤ 0. Other losses fall back to e^{logScale}·(−ℓ'(u)).
 */
export function scaledNegDerivative(loss: Loss, u: number, logScale: number): number {
  if (loss.name === 'exponential') return Math.exp(logScale - u);
  if (loss.name === 'logistic') {
    return u > 0 ? Math.exp(logScale - u) / (1 + Math.exp(-u)) : Math.exp(logScale - Math.log1p(Math.exp(u)));
  }
  return logScale === 0 ? -loss.derivative(u) : -Math.exp(logScale) * loss.derivative(u);
}

/**
 * out = −e^{logScale}·∇L(w) = Σ_i e^{logScale}·(−ℓ'(⟨w, z_i⟩)) z_i for Z point-major n×d. logScale = 0 gives the
 * gradient-flow velocity ẇ = −∇L(w); logScale = s gives dw/ds in log time. Add −log n to logScale for the mean.
 */
export function flowVelocity(Z: Float64Array, n: number, d: number, loss: Loss, w: Float64Array,
  logScale: number, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let u = 0;
    for (let k = 0; k < d; k++) u += Z[o + k] * w[k];
    const c = scaledNegDerivative(loss, u, logScale);
    if (c === 0) continue;
    for (let k = 0; k < d; k++) out[k] += c * Z[o + k];
  }
  return out;
}

/** log L(w) = log Σ_i ℓ(⟨w, z_i⟩) (src/metrics/margins.ts, logRisk), in this module's argument order. */
export function logRiskOf(Z: Float64Array, n: number, d: number, loss: Loss, w: Float64Array): number {
  return logRisk(Z, n, d, w, loss);
}

export interface GradientFlowOptions {
  /** last time integrated to; every output must lie in [0, tEnd] */
  tEnd: number;
  /** times at which w is returned, non-decreasing in [0, tEnd]; default [tEnd] */
  outputs?: readonly number[];
  /** w(0); default 0 */
  w0?: Float64Array;
  /** relative tolerance of the returned run; default 1e-8 */
  rtol?: number;
  /** absolute tolerance of the returned run; default 1e-10 */
  atol?: number;
  /** L = (1/n)Σ ℓ instead of Σ ℓ (the slide's linear part uses the sum); default false */
  mean?: boolean;
  /** switch from plain time to log time at t0 > 0; default 1 */
  t0?: number;
  /** the coarse run of the error estimate uses tolerances × coarseFactor (> 1); default 100 */
  coarseFactor?: number;
  /** step budget of each phase of each run; default 100 000 */
  maxSteps?: number;
}

export interface GradientFlowResult {
  /** the output times */
  t: number[];
  /** w(t) of the run at (rtol, atol) */
  w: Float64Array[];
  /** L(w(t)); exp(logRisk), so 0 only below 1e-308 */
  risk: number[];
  /** log L(w(t)), finite at any t reached */
  logRisk: number[];
  /** estimate of ‖w(t) − w_exact(t)‖₂, described at the top of this file */
  errorEstimate: number[];
  /**
   * estimate of |logRisk − log L(w_exact(t))| (≈ relative error of risk): max_i‖z_i‖·errorEstimate for the
   * exponential and logistic losses (log ℓ is 1-Lipschitz), |log L(w_fine) − log L(w_coarse)| for others
   */
  logRiskErrorEstimate: number[];
  /** ‖w_fine(t) − w_coarse(t)‖₂ alone (the two-run part of errorEstimate) */
  twoRunDifference: number[];
  /** Σ of the fine run's embedded local error estimates before t (see Dopri5Result.localErrorSum) */
  localErrorSum: number[];
  /** accepted steps of the returned run, both phases */
  steps: number;
  /** accepted steps of the coarse run */
  stepsCoarse: number;
  /** evaluations of ∇L, both runs */
  evaluations: number;
}

interface FlowRun { w: Float64Array[]; stepsAt: number[]; localErrorSum: number[]; steps: number; evaluations: number }

/** One run of the two-phase integration at the given tolerances; targets are the outputs then tEnd. */
function runFlow(Z: Float64Array, n: number, d: number, loss: Loss, w0: Float64Array, targets: number[],
  t0: number, logMean: number, tol: Dopri5Options): FlowRun {
  const tSplit = Math.min(t0, targets[targets.length - 1]);
  const early = targets.filter((t) => t <= tSplit);
  const late = targets.filter((t) => t > tSplit);
  const plain = dopri5((_t, w, out) => { flowVelocity(Z, n, d, loss, w, logMean, out); }, 0, w0,
    [...early, tSplit], tol);
  const last = plain.y.length - 1;
  const out: FlowRun = {
    w: plain.y.slice(0, early.length), stepsAt: plain.stepsAt.slice(0, early.length),
    localErrorSum: plain.localErrorSum.slice(0, early.length), steps: plain.steps, evaluations: plain.evaluations,
  };
  if (late.length > 0) {
    const logTime = dopri5((s, w, o) => { flowVelocity(Z, n, d, loss, w, s + logMean, o); }, Math.log(tSplit),
      plain.y[last], late.map(Math.log), tol);
    out.w.push(...logTime.y);
    out.stepsAt.push(...logTime.stepsAt.map((k) => k + plain.steps));
    out.localErrorSum.push(...logTime.localErrorSum.map((e) => e + plain.localErrorSum[last]));
    out.steps += logTime.steps;
    out.evaluations += logTime.evaluations;
  }
  for (const w of out.w) {
    for (let k = 0; k < d; k++) if (!Number.isFinite(w[k])) throw new NumericalError(`gradientFlow: non-finite w[${k}]`);
  }
  return out;
}

/**
 * Gradient flow dw/dt = −∇L(w), L(w) = Σ_i ℓ(⟨w, z_i⟩) (or (1/n)Σ with `mean`), from w(0) = w0 (default 0),
 * on Z point-major n×d (z_i = y_i x_i). Plain time on [0, t0], log time s = log t after, so t = 1e30 costs a few
 * hundred steps. Returns w, L and log L at each output time, and a global error estimate (see top of file).
 * @example gradientFlow(Z, n, d, exponential, { tEnd: 1e30, outputs: [1, 1e10, 1e30] }).logRisk
 */
export function gradientFlow(Z: Float64Array, n: number, d: number, loss: Loss, opts: GradientFlowOptions): GradientFlowResult {
  const { tEnd } = opts;
  const outputs = [...(opts.outputs ?? [tEnd])];
  const t0 = opts.t0 ?? 1, factor = opts.coarseFactor ?? 100;
  if (!(tEnd > 0) || !Number.isFinite(tEnd)) throw new RangeError(`gradientFlow: needs finite tEnd > 0, got ${tEnd}`);
  if (!(t0 > 0)) throw new RangeError(`gradientFlow: needs t0 > 0, got ${t0}`);
  if (!(factor > 1)) throw new RangeError(`gradientFlow: needs coarseFactor > 1, got ${factor}`);
  if (Z.length !== n * d) throw new RangeError(`gradientFlow: Z has ${Z.length} entries, expected n·d = ${n * d}`);
  for (let j = 0; j < outputs.length; j++) {
    if (!(outputs[j] >= 0 && outputs[j] <= tEnd) || (j > 0 && outputs[j] < outputs[j - 1])) {
      throw new RangeError(`gradientFlow: outputs must be non-decreasing in [0, tEnd=${tEnd}]; output ${j} is ${outputs[j]}`);
    }
  }
  const w0 = opts.w0 ?? new Float64Array(d);
  if (w0.length !== d) throw new RangeError(`gradientFlow: w0 has length ${w0.length}, expected d = ${d}`);
  const rtol = opts.rtol ?? 1e-8, atol = opts.atol ?? 1e-10, maxSteps = opts.maxSteps ?? 100_000;
  const logMean = opts.mean ? -Math.log(n) : 0;
  const targets = outputs[outputs.length - 1] === tEnd ? outputs : [...outputs, tEnd];

  const fine = runFlow(Z, n, d, loss, w0, targets, t0, logMean, { rtol, atol, maxSteps });
  const coarse = runFlow(Z, n, d, loss, w0, targets, t0, logMean, { rtol: rtol * factor, atol: atol * factor, maxSteps });
  const res: GradientFlowResult = {
    t: outputs, w: fine.w.slice(0, outputs.length), risk: [], logRisk: [], errorEstimate: [], logRiskErrorEstimate: [], twoRunDifference: [],
    localErrorSum: fine.localErrorSum.slice(0, outputs.length),
    steps: fine.steps, stepsCoarse: coarse.steps, evaluations: fine.evaluations + coarse.evaluations,
  };
  const logLipschitz = loss.name === 'exponential' || loss.name === 'logistic';
  let zMax = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < d; k++) r += Z[i * d + k] ** 2;
    zMax = Math.max(zMax, Math.sqrt(r));
  }
  for (let j = 0; j < outputs.length; j++) {
    const lr = logRiskOf(Z, n, d, loss, fine.w[j]) + logMean;
    const lrCoarse = logRiskOf(Z, n, d, loss, coarse.w[j]) + logMean;
    let e = 0;
    for (let k = 0; k < d; k++) e += (fine.w[j][k] - coarse.w[j][k]) ** 2;
    res.logRisk.push(lr);
    res.risk.push(Math.exp(lr));
    const two = Math.sqrt(e);
    let wn = 0;
    for (let k = 0; k < d; k++) wn += fine.w[j][k] ** 2;
    const est = Math.max(two, fine.localErrorSum[j]) + Number.EPSILON * (fine.stepsAt[j] + 1) * Math.sqrt(wn);
    res.twoRunDifference.push(two);
    res.errorEstimate.push(est);
    // log ℓ is 1-Lipschitz for these losses, so |log L(w) − log L(w')| ≤ max_i‖z_i‖·‖w − w'‖
    res.logRiskErrorEstimate.push(logLipschitz ? zMax * est : Math.abs(lr - lrCoarse));
  }
  return res;
}

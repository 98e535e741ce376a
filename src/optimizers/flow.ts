/**
 * Gradient flow dw/dt = −∇L(w), L(w) = Σ_i ℓ(⟨w, z_i⟩) (seed 004, lecture 15, linear model), integrated by an
 * adaptive Dormand–Prince 5(4) Runge–Kutta method — not by GD with a small step.
 *
 * Two layers:
 * - `dopri5`: a general integrator for dy/dt = f(t, y) over Float64Array. Stages are allocated once per call;
 *   a step allocates nothing (the FSAL stage is swapped by reference). Outputs are hit exactly: the step that
 *   would pass an output time is shortened to end on it, so every output carries the full 5th-order accuracy
 *   (no interpolation error), at the cost of at most one extra step per output.
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

/** Right-hand side f(t, y) of dy/dt = f(t, y), written into out (out never aliases y; must not allocate). */
export type OdeRhs = (t: number, y: Float64Array, out: Float64Array) => void;

export interface Dopri5Options {
  /** relative tolerance of the local error (per component, scaled by max(|y_old|, |y_new|)); default 1e-8 */
  rtol?: number;
  /** absolute tolerance of the local error; default 1e-10 */
  atol?: number;
  /** first step; default Hairer's estimate from f(t0, y0) and one extra evaluation */
  h0?: number;
  /** largest step; default Infinity */
  hMax?: number;
  /** accepted + rejected steps allowed before a NumericalError; default 100 000 */
  maxSteps?: number;
}

export interface Dopri5Result {
  /** the output times, as requested */
  t: number[];
  /** y at each output time (fresh copies) */
  y: Float64Array[];
  /** accepted steps */
  steps: number;
  /** rejected steps */
  rejected: number;
  /** evaluations of f */
  evaluations: number;
  /** accepted steps taken before each output */
  stepsAt: number[];
  /**
   * Σ over the accepted steps before each output of ‖ŷ₅ − ŷ₄‖₂, the embedded estimate of each step's local error
   * (it estimates the 4th-order solution's local error, so it over-states that of the propagated 5th-order one).
   * It bounds the global error only when the flow of f is non-expansive (e.g. gradient flow of a convex function).
   */
  localErrorSum: number[];
}

// Dormand & Prince (1980) tableau; E = b(5th order) − b̂(4th order). Hairer, Nørsett & Wanner, Solving ODEs I, §II.5.
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

// Step-size control as in Hairer's DOPRI5: PI controller h_new = h · safe · err^{−(1/5 − 0.75β)} · err_old^{β},
// the factor clamped to [1/10, 5], never increased right after a rejection.
const SAFE = 0.9, BETA = 0.04, EXPO1 = 0.2 - 0.75 * BETA, FAC_MIN = 0.1, FAC_MAX = 5;

/** The error norm of Hairer: sqrt(mean_i (e_i / (atol + rtol·max(|y_i|, |ŷ_i|)))²). */
function errorNorm(e: Float64Array, y: Float64Array, yNew: Float64Array, rtol: number, atol: number): number {
  let s = 0;
  for (let i = 0; i < e.length; i++) {
    const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
    const r = e[i] / sc;
    s += r * r;
  }
  return Math.sqrt(s / e.length);
}

/** Hairer's starting step (HINIT): h with h·‖f‖ ≈ 1% of ‖y‖ and h⁵·‖f'‖ ≈ 1% in the scaled norm. */
function initialStep(f: OdeRhs, t: number, y: Float64Array, f0: Float64Array, rtol: number, atol: number,
  hMax: number, y1: Float64Array, f1: Float64Array): number {
  const n = y.length;
  let dnf = 0, dny = 0;
  for (let i = 0; i < n; i++) {
    const sc = atol + rtol * Math.abs(y[i]);
    dnf += (f0[i] / sc) ** 2;
    dny += (y[i] / sc) ** 2;
  }
  dnf /= n; dny /= n;
  let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
  h = Math.min(h, hMax);
  for (let i = 0; i < n; i++) y1[i] = y[i] + h * f0[i];
  f(t + h, y1, f1);
  let der2 = 0;
  for (let i = 0; i < n; i++) der2 += ((f1[i] - f0[i]) / (atol + rtol * Math.abs(y[i]))) ** 2;
  der2 = Math.sqrt(der2 / n) / h;
  const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
  const h1 = der12 <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / der12) ** 0.2;
  const h0 = Math.min(100 * h, h1, hMax);
  return Number.isFinite(h0) && h0 > 0 ? h0 : 1e-6;
}

/**
 * Integrates dy/dt = f(t, y), y(tStart) = y0, with Dormand–Prince 5(4) (FSAL, PI step-size control, local
 * extrapolation: the 5th-order solution is propagated), and returns y at each time in `outputs`
 * (non-decreasing, ≥ tStart; an output equal to tStart returns y0). Throws NumericalError on step-size
 * underflow, on non-finite values that shrinking the step cannot cure, or past maxSteps.
 * @example dopri5((t, y, out) => { out[0] = -y[0]; }, 0, new Float64Array([1]), [1]).y[0][0] // ≈ e^{-1}
 */
export function dopri5(f: OdeRhs, tStart: number, y0: Float64Array, outputs: readonly number[],
  opts: Dopri5Options = {}): Dopri5Result {
  const rtol = opts.rtol ?? 1e-8, atol = opts.atol ?? 1e-10;
  const hMax = opts.hMax ?? Infinity, maxSteps = opts.maxSteps ?? 100_000;
  if (!(rtol > 0) || !(atol >= 0)) throw new RangeError(`dopri5: needs rtol > 0 and atol ≥ 0, got rtol=${rtol} atol=${atol}`);
  for (let j = 0; j < outputs.length; j++) {
    const prev = j === 0 ? tStart : outputs[j - 1];
    if (!Number.isFinite(outputs[j]) || outputs[j] < prev) {
      throw new RangeError(`dopri5: outputs must be finite, non-decreasing and ≥ tStart=${tStart}; output ${j} is ${outputs[j]} after ${prev}`);
    }
  }
  const n = y0.length;
  const y = Float64Array.from(y0), yNew = new Float64Array(n), ys = new Float64Array(n), yErr = new Float64Array(n);
  let k1 = new Float64Array(n), k7 = new Float64Array(n);
  const k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const k5 = new Float64Array(n), k6 = new Float64Array(n);
  const res: Dopri5Result = { t: [], y: [], steps: 0, rejected: 0, evaluations: 0, stepsAt: [], localErrorSum: [] };
  let t = tStart, next = 0, localSum = 0;
  const emit = () => {
    while (next < outputs.length && outputs[next] <= t) {
      res.t.push(outputs[next++]);
      res.y.push(Float64Array.from(y));
      res.stepsAt.push(res.steps);
      res.localErrorSum.push(localSum);
    }
  };
  emit();
  if (next === outputs.length) return res;

  f(t, y, k1);
  res.evaluations++;
  let h = opts.h0 ?? initialStep(f, t, y, k1, rtol, atol, hMax, k2, k3);
  if (opts.h0 === undefined) res.evaluations++;
  let errOld = 1e-4, lastRejected = false;

  while (next < outputs.length) {
    if (res.steps + res.rejected >= maxSteps) {
      throw new NumericalError(`dopri5: ${maxSteps} steps reached at t=${t} before output t=${outputs[next]}`);
    }
    const target = outputs[next];
    // shorten the step to land on the next output; also avoid leaving a sliver (< 1% of h) before it
    const hits = t + 1.01 * h >= target;
    const hs = hits ? target - t : h;
    if (!(hs > 1e-14 * Math.max(1, Math.abs(t)))) throw new NumericalError(`dopri5: step size underflow (h=${hs}) at t=${t}`);

    for (let i = 0; i < n; i++) ys[i] = y[i] + hs * A21 * k1[i];
    f(t + C2 * hs, ys, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hs * (A31 * k1[i] + A32 * k2[i]);
    f(t + C3 * hs, ys, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hs * (A41 * k1[i] + A42 * k2[i] + A43 * k3[i]);
    f(t + C4 * hs, ys, k4);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hs * (A51 * k1[i] + A52 * k2[i] + A53 * k3[i] + A54 * k4[i]);
    f(t + C5 * hs, ys, k5);
    for (let i = 0; i < n; i++) ys[i] = y[i] + hs * (A61 * k1[i] + A62 * k2[i] + A63 * k3[i] + A64 * k4[i] + A65 * k5[i]);
    const tNew = hits ? target : t + hs;
    f(tNew, ys, k6);
    for (let i = 0; i < n; i++) yNew[i] = y[i] + hs * (A71 * k1[i] + A73 * k3[i] + A74 * k4[i] + A75 * k5[i] + A76 * k6[i]);
    f(tNew, yNew, k7);
    res.evaluations += 6;
    for (let i = 0; i < n; i++) yErr[i] = hs * (E1 * k1[i] + E3 * k3[i] + E4 * k4[i] + E5 * k5[i] + E6 * k6[i] + E7 * k7[i]);
    const err = errorNorm(yErr, y, yNew, rtol, atol);

    if (!Number.isFinite(err)) { // overflow inside a too-long step: shrink hard and retry
      h = hs * FAC_MIN;
      res.rejected++;
      lastRejected = true;
      continue;
    }
    const fac11 = err ** EXPO1;
    if (err <= 1) {
      const fac = Math.min(1 / FAC_MIN, Math.max(1 / FAC_MAX, fac11 / errOld ** BETA / SAFE));
      let hNew = Math.min(hs / fac, hMax);
      if (lastRejected) hNew = Math.min(hNew, hs);
      errOld = Math.max(err, 1e-4);
      // a step shortened to hit an output says little about the natural step: keep the longer proposal
      h = hits ? Math.max(hNew, Math.min(h, hMax)) : hNew;
      let e2 = 0;
      for (let i = 0; i < n; i++) e2 += yErr[i] * yErr[i];
      localSum += Math.sqrt(e2);
      y.set(yNew);
      const tmp = k1; k1 = k7; k7 = tmp; // FSAL: f(t_new, y_new) is the next step's first stage
      t = tNew;
      res.steps++;
      lastRejected = false;
      emit();
    } else {
      h = hs / Math.min(FAC_MAX, fac11 / SAFE);
      res.rejected++;
      lastRejected = true;
    }
  }
  return res;
}

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

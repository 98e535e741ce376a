/**
 * An adaptive Dormand–Prince 5(4) Runge–Kutta integrator for dy/dt = f(t, y) over Float64Array (Dormand &
 * Prince, J. Comput. Appl. Math. 6, 1980; step-size control after the DOPRI5 code of Hairer, Nørsett & Wanner,
 * Solving ODEs I). Stages are allocated once per call; a step allocates nothing (the FSAL stage is swapped by
 * reference). Outputs are hit exactly: the step that would pass an output time is shortened to end on it, so every
 * output carries the full 5th-order accuracy (no interpolation error), at the cost of at most one extra step per
 * output. The gradient flow (flow.ts) and the deep linear network's flow (src/models/deep-linear.ts) use it.
 */
import { NumericalError } from '../harness/errors.js';

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

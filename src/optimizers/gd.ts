import { AssumptionError, NumericalError } from '../harness/errors.js';
import type { Loss } from '../losses/loss.js';
import { sigmaMax } from '../linalg/spectral.js';
import { logRisk } from '../metrics/margins.js';
import { selectGdGradient, type GdKernelChoice } from '../linalg/gd-kernel.js';
import { geometricCheckpoints } from './checkpoints.js';

/** Configuration of gradient descent on a margin risk L(w) = Σ_i ℓ(⟨w, z_i⟩) (or its mean). */
export interface GdConfig {
  loss: Loss;
  /** fixed step η */
  eta: number;
  /** risk as the mean (1/n)Σ instead of the sum (Ji–Telgarsky and seed 004's networks use the mean) */
  mean?: boolean;
  /** L2 weight decay λ: the update uses ∇L + λw (a negative control: the limit is the regularized solution) */
  weightDecay?: number;
  /** project w onto the ball ‖w‖ ≤ r after each step (a negative control: the norm cannot diverge) */
  projectRadius?: number;
  /** the loss whose derivative drives the update, when it differs from `loss` (a negative control) */
  gradientLoss?: Loss;
  /** skip the step-size assumption check (only for experiments that study large steps) */
  allowLargeStep?: boolean;
  /**
   * gradient implementation (src/linalg/gd-kernel.ts): 'auto' (default) keeps the loop below for n ≤ 20 and d ≤ 6,
   * for n·d < 512 and for losses other than the project's logistic/exponential/square, and otherwise uses the
   * WebAssembly SIMD kernel (same update up to summation order; a worker thread for n·d ≥ 3e4, n > 768); 'reference'
   * forces the loop, 'wasm' / 'wasm-threads' force the kernel
   */
  kernel?: GdKernelChoice;
}

/** The recorded trajectory at geometric checkpoints. */
export interface GdTrace {
  /** iteration counts of the checkpoints (t ≥ 1) */
  t: number[];
  /** w_t at each checkpoint (copies) */
  w: Float64Array[];
  /** L(w_t) at each checkpoint (sum or mean as configured); logLoss keeps it when it underflows */
  loss: number[];
  logLoss: number[];
  /** the step-size bound that was checked, 2/(β σ_max²) for the sum (×n for the mean) */
  etaBound: number;
  iterations: number;
  /** the gradient implementation that ran: 'reference' (the fused loop of runGd), 'wasm' or 'wasm-2threads' */
  kernel?: 'reference' | 'wasm' | 'wasm-2threads';
}

/**
 * The largest admissible fixed step for GD on a margin risk: η < 2/(β σ_max²(Z)) for the sum (Soudry et al.
 * 2018, Assumption 3 / Thm 3), ×n for the mean. The exponential loss has no global β; on the sublevel set
 * {L ≤ L(w0)} its Hessian Σ e^{−u_i} z_i z_iᵀ ⪯ L(w0)·ZᵀZ, so β_eff = L(w0) there (sum form).
 */
export function gdStepBound(Z: Float64Array, n: number, d: number, loss: Loss, w0: Float64Array, mean = false): number {
  const s = sigmaMax(Z, n, d);
  let beta = loss.beta;
  if (!Number.isFinite(beta)) {
    let L = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let k = 0; k < d; k++) u += w0[k] * Z[i * d + k];
      L += loss.value(u);
    }
    beta = mean ? L / n : L;
  }
  const bound = 2 / (beta * s * s);
  return mean ? bound * n : bound;
}

/**
 * Gradient descent w_{t+1} = w_t − η(∇L(w_t) + λ w_t), from w_0, for `horizon` iterations, recording w_t at
 * geometric checkpoints. One fused pass per iteration (u_i = ⟨w, z_i⟩, g += ℓ'(u_i) z_i) over Float64Arrays;
 * nothing is allocated inside the loop. Throws AssumptionError when η is above the bound, NumericalError when
 * w or the loss stops being finite (naming the iteration).
 */
export function runGd(
  Z: Float64Array,
  n: number,
  d: number,
  w0: Float64Array,
  horizon: number,
  cfg: GdConfig,
  perDecade = 20,
): GdTrace {
  const { loss, eta } = cfg;
  if (!(eta > 0 && Number.isFinite(eta))) throw new AssumptionError(`gd: step η must be positive and finite, got ${eta}`);
  if (w0.length !== d) throw new AssumptionError(`gd: w0 has length ${w0.length}, expected d=${d}`);
  const etaBound = gdStepBound(Z, n, d, loss, w0, cfg.mean);
  if (!cfg.allowLargeStep && !(eta < etaBound))
    throw new AssumptionError(`gd: step η=${eta} is not below the bound 2/(β σ_max²)=${etaBound.toPrecision(6)} (assumption of the theorem)`);
  const dl = (cfg.gradientLoss ?? loss).derivative;
  const scale = cfg.mean ? eta / n : eta;
  const lambda = cfg.weightDecay ?? 0;
  const radius = cfg.projectRadius ?? Infinity;
  const w = Float64Array.from(w0);
  const g = new Float64Array(d);
  const checkpoints = geometricCheckpoints(horizon, perDecade);
  const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound, iterations: 0 };
  let next = 0;
  const kernel = selectGdGradient(Z, n, d, dl, cfg.kernel ?? 'auto', horizon);
  trace.kernel = kernel ? kernel.name : 'reference';
  try {
    for (let t = 1; t <= horizon; t++) {
      if (kernel) kernel.gradient(w, g);
      else {
        // marginGradient's loop, inlined: the call costs 10% here (1e6 iterations at n = 20, d = 3: 805 vs 730 ms)
        g.fill(0);
        for (let i = 0; i < n; i++) {
          const o = i * d;
          let u = 0;
          for (let k = 0; k < d; k++) u += w[k] * Z[o + k];
          const c = dl(u);
          for (let k = 0; k < d; k++) g[k] += c * Z[o + k];
        }
      }
      for (let k = 0; k < d; k++) w[k] -= scale * g[k] + eta * lambda * w[k];
      if (radius < Infinity) {
        let r = 0;
        for (let k = 0; k < d; k++) r += w[k] * w[k];
        r = Math.sqrt(r);
        if (r > radius) for (let k = 0; k < d; k++) w[k] *= radius / r;
      }
      if (t === checkpoints[next]) {
        recordCheckpoint(trace, t, w, Z, n, d, loss, cfg.mean ?? false);
        next++;
      }
    }
  } finally {
    kernel?.release();
  }
  trace.iterations = horizon;
  return trace;
}

/**
 * The reference loop: g = Σ_i ℓ'(⟨w, z_i⟩) z_i in one fused pass over the rows (u_i, then its term), no
 * allocation. runGd inlines it; the benchmark and the fast kernels of src/linalg/gd-kernel.ts compare against it.
 */
export function marginGradient(Z: Float64Array, n: number, d: number, dl: (u: number) => number, w: Float64Array, g: Float64Array): void {
  g.fill(0);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let u = 0;
    for (let k = 0; k < d; k++) u += w[k] * Z[o + k];
    const c = dl(u);
    for (let k = 0; k < d; k++) g[k] += c * Z[o + k];
  }
}

export function recordCheckpoint(trace: GdTrace, t: number, w: Float64Array, Z: Float64Array, n: number, d: number, loss: Loss, mean: boolean): void {
  // log-sum-exp over log ℓ(u_i) (metrics' logRisk) keeps the risk when every term underflows
  pushRisk(trace, t, w, logRisk(Z, n, d, w, loss) - (mean ? Math.log(n) : 0));
}

/**
 * Appends a checkpoint to a GD trace (a copy of w_t, L and log L): the one record of every GD-like run (runGd, and
 * the role runs of src/impl/trace-role.ts). log L = −∞ is kept (every term underflowed: L = 0, not an error); a
 * non-finite iterate, or log L NaN or +∞ (the risk overflowed), is a NumericalError naming `what` and the step.
 */
export function pushRisk(trace: GdTrace, t: number, w: Float64Array, logL: number, what = 'gd'): void {
  for (let k = 0; k < w.length; k++)
    if (!Number.isFinite(w[k])) throw new NumericalError(`${what}: w_t[${k}] = ${w[k]} at iteration ${t}`);
  if (!(logL < Infinity)) throw new NumericalError(`${what}: loss is ${Number.isNaN(logL) ? 'NaN' : 'Infinity'} at iteration ${t}`);
  trace.t.push(t);
  trace.w.push(Float64Array.from(w));
  trace.loss.push(Math.exp(logL));
  trace.logLoss.push(logL);
}

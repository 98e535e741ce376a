/**
 * Neural tangent kernel experiments (seed 002, "One approach to nonlinearities: NTK" and "The initial kernel"):
 * the empirical tangent kernel of f(x) = m^{−1/2} Σ_r a_r σ(w_rᵀx) at a random init against its infinite-width limit
 * (Cho & Saul's arc-cosine kernels with our normalization), and the weights' relative movement during training as
 * the width grows (lazy training, Chizat–Oyallon–Bach 2019).
 */
import { ClaimViolation, Inconclusive } from '../harness/errors.js';
import type { Profile, TrialResult } from '../harness/types.js';
import { fitLine } from '../metrics/fit.js';
import { relu2FullRiskGrad, type Relu2Params } from '../models/relu2-full.js';
import { rngUniform, seedRng } from '../optimizers/rng.js';
import { gaussian, gaussianFill } from './random.js';

/** n points on the unit sphere of R^d. */
export function spherePoints(n: number, d: number, seed: number): Float64Array {
  const rng = seedRng(seed);
  const X = new Float64Array(n * d);
  for (let k = 0; k < n; k++) {
    const x = gaussianFill(rng, new Float64Array(d));
    const r = Math.hypot(...x);
    for (let c = 0; c < d; c++) X[k * d + c] = x[c] / r;
  }
  return X;
}

/**
 * The two parts of the empirical tangent kernel at (W, a), a_r = ±1: first layer
 * K₁(x, x') = (1/m)Σ_r σ'(w_r·x)σ'(w_r·x') xᵀx', second layer K₂(x, x') = (1/m)Σ_r σ(w_r·x)σ(w_r·x'), as n×n.
 */
export function empiricalNtk(W: Float64Array, m: number, d: number, X: Float64Array, n: number): { K1: Float64Array; K2: Float64Array } {
  const pre = new Float64Array(m * n);
  for (let r = 0; r < m; r++) for (let k = 0; k < n; k++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += W[r * d + c] * X[k * d + c];
    pre[r * n + k] = s;
  }
  const K1 = new Float64Array(n * n), K2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) {
    let act = 0, val = 0;
    for (let r = 0; r < m; r++) {
      const u = pre[r * n + i], v = pre[r * n + j];
      if (u > 0 && v > 0) { act++; val += u * v; }
    }
    let dot = 0;
    for (let c = 0; c < d; c++) dot += X[i * d + c] * X[j * d + c];
    K1[i * n + j] = K1[j * n + i] = (act / m) * dot;
    K2[i * n + j] = K2[j * n + i] = val / m;
  }
  return { K1, K2 };
}

/**
 * The infinite-width kernel for unit-norm inputs, u = xᵀx', θ = arccos u: K₁ = u(π − θ)/(2π),
 * K₂ = (sin θ + (π − θ)u)/(2π). Cho & Saul's arc-cosine kernels k₀ = 1 − θ/π and k₁ = (sin θ + (π − θ)cos θ)/π are
 * normalized for 2·E[…]; `choSaulFactor` = 2 uses them as printed (the control: a limit off by the factor 2).
 */
export function analyticNtk(X: Float64Array, n: number, d: number, choSaulFactor = 1): { K1: Float64Array; K2: Float64Array } {
  const K1 = new Float64Array(n * n), K2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let u = 0;
    for (let c = 0; c < d; c++) u += X[i * d + c] * X[j * d + c];
    u = Math.max(-1, Math.min(1, u));
    const th = Math.acos(u);
    K1[i * n + j] = choSaulFactor * u * (Math.PI - th) / (2 * Math.PI);
    K2[i * n + j] = choSaulFactor * (Math.sin(th) + (Math.PI - th) * u) / (2 * Math.PI);
  }
  return { K1, K2 };
}

export const NTK_BUDGET = {
  widths: { smoke: [16, 64, 256, 1024], default: [16, 64, 256, 1024, 4096], thorough: [16, 64, 256, 1024, 4096, 16384] },
  draws: { smoke: 8, default: 24, thorough: 64 },
} as const satisfies Record<string, Record<Profile, readonly number[] | number>>;

/**
 * The error of a width is the root mean square over `draws` independent inits of ‖K_m − K_∞‖_F/n (both parts): a
 * sum of m i.i.d. terms, so E‖K_m − K‖² = c/m exactly and the RMS error is ∝ m^{−1/2} at every width, with a
 * relative sampling error of about 1/√(2·draws) per width (0.14 at 24 draws).
 * Confirmed when the fitted slope of log RMS error against log m is within SLOPE_TOL of −½; violated when the slope
 * is ≥ −FLAT (the error stops shrinking: the empirical kernel does not tend to that limit).
 * SLOPE_TOL = 0.1: over 2.4 decades of m the per-width sampling error of 0.14 moves the slope by ≲ 0.05.
 */
export const NTK_SLOPE_TOL = 0.1;
export const NTK_FLAT = 0.15;

export interface NtkSweep { widths: number[]; errors: number[]; slope: number; slopeCI: [number, number] }

export function ntkSweep(X: Float64Array, n: number, d: number, widths: readonly number[], draws: number, seed: number, choSaulFactor = 1): NtkSweep {
  const lim = analyticNtk(X, n, d, choSaulFactor);
  const rng = seedRng(seed);
  const errors = widths.map((m) => {
    let ss = 0;
    for (let k = 0; k < draws; k++) {
      const W = gaussianFill(rng, new Float64Array(m * d));
      const { K1, K2 } = empiricalNtk(W, m, d, X, n);
      let e = 0;
      for (let p = 0; p < n * n; p++) e += (K1[p] + K2[p] - lim.K1[p] - lim.K2[p]) ** 2;
      ss += e / (n * n);
    }
    return Math.sqrt(ss / draws);
  });
  const fit = fitLine(widths.map(Math.log), errors.map(Math.log));
  return { widths: [...widths], errors, slope: fit.slope, slopeCI: fit.slopeCI };
}

/** A width-scaling trial: slope of log(quantity) against log m must be within tol of `predicted`; flat is violated. */
export function slopeDecision(claim: string, what: string, sweep: { widths: number[]; values: number[]; slope: number; slopeCI: [number, number] },
  predicted: number, tol: number, flat: number, label: string): TrialResult {
  const figures: Record<string, number> = { slope: sweep.slope, slopeLo: sweep.slopeCI[0], slopeHi: sweep.slopeCI[1], predictedSlope: predicted };
  sweep.widths.forEach((m, i) => { figures[`at_m${m}`] = sweep.values[i]; });
  const plot = {
    title: `${what} against the width (${label})`, xLabel: 'width m', yLabel: what, xLog: true, yLog: true,
    series: [
      { name: 'measured', x: sweep.widths, y: sweep.values },
      { name: `∝ m^${predicted} (matched at the first width)`, x: sweep.widths, y: sweep.widths.map((m) => sweep.values[0] * (m / sweep.widths[0]) ** predicted), role: 'predicted' as const },
    ],
  };
  const msg = `${claim} [${label}]: slope of log ${what} against log m = ${sweep.slope.toFixed(3)} (95% interval [${sweep.slopeCI[0].toFixed(3)}, ${sweep.slopeCI[1].toFixed(3)}]), predicted ${predicted} ± ${tol}; values ${sweep.values.map((v) => v.toExponential(2)).join(', ')} at m = ${sweep.widths.join(', ')}`;
  if (sweep.slope >= -flat) throw new ClaimViolation(`${msg}: it does not shrink with the width`, figures, plot);
  if (Math.abs(sweep.slope - predicted) > tol) throw new Inconclusive(`${msg}: shrinks, but not at the predicted rate`, figures, plot);
  return { figures, slack: 1 - Math.abs(sweep.slope - predicted) / tol, plot };
}

// ---- lazy training ----

/**
 * Relative movement ‖θ_T − θ_0‖/‖θ_0‖ (both layers) of GD on the mean logistic risk until R̂ ≤ LAZY_TARGET, for the
 * NTK parametrization f = m^{−1/2}Σ a_r σ(w_rᵀx) at a fixed step, or (control) the mean-field parametrization
 * f = m^{−1}Σ a_r σ(w_rᵀx) with the step scaled by m (the standard way to train it in time independent of m).
 */
export const LAZY_TARGET = 0.1;
export const LAZY_ETA = 2;
export const LAZY_MAX_STEPS = 20_000;

export function lazyMovement(X: Float64Array, y: Float64Array, n: number, d: number, m: number, seed: number, meanField: boolean): { movement: number; steps: number } {
  const rng = seedRng(seed);
  const W0 = gaussianFill(rng, new Float64Array(m * d));
  const a0 = Float64Array.from({ length: m }, () => (rngUniform(rng) < 0.5 ? -1 : 1) * (meanField ? Math.abs(gaussian(rng)) + 0.5 : 1));
  // mean field: f = m^{-1}Σ = m^{-1/2}·(m^{-1/2}Σ); implement by scaling a by m^{-1/2} in the forward pass via a copy
  const p: Relu2Params = { m, d, W: Float64Array.from(W0), a: Float64Array.from(a0) };
  const outScale = meanField ? 1 / Math.sqrt(m) : 1;
  const eta = meanField ? LAZY_ETA * m : LAZY_ETA;
  const q: Relu2Params = { m, d, W: p.W, a: new Float64Array(m) };
  let steps = 0;
  for (; steps < LAZY_MAX_STEPS; steps++) {
    for (let j = 0; j < m; j++) q.a[j] = p.a[j] * outScale;
    const g = relu2FullRiskGrad(q, X, y, n);
    if (g.risk <= LAZY_TARGET) break;
    for (let i = 0; i < p.W.length; i++) p.W[i] -= eta * g.gW[i];
    for (let j = 0; j < m; j++) p.a[j] -= eta * g.ga[j] * outScale;
  }
  if (steps >= LAZY_MAX_STEPS) throw new Inconclusive(`lazy-training: width ${m} did not reach R̂ ≤ ${LAZY_TARGET} within ${LAZY_MAX_STEPS} steps`);
  let num = 0, den = 0;
  for (let i = 0; i < W0.length; i++) { num += (p.W[i] - W0[i]) ** 2; den += W0[i] ** 2; }
  for (let j = 0; j < m; j++) { num += (p.a[j] - a0[j]) ** 2; den += a0[j] ** 2; }
  return { movement: Math.sqrt(num / den), steps };
}

export const LAZY_BUDGET = {
  widths: { smoke: [32, 128, 512, 2048], default: [64, 256, 1024, 4096], thorough: [64, 256, 1024, 4096, 16384] },
  seeds: { smoke: 2, default: 3, thorough: 8 },
} as const satisfies Record<string, Record<Profile, readonly number[] | number>>;
/**
 * Lazy training: slope tolerance 0.15 around −½. In the NTK limit ‖θ_T − θ_0‖ = O(1) while ‖θ_0‖ ∝ √m; at finite
 * width the steps needed to reach the target still grow a little with m (61 → 90 steps from m = 32 to 512 here),
 * which biases the fitted slope towards 0: measured −0.43 on m = 32..2048 and −0.46 on m = 64..4096. The control
 * (mean-field scaling) has slope ≈ 0.
 */
export const LAZY_SLOPE_TOL = 0.15;

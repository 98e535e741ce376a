/**
 * Lipschitz constant of a ReLU net against the spectral product Π_i ρ_i‖W_i‖_2 (seed 002, Bartlett–Foster–Telgarsky
 * slide: "Π_i ρ_i‖W_i‖ is (upper bound on) Lipschitz constant"), ρ_i = 1 for ReLU. Empirical Lipschitz constants:
 * ‖∇_x f(x)‖ by tfjs autodiff at sampled inputs, and difference quotients |f(x) − f(x′)|/‖x − x′‖ of sampled pairs.
 */
import fc from 'fast-check';
import { ClaimViolation } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { singular } from '../models/deep-linear.js';
import { mlpInputGradients } from '../models/mlp-tf.js';
import { loadTf, tfBackendName, type Tf } from '../models/tf-backend.js';
import { rngUniform, seedRng } from '../optimizers/rng.js';
import { U32 } from './gradient-identity.js';
import { gaussian, gaussianFill } from './random.js';

/** Inputs sampled per net: random directions at random radii, plus ± the top right singular vector of W_1. */
export const LIPSCHITZ_SAMPLES = 256;
/**
 * float32 tolerance relative to Π‖W_i‖_2: the autodiff input gradient is a chain of L masked products of inner
 * dimension ≤ k (γ_k ≈ k·u each, Higham §3.5), and the difference quotient divides two float32 outputs' difference
 * (relative error ≲ 2u·|f|/|f(x) − f(x′)|, kept small by pairs at distance ≥ 0.1‖x‖); 4(L·k + 8)·u covers both.
 */
export const lipschitzTolerance = (L: number, k: number) => 4 * (L * k + 8) * U32;

export const LIPSCHITZ_BUDGET = { numRuns: { smoke: 30, default: 200, thorough: 1000 } } as const satisfies Record<string, Record<Profile, number>>;

export interface LipschitzSetting { dims: number[]; W: Float64Array[]; kind: 'gaussian' | 'aligned'; seed: number }

/**
 * Nets of depth 2..4, widths 1..12, input d 2..8: Gaussian layers, or aligned nonnegative rank-one layers
 * W_i = s_i u_{i+1} u_iᵀ (u_i ≥ 0, unit), on which every unit is active along u_1 and the bound is attained.
 */
export function lipschitzSetting(): fc.Arbitrary<LipschitzSetting> {
  return fc.record({
    depth: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 2, max: 8 }),
    widths: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 3, maxLength: 3 }),
    kind: fc.constantFrom('gaussian' as const, 'aligned' as const), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  }).map(({ depth, d, widths, kind, seed }) => {
    const dims = [d, ...widths.slice(0, depth - 1), 1];
    const rng = seedRng(seed);
    let W: Float64Array[];
    if (kind === 'gaussian') W = dims.slice(0, -1).map((fanIn, i) => gaussianFill(rng, new Float64Array(fanIn * dims[i + 1]), 1 / Math.sqrt(fanIn)));
    else {
      const us = dims.map((k) => { const u = Float64Array.from({ length: k }, () => Math.abs(gaussian(rng)) + 0.05); const r = Math.hypot(...u); return u.map((v) => v / r); });
      W = dims.slice(0, -1).map((fanIn, i) => {
        const s = 0.5 + 2 * rngUniform(rng), out = new Float64Array(fanIn * dims[i + 1]);
        for (let r = 0; r < dims[i + 1]; r++) for (let c = 0; c < fanIn; c++) out[r * fanIn + c] = s * us[i + 1][r] * us[i][c];
        return out;
      });
    }
    return { dims, W, kind, seed };
  });
}

export function lipschitzTrial(tf: Tf, slope: number) {
  return (s: LipschitzSetting): TrialResult => {
    const { dims, W } = s, d = dims[0], L = W.length, n = LIPSCHITZ_SAMPLES;
    const bound = W.reduce((p, w, i) => p * singular(w, dims[i + 1], dims[i]).sigmas[0], 1);
    const rng = seedRng(s.seed ^ 0x27d4eb2d);
    // inputs: ± top right singular vector of W_1, then random points; the second half pairs with the first
    const X = new Float64Array(2 * n * d);
    const v1 = singular(W[0], dims[1], d).v;
    for (let c = 0; c < d; c++) { X[c] = v1[c]; X[d + c] = -v1[c]; }
    for (let k = 2; k < n; k++) { const x = gaussianFill(rng, new Float64Array(d)); const r = (0.2 + 3 * rngUniform(rng)) / Math.hypot(...x); for (let c = 0; c < d; c++) X[k * d + c] = x[c] * r; }
    for (let k = 0; k < n; k++) { const step = 0.1 + rngUniform(rng); const e = gaussianFill(rng, new Float64Array(d)); const r = Math.hypot(...e); for (let c = 0; c < d; c++) X[(n + k) * d + c] = X[k * d + c] + (step * e[c]) / r; }
    const { f, grad } = mlpInputGradients(tf, dims, W, X, 2 * n, slope);
    let gradMax = 0, quotMax = 0;
    for (let k = 0; k < 2 * n; k++) { let g = 0; for (let c = 0; c < d; c++) g += grad[k * d + c] ** 2; gradMax = Math.max(gradMax, Math.sqrt(g)); }
    for (let k = 0; k < n; k++) { let dx = 0; for (let c = 0; c < d; c++) dx += (X[(n + k) * d + c] - X[k * d + c]) ** 2; quotMax = Math.max(quotMax, Math.abs(f[n + k] - f[k]) / Math.sqrt(dx)); }
    const tol = lipschitzTolerance(L, Math.max(...dims)), worst = Math.max(gradMax, quotMax) / bound;
    const figures = { maxGradNorm: gradMax, maxDifferenceQuotient: quotMax, spectralProduct: bound, ratio: worst, tolerance: tol, depth: L };
    if (worst > 1 + tol)
      throw new ClaimViolation(`lipschitz-at-most-spectral-product [${s.kind} net, dims ${dims.join(',')}, activation ${slope}·ReLU, tfjs ${tfBackendName()}]: empirical Lipschitz constant ${Math.max(gradMax, quotMax).toPrecision(6)} (‖∇f‖ max ${gradMax.toPrecision(6)}, quotient max ${quotMax.toPrecision(6)}) exceeds Π‖W_i‖_2 = ${bound.toPrecision(6)} by the factor ${worst.toPrecision(6)} (tol ${tol.toExponential(2)})`, figures);
    return { figures, slack: Math.max(0, 1 - worst) }; // aligned nets attain the bound: ratio 1 up to float32 rounding
  };
}

export async function lipschitzProperty(ctx: ClaimContext, slope: number): Promise<Outcome> {
  const tf = await loadTf();
  return checkProperty(ctx, {
    arbitrary: lipschitzSetting(), numRuns: ctx.budget(LIPSCHITZ_BUDGET.numRuns),
    describeInput: (s) => ({ dims: s.dims, kind: s.kind, seed: s.seed }),
    trial: lipschitzTrial(tf, slope),
    decidedBy: `${2 * LIPSCHITZ_SAMPLES} inputs per net, ∇_x f by TensorFlow.js autodiff (float32, ${tfBackendName()} backend), ${LIPSCHITZ_SAMPLES} difference quotients`,
  });
}

/**
 * The deep linear gradient identities of seed 002's proof remark, on TensorFlow.js autodiff gradients (float32):
 * every layer's gradient ∂R̂/∂W_i has rank one, and W_iᵀ ∂R̂/∂W_i = ∂R̂/∂W_{i−1} W_{i−1}ᵀ.
 */
import fc from 'fast-check';
import { ClaimViolation } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { frobenius, singular } from '../models/deep-linear.js';
import { deepLinearGradTf } from '../models/deep-linear-tf.js';
import { loadTf, tfBackendName, type Tf } from '../models/tf-backend.js';
import { rngUniform, seedRng } from '../optimizers/rng.js';
import { randomNet } from './deep-linear.js';
import { gaussianFill } from './random.js';

/** float32 unit roundoff: tfjs computes in float32 on every backend. */
export const U32 = 2 ** -24;
/**
 * Rounding tolerance of the identities, relative to ‖W_i‖_F‖G_i‖_F + ‖G_{i−1}‖_F‖W_{i−1}‖_F (and of σ₂/σ₁ of a
 * gradient): the autodiff gradient is a chain of L matrix products with inner dimension ≤ k plus an n-term sum, each
 * accurate to γ_k ≈ k·u relative to the product of absolute values (Higham, Accuracy and Stability, §3.5), so
 * 2(L·k + n)·u bounds the error with a factor 2 for the two sides. Measured: ≤ 1e-7 on nets up to depth 4, width 8,
 * n = 32, where this tolerance is ≈ 8e-6; a ReLU between the layers breaks the identity by 0.1–1.
 */
export function identityTolerance(L: number, k: number, n: number): number {
  return 2 * (L * k + n) * U32;
}

export const IDENTITY_BUDGET = { numRuns: { smoke: 20, default: 150, thorough: 1000 } } as const satisfies Record<string, Record<Profile, number>>;

export interface IdentitySetting { dims: number[]; n: number; X: Float64Array; y: Float64Array; seed: number; scale: number }

/** Random nets (depth 2..4, widths 2..8) and random data (n 2..32, d 2..6, ‖x‖ ≤ 1, labels ±1); no separability needed. */
export function identitySetting(): fc.Arbitrary<IdentitySetting> {
  return fc.record({
    depth: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 2, max: 6 }), width: fc.integer({ min: 2, max: 8 }),
    n: fc.integer({ min: 2, max: 32 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), scale: fc.constantFrom(0.3, 1, 3),
  }).map(({ depth, d, width, n, seed, scale }) => {
    const rng = seedRng(seed ^ 0x5bd1e995);
    const X = gaussianFill(rng, new Float64Array(n * d), 1 / Math.sqrt(d));
    const y = Float64Array.from({ length: n }, () => (rngUniform(rng) < 0.5 ? -1 : 1));
    return { dims: [d, ...Array.from({ length: depth - 1 }, () => width), 1], n, X, y, seed, scale };
  });
}

/** The largest residual of W_iᵀG_i = G_{i−1}W_{i−1}ᵀ (relative) and of σ₂/σ₁ over the layers. */
export function identityResiduals(tf: Tf, s: IdentitySetting, relu: boolean): { identity: number; rank: number; worstLayer: number } {
  const net = randomNet(s.dims, s.scale, s.seed);
  const G = deepLinearGradTf(tf, net, s.X, s.y, s.n, { relu });
  const dims = s.dims, L = net.W.length;
  let identity = 0, rank = 0, worstLayer = 0;
  for (let i = 0; i < L; i++) {
    if (dims[i + 1] > 1) {
      const sv = singular(G[i], dims[i + 1], dims[i]).sigmas;
      if (sv[0] > 0) rank = Math.max(rank, sv[1] / sv[0]);
    }
    if (i === 0) continue;
    const r = dims[i + 1], c = dims[i], cp = dims[i - 1];
    let num = 0;
    for (let a = 0; a < c; a++)
      for (let b = 0; b < c; b++) {
        let lhs = 0, rhs = 0;
        for (let k = 0; k < r; k++) lhs += net.W[i][k * c + a] * G[i][k * c + b];
        for (let k = 0; k < cp; k++) rhs += G[i - 1][a * cp + k] * net.W[i - 1][b * cp + k];
        num += (lhs - rhs) ** 2;
      }
    const den = frobenius(net.W[i]) * frobenius(G[i]) + frobenius(G[i - 1]) * frobenius(net.W[i - 1]);
    const rel = den > 0 ? Math.sqrt(num) / den : 0;
    if (rel > identity) { identity = rel; worstLayer = i + 1; }
  }
  return { identity, rank, worstLayer };
}

export function identityTrial(tf: Tf, relu: boolean) {
  return (s: IdentitySetting): TrialResult => {
    const { identity, rank, worstLayer } = identityResiduals(tf, s, relu);
    const L = s.dims.length - 1, k = Math.max(...s.dims), tol = identityTolerance(L, k, s.n);
    const figures = { identityResidual: identity, rankRatio: rank, tolerance: tol, depth: L, n: s.n };
    const label = `deep-linear-gradient-identity [dims=${s.dims.join(',')}, n=${s.n}, init scale ${s.scale}${relu ? ', ReLU between layers' : ''}, tfjs ${tfBackendName()}]`;
    if (identity > tol)
      throw new ClaimViolation(`${label}: ‖W_iᵀ∂R̂/∂W_i − ∂R̂/∂W_{i−1}W_{i−1}ᵀ‖ relative ${identity.toExponential(3)} at layer ${worstLayer} exceeds the float32 rounding tolerance ${tol.toExponential(2)}`, figures);
    if (rank > tol)
      throw new ClaimViolation(`${label}: a layer gradient has σ₂/σ₁ = ${rank.toExponential(3)} > ${tol.toExponential(2)}: not rank one`, figures);
    return { figures, slack: 1 - Math.max(identity, rank) / tol };
  };
}

export async function identityProperty(ctx: ClaimContext, relu: boolean): Promise<Outcome> {
  const tf = await loadTf();
  return checkProperty(ctx, {
    arbitrary: identitySetting(),
    numRuns: ctx.budget(IDENTITY_BUDGET.numRuns),
    describeInput: (s) => ({ dims: s.dims, n: s.n, seed: s.seed, scale: s.scale }),
    trial: identityTrial(tf, relu),
    decidedBy: `TensorFlow.js autodiff (tf.grads, float32) on the ${tfBackendName()} backend`,
  });
}

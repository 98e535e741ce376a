/**
 * "Sanity check: if f(x; w) = wᵀx, get xᵀx′" (seed 002, "The initial kernel"): the tangent kernel
 * ∇_w f(x; w)ᵀ∇_w f(x′; w) of a linear model, with ∇_w f by TensorFlow.js autodiff, equals the Gram matrix XXᵀ for
 * every w. The control is a model that is not linear in its parameters, f(x; w) = (wᵀx)²/2, whose tangent kernel
 * (wᵀx)(wᵀx′)xᵀx′ depends on w.
 */
import fc from 'fast-check';
import { ClaimViolation } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { loadTf, tfBackendName, type Tf } from '../models/tf-backend.js';
import { seedRng } from '../optimizers/rng.js';
import { U32 } from './gradient-identity.js';
import { gaussianFill } from './random.js';
import { norm2 } from '../linalg/vec.js';

/**
 * |K_auto − XXᵀ| ≤ 4d·u·‖x‖‖x′‖ entrywise: each autodiff gradient entry is exact up to float32 conversion of its
 * inputs (relative u), and the kernel is a d-term float64 dot product of float32-rounded values (2u relative per
 * term, summed over d terms against ‖x‖‖x′‖ by Cauchy–Schwarz), doubled.
 */
export const linearNtkTolerance = (d: number) => 4 * d * U32;

export const LINEAR_NTK_BUDGET = { numRuns: { smoke: 20, default: 100, thorough: 500 } } as const satisfies Record<string, Record<Profile, number>>;

export interface LinearNtkSetting { n: number; d: number; X: Float64Array; w: Float64Array; seed: number }

export function linearNtkSetting(): fc.Arbitrary<LinearNtkSetting> {
  return fc.record({ n: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 16 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), wScale: fc.constantFrom(0, 0.1, 1, 10) })
    .map(({ n, d, seed, wScale }) => {
      const rng = seedRng(seed);
      return { n, d, seed, X: gaussianFill(rng, new Float64Array(n * d)), w: gaussianFill(rng, new Float64Array(d), wScale) };
    });
}

/** ∇_w f(x_k; w) for every point by tf.grad, as rows of an n×d Float64Array. */
export function tangentFeatures(tf: Tf, s: LinearNtkSetting, model: 'linear' | 'squared'): Float64Array {
  const out = new Float64Array(s.n * s.d);
  for (let k = 0; k < s.n; k++) {
    const g = tf.tidy(() => {
      const x = tf.tensor1d(Float32Array.from(s.X.subarray(k * s.d, (k + 1) * s.d)));
      const f = (w: import('@tensorflow/tfjs').Tensor) => {
        const u = w.mul(x).sum();
        return model === 'linear' ? u : u.square().div(2);
      };
      return tf.grad(f)(tf.tensor1d(Float32Array.from(s.w)));
    });
    out.set(g.dataSync(), k * s.d);
    g.dispose();
  }
  return out;
}

export function linearNtkTrial(tf: Tf, model: 'linear' | 'squared') {
  return (s: LinearNtkSetting): TrialResult => {
    const G = tangentFeatures(tf, s, model), tol = linearNtkTolerance(s.d);
    let worst = 0, wi = 0, wj = 0;
    for (let i = 0; i < s.n; i++) for (let j = 0; j < s.n; j++) {
      let k = 0, gram = 0, ni = 0, nj = 0;
      for (let c = 0; c < s.d; c++) {
        k += G[i * s.d + c] * G[j * s.d + c];
        gram += s.X[i * s.d + c] * s.X[j * s.d + c];
        ni += s.X[i * s.d + c] ** 2; nj += s.X[j * s.d + c] ** 2;
      }
      const rel = Math.abs(k - gram) / Math.max(Math.sqrt(ni * nj), Number.MIN_VALUE);
      if (rel > worst) { worst = rel; wi = i; wj = j; }
    }
    const figures = { worstRelativeError: worst, tolerance: tol, n: s.n, d: s.d, wNorm: norm2(s.w) };
    if (worst > tol)
      throw new ClaimViolation(`ntk-of-linear-model-is-inner-product [${model} model, n=${s.n}, d=${s.d}, ‖w‖=${figures.wNorm.toPrecision(3)}, tfjs ${tfBackendName()}]: |K(x_${wi}, x_${wj}) − x_${wi}ᵀx_${wj}|/(‖x‖‖x′‖) = ${worst.toExponential(3)} exceeds ${tol.toExponential(2)}`, figures);
    return { figures, slack: 1 - worst / tol };
  };
}

export async function linearNtkProperty(ctx: ClaimContext, model: 'linear' | 'squared'): Promise<Outcome> {
  const tf = await loadTf();
  return checkProperty(ctx, {
    arbitrary: linearNtkSetting(), numRuns: ctx.budget(LINEAR_NTK_BUDGET.numRuns),
    describeInput: (s) => ({ n: s.n, d: s.d, seed: s.seed, w: Array.from(s.w) }),
    trial: linearNtkTrial(tf, model),
    decidedBy: `TensorFlow.js autodiff (tf.grad, float32) on the ${tfBackendName()} backend`,
  });
}

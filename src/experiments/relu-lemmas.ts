/**
 * The two-layer ReLU setting of seed 004 ("Settings", Lemma 9.4) for the claims of claims/relu-lemmas: generated
 * settings, their verification, GD traces and the tfjs autodiff cross-check. Split from flow-claims.ts.
 */
import fc from 'fast-check';
import { AssumptionError } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { reluGd, reluRiskGrad } from '../models/relu2.js';
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../models/tf-backend.js';
import { norm2 } from '../linalg/vec.js';

// ---------------------------------------------------------------------------------------------------------------
// The two-layer ReLU setting of seed 004 ("Settings", Lemma 9.4): f(x; W) = m^{-1/2} Σ_j a_j σ(⟨x, w_j⟩), logistic loss,
// R̂(W) = (1/n) Σ_k ℓ(y_k f(x_k; W)), GD W_{i+1} = W_i − η∇R̂(W_i) (src/models/relu2.ts).

/** One generated ReLU setting: data in the unit ball (any labels), signs a, a start W₀, σ'(0), a step η ≤ 1, a horizon. */
export interface ReluSetting {
  n: number; d: number; m: number;
  X: Float64Array; y: Float64Array; a: Float64Array; W0: Float64Array;
  /** σ'(0) ∈ {0, ½, 1}: every choice in [0, 1] is a Clarke subgradient, and the slide's bounds must hold for each */
  sigmaPrimeAtZero: number;
  eta: number;
  steps: number;
  /** comparators Z of Lemma 9.4 drawn by the generator (the trial adds adversarial ones built from the run) */
  Zs: Float64Array[];
}

/**
 * Rounding of the ReLU quantities: R̂, R̂^{(i)}, ∇R̂ each sum ≤ n·m·d ≤ 16·64·5 ≈ 5000 products (error ≤ 5000ε ≈ 1e-12
 * relative to the summed magnitudes), and Lemma 9.4 averages ≤ 300 of them: 1e-10 relative leaves a factor ≥ 10.
 */
export const RELU_ROUND = 1e-10;

/**
 * Rounding of one GD update W_{i+1} = fl(W_i − ηg) as seen by ‖W_{i+1} − Z‖²: each entry carries an error of at most
 * u(|W_i| + |W_{i+1}| + η|g|) (u = ε/2), so the squared distance moves by at most 2‖W_{i+1} − Z‖·‖δ‖ + ‖δ‖²; taken with a
 * factor 4. It matters when W_{i+1} − Z is small next to W itself (Z = W_0 early on: a cancellation), where a relative
 * tolerance on the distances alone is too strict — a rounding effect, not a property of the lemma.
 */
export function updateRounding(Wi: Float64Array, Wnext: Float64Array, eta: number, g: Float64Array, distNext: number): number {
  let mag = 0;
  for (let p = 0; p < Wi.length; p++) mag += (Math.abs(Wi[p]) + Math.abs(Wnext[p]) + eta * Math.abs(g[p])) ** 2;
  const delta = (Number.EPSILON / 2) * Math.sqrt(mag);
  return 4 * (2 * Math.sqrt(distNext) * delta + delta * delta);
}

/** Budgets of the ReLU claims. */
export const RELU_BUDGET = {
  numRuns: { smoke: 12, default: 120, thorough: 600 },
  maxSteps: { smoke: 60, default: 300, thorough: 1000 },
} as const satisfies Record<string, Record<Profile, number>>;

/**
 * ReLU settings: n ∈ [1, 16], d ∈ [1, 5], m ∈ [1, 64]; points on a grid, scaled into the unit ball (and, when
 * `onSphere`, onto the sphere, where ‖∇f‖ ≤ 1 is tight); labels and signs ±1; W₀ with entries of size 10^e,
 * e ∈ [−3, 1], or exactly 0 (every unit at its kink); η ∈ (0, 1]; 1..maxSteps GD steps; three random comparators Z of
 * sizes up to 10. By construction, never by filtering; shrinks towards small n, d, m and short runs.
 */
export function reluSetting(maxSteps: number): fc.Arbitrary<ReluSetting> {
  const coord = fc.integer({ min: -1000, max: 1000 });
  return fc.record({ n: fc.integer({ min: 1, max: 16 }), d: fc.integer({ min: 1, max: 5 }), m: fc.integer({ min: 1, max: 64 }) }).chain(({ n, d, m }) =>
    fc.record({
      X: fc.array(coord, { minLength: n * d, maxLength: n * d }),
      onSphere: fc.boolean(),
      labels: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      signs: fc.array(fc.boolean(), { minLength: m, maxLength: m }),
      W: fc.array(coord, { minLength: m * d, maxLength: m * d }),
      wExp: fc.oneof(fc.integer({ min: -3, max: 1 }), fc.constant(null)),
      c: fc.constantFrom(0, 0.5, 1),
      eta: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 1000 }).map((k) => k / 1000)),
      steps: fc.integer({ min: 1, max: maxSteps }),
      Z: fc.array(fc.tuple(fc.array(coord, { minLength: m * d, maxLength: m * d }), fc.integer({ min: -2, max: 1 })), { minLength: 3, maxLength: 3 }),
    }).map((r) => {
      const X = Float64Array.from(r.X, (v) => v / 1000);
      for (let i = 0; i < n; i++) {
        const row = X.subarray(i * d, (i + 1) * d);
        const nr = Math.hypot(...row);
        const target = r.onSphere ? 1 : Math.min(1, nr);
        if (nr > 0) for (let k = 0; k < d; k++) row[k] *= target / nr;
      }
      const W0 = r.wExp === null ? new Float64Array(m * d) : Float64Array.from(r.W, (v) => (v / 1000) * 10 ** r.wExp!);
      const Zs = r.Z.map(([z, e]) => Float64Array.from(z, (v) => (v / 1000) * 10 ** e));
      return {
        n, d, m, X, y: Float64Array.from(r.labels, (b) => (b ? 1 : -1)), a: Float64Array.from(r.signs, (b) => (b ? 1 : -1)),
        W0, sigmaPrimeAtZero: r.c, eta: r.eta, steps: r.steps, Zs,
      };
    }),
  );
}

/** The setting must satisfy the slide's assumptions: finite entries, ‖x_k‖ ≤ 1, labels and signs ±1, 0 < η ≤ 1. */
export function verifyReluSetting(s: ReluSetting): void {
  for (const [name, arr] of [['X', s.X], ['W0', s.W0], ...s.Zs.map((z, q) => [`Z${q}`, z] as const)] as const)
    if (!arr.every(Number.isFinite)) throw new AssumptionError(`ReLU setting: ${name} has a non-finite entry`);
  for (let i = 0; i < s.n; i++) {
    const r = norm2(s.X.subarray(i * s.d, (i + 1) * s.d));
    if (r > 1 + 1e-12) throw new AssumptionError(`ReLU setting: ‖x_${i}‖ = ${r} exceeds 1`);
  }
  if (![...s.y, ...s.a].every((v) => v === 1 || v === -1)) throw new AssumptionError('ReLU setting: labels and output signs must be ±1');
  if (!(s.eta > 0 && s.eta <= 1)) throw new AssumptionError(`ReLU setting: Lemma 9.4 needs 0 < η ≤ 1, got η = ${s.eta}`);
}

/** Runs a property over ReLU settings. */
export function reluProperty(ctx: ClaimContext, spec: { trial(s: ReluSetting): TrialResult; decidedBy: string }): Outcome {
  return checkProperty(ctx, {
    arbitrary: reluSetting(ctx.budget(RELU_BUDGET.maxSteps)),
    numRuns: ctx.budget(RELU_BUDGET.numRuns),
    describeInput: (s) => ({ n: s.n, d: s.d, m: s.m, sigmaPrimeAtZero: s.sigmaPrimeAtZero, eta: s.eta, steps: s.steps, X: Array.from(s.X), y: Array.from(s.y), a: Array.from(s.a), W0: Array.from(s.W0) }),
    trial: (s) => {
      verifyReluSetting(s);
      return spec.trial(s);
    },
    decidedBy: spec.decidedBy,
  });
}

/** float32 unit roundoff 2^-24 (every TensorFlow.js backend computes in float32). */
export const U32 = 2 ** -24;

/**
 * ∇_W f(x; W) of f(x; W) = m^{-1/2} Σ_j a_j relu(⟨w_j, x⟩) by TensorFlow.js autodiff (float32; tf.relu's derivative
 * at 0 is 0), as an m×d row-major Float64Array. An independent check of the hand-written gradient of
 * src/models/relu2.ts, away from kinks (see the claim for the tolerance).
 */
export function reluGradWAutodiff(tf: Tf, W: Float64Array, a: ArrayLike<number>, m: number, d: number, x: ArrayLike<number>): Float64Array {
  const g = tf.tidy(() => {
    const xs = tf.tensor2d(Float32Array.from(x), [d, 1]);
    const as = tf.tensor1d(Float32Array.from(a));
    const f = (Wt: Tensor) => tf.relu((Wt as Tensor2D).matMul(xs)).reshape([m]).mul(as).sum().mul(1 / Math.sqrt(m));
    return tf.grad(f)(tf.tensor2d(Float32Array.from(W), [m, d]));
  });
  const out = Float64Array.from(g.dataSync());
  g.dispose();
  return out;
}

/**
 * The GD run of a setting: W_0..W_T, R̂(W_i) and ∇R̂(W_i) (copies). Plain GD is the kernel `reluGd` of
 * src/models/relu2.ts; with `direction`, the step is taken along direction(i, W_i, ∇R̂(W_i)) instead (a control's
 * broken implementation), while the recorded gradients stay the true ones.
 */
export function reluGdTrace(s: ReluSetting, direction?: (i: number, W: Float64Array, grad: Float64Array) => Float64Array) {
  const opts = { sigmaPrimeAtZero: s.sigmaPrimeAtZero };
  const W: Float64Array[] = [], risk: number[] = [], grad: Float64Array[] = [];
  if (!direction) {
    reluGd(s.W0, s.a, s.m, s.d, s.X, s.y, s.n, s.eta, s.steps, (_i, Wi, r, g) => {
      W.push(Float64Array.from(Wi));
      risk.push(r);
      grad.push(Float64Array.from(g));
    }, opts);
    return { W, risk, grad };
  }
  let Wi = Float64Array.from(s.W0);
  for (let i = 0; i <= s.steps; i++) {
    const g = new Float64Array(s.m * s.d);
    W.push(Wi);
    risk.push(reluRiskGrad(Wi, s.a, s.m, s.d, s.X, s.y, s.n, g, opts));
    grad.push(g);
    if (i < s.steps) {
      const dir = direction(i, Wi, g);
      Wi = Wi.map((v, p) => v - s.eta * dir[p]);
    }
  }
  return { W, risk, grad };
}

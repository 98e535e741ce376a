/**
 * The contract every optimizer of this folder fulfils, after optax's `GradientTransformation = {init, update}`:
 * `init` allocates a named state record (all buffers, the step counter, a seeded PRNG for stochastic methods);
 * `update` advances that state by one step in place and allocates nothing. Iterates are Float64Arrays of the
 * objective's dimension; data follow the project layout (point-major, `Z[i*d + k]` = coordinate k of
 * z_i = y_i x_i, see src/linalg/vec.ts).
 */

/** Margin data as the example-wise methods (perceptron, AdaBoost) read them: z_i = y_i x_i, point-major n×d. */
export interface MarginData {
  readonly Z: Float64Array;
  readonly n: number;
  readonly d: number;
}

/**
 * The objective an optimizer sees, F(w) = s·Σ_{i<n} f_i(w) with s = 1 (sum) or 1/n (mean).
 * `valueAndGrad` writes ∇F(w) into g and returns F(w). Stochastic methods use `gradBatch`, which writes the
 * unbiased minibatch estimate (n/len)·s·Σ_{j<len} ∇f_{idx[j]}(w) into g and returns the same estimate of F(w);
 * with idx a permutation of 0..n−1 it equals `valueAndGrad`. Neither may allocate (scratch lives in the closure)
 * nor write to w.
 */
export interface Objective {
  /** dimension of w */
  readonly dim: number;
  /** number of terms f_i (examples) */
  readonly n: number;
  valueAndGrad(w: Float64Array, g: Float64Array): number;
  gradBatch?(w: Float64Array, idx: Int32Array, len: number, g: Float64Array): number;
  /**
   * log F(w), with ∇log F(w) = ∇F(w)/F(w) written into g, computed in the log domain (the largest exponent
   * factored out), so both stay finite where F itself underflows to 0 (margins ≳ 745 for the exponential loss).
   * Margin objectives provide it; normalized GD, whose step is η∇F/F, reads it when present.
   */
  logValueAndGrad?(w: Float64Array, g: Float64Array): number;
  /** the margin data behind a margin objective; required by the perceptron and AdaBoost, which act on examples */
  readonly examples?: MarginData;
  /**
   * The objective in words another process can rebuild (docs/protocol.md, version 2), when it is one of the
   * lectures' two: an implementation may then run many steps without the harness's gradient. Absent for any
   * other objective (a wrapper such as weight decay drops it), which is then run step by step.
   */
  readonly problem?: ProblemSpec;
}

/**
 * A describable objective F(w) = s·Σ_i f_i(w) (+ (l2/2)‖w‖² when `l2` is set: weight decay, a control's), s = 1,
 * or 1/n with `mean`; only implementations that list the extension 'l2' are given a problem with l2:
 * margin: f_i(w) = ℓ(⟨z_i, w⟩) with ℓ logistic log(1 + e^{−u}) or exponential e^{−u}, Z point-major n×d;
 * leastSquares: f_i(w) = ½(⟨x_i, w⟩ − y_i)², X point-major n×d;
 * crossEntropy (only to implementations that list the extension 'crossEntropy'): w = W ∈ R^{K×d} row-major (row k
 * scores class k), f_i(W) = −log softmax(W x_i)_{labels[i]} (src/optimizers/cross-entropy.ts), X point-major n×d.
 * The iterate's length is problemDim(p): d, or K·d for crossEntropy.
 */
export type ProblemSpec =
  | { readonly kind: 'margin'; readonly loss: 'logistic' | 'exponential'; readonly mean: boolean; readonly n: number; readonly d: number; readonly Z: Float64Array; readonly l2?: number }
  | { readonly kind: 'leastSquares'; readonly mean: boolean; readonly n: number; readonly d: number; readonly X: Float64Array; readonly y: Float64Array; readonly l2?: number }
  | { readonly kind: 'crossEntropy'; readonly mean: boolean; readonly n: number; readonly d: number; readonly K: number; readonly X: Float64Array; readonly labels: Int32Array; readonly l2?: number };

/** The length of a problem's iterate: d, or K·d for crossEntropy. */
export function problemDim(p: ProblemSpec): number {
  return p.kind === 'crossEntropy' ? p.K * p.d : p.d;
}

/** What every optimizer state holds: the iterate and the number of updates applied to it. */
export interface OptState {
  /** the iterate w_t, owned by the state (init copies w0; the caller's array is never written) */
  readonly w: Float64Array;
  /** number of completed updates */
  t: number;
}

/** A hyperparameter value as it appears in a report. */
export type HyperValue = number | string | boolean;

/**
 * An optimizer as an init/update pair over an explicit state record S.
 * - `init(w0, obj)` copies w0 and allocates every buffer the method needs for this objective (its size, its n).
 * - `update(state, obj)` performs one step in place on state.w and the state's own buffers, allocating nothing;
 *   `obj` must be the objective given to `init`. Deterministic: stochastic methods draw from the PRNG held in S.
 */
export interface Optimizer<S extends OptState> {
  /** short name used in reports: "adam", "sgd", … */
  readonly name: string;
  /** the hyperparameters after defaults were applied, for reports and replay */
  readonly params: Readonly<Record<string, HyperValue>>;
  init(w0: Float64Array, obj: Objective): S;
  update(state: S, obj: Objective): void;
}

/** An optimizer of any state, for tables of optimizers. */
export type AnyOptimizer = Optimizer<any>;

/**
 * Multi-class cross-entropy of a linear classifier as an `Objective` (src/optimizers/types.ts), for GD over the
 * K×d weight matrix W flattened row-major (W[k*d + j]; row k scores class k):
 *
 *   F(W) = Σ_i −log softmax(W x_i)_{y_i} = Σ_i log Σ_k exp(⟨w_k − w_{y_i}, x_i⟩),
 *   ∇_{w_k} F = Σ_i (p_ik − 1[k = y_i]) x_i,   p_i = softmax(W x_i).
 *
 * Computed stably (log-sum-exp shifted by the largest score; log1p when the true class leads), one pass per point,
 * no allocation per call. `gradBatch` gives the unbiased minibatch estimate (n/len)·Σ_{j<len} as marginObjective.
 */
import type { Objective } from './types.js';

export interface MulticlassData {
  /** points, point-major n×d */
  readonly X: Float64Array;
  /** labels in 0..K−1 */
  readonly labels: Int32Array;
  readonly n: number;
  readonly d: number;
  readonly K: number;
}

/** The cross-entropy objective of `data` over W ∈ R^{K×d} (dim K·d). */
export function crossEntropyObjective(data: MulticlassData): Objective {
  const { X, labels, n, d, K } = data;
  if (X.length !== n * d || labels.length !== n) throw new RangeError(`crossEntropyObjective: X has length ${X.length}, labels ${labels.length}; expected n·d = ${n * d} and n = ${n}`);
  for (let i = 0; i < n; i++) if (!(labels[i] >= 0 && labels[i] < K)) throw new RangeError(`crossEntropyObjective: label ${i} is ${labels[i]}, expected 0..${K - 1}`);
  const u = new Float64Array(K);
  const term = (W: Float64Array, g: Float64Array, i: number, scale: number): number => {
    const o = i * d;
    const y = labels[i];
    let top = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += W[k * d + j] * X[o + j];
      u[k] = s;
      if (s > top) top = s;
    }
    // rest = Σ_{k≠y} e^{u_k − top} apart from the true class's term, so that tiny losses and p_y − 1 = −rest/sum
    // keep their digits (1 − p_y computed as a difference would round to 0 long before the loss does)
    let rest = 0;
    for (let k = 0; k < K; k++) if (k !== y) rest += Math.exp(u[k] - top);
    const sum = rest + Math.exp(u[y] - top);
    const value = top === u[y] ? Math.log1p(rest) : top - u[y] + Math.log(sum);
    for (let k = 0; k < K; k++) {
      const c = scale * (k === y ? -rest / sum : Math.exp(u[k] - top) / sum);
      for (let j = 0; j < d; j++) g[k * d + j] += c * X[o + j];
    }
    return value;
  };
  return {
    dim: K * d,
    n,
    problem: { kind: 'crossEntropy', mean: false, n, d, K, X, labels },
    valueAndGrad(W, g) {
      g.fill(0);
      let f = 0;
      for (let i = 0; i < n; i++) f += term(W, g, i, 1);
      return f;
    },
    gradBatch(W, idx, len, g) {
      g.fill(0);
      let f = 0;
      for (let j = 0; j < len; j++) f += term(W, g, idx[j], n / len);
      return (f * n) / len;
    },
  };
}

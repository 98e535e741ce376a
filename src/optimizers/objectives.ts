/**
 * The two objectives of the lectures, as `Objective`s (src/optimizers/types.ts): the margin risk of a linear
 * classifier and the least-squares loss. Both compute value and gradient in one fused pass over point-major data
 * and allocate nothing per call.
 */
import type { Dataset } from '../data/dataset.js';
import { exponential, logistic, type Loss } from '../losses/loss.js';
import type { MarginData, Objective } from './types.js';

export interface ObjectiveOptions {
  /** the mean (1/n)Σ instead of the sum Σ (Ji–Telgarsky and seed 004's networks use the mean); default false */
  mean?: boolean;
}

/**
 * F(w) = s·Σ_i ℓ(⟨w, z_i⟩), s = 1 (sum, Soudry et al.) or 1/n (mean); ∇F(w) = s·Σ_i ℓ'(⟨w, z_i⟩) z_i.
 * `gradBatch` gives (n/len)·s·Σ_{j<len} ℓ'(⟨w, z_{idx[j]}⟩) z_{idx[j]}, an unbiased estimate of ∇F.
 * The data are read, never copied or written; `examples` exposes them to the perceptron and AdaBoost.
 * @example marginObjective(makeDataset([[1, 0], [0, 1]], [1, -1]), logistic).valueAndGrad(w, g)
 */
export function marginObjective(ds: Dataset | MarginData, loss: Loss, opts: ObjectiveOptions = {}): Objective {
  const { Z, n, d } = ds;
  if (!(Number.isInteger(n) && n >= 1 && Number.isInteger(d) && d >= 1))
    throw new RangeError(`marginObjective: needs integer n, d ≥ 1, got n=${n}, d=${d}`);
  if (Z.length !== n * d) throw new RangeError(`marginObjective: Z has length ${Z.length}, expected n·d = ${n * d}`);
  const scale = opts.mean ? 1 / n : 1;
  const examples: MarginData = { Z, n, d };
  // the two losses another process can rebuild by name (the very objects, not a loss that shares a name)
  const named = loss === logistic ? 'logistic' : loss === exponential ? 'exponential' : null;
  return {
    dim: d,
    n,
    examples,
    ...(named ? { problem: { kind: 'margin' as const, loss: named, mean: !!opts.mean, n, d, Z } } : {}),
    valueAndGrad(w, g) {
      g.fill(0);
      let f = 0;
      for (let i = 0; i < n; i++) f += addTerm(Z, i * d, d, loss, w, g);
      for (let k = 0; k < d; k++) g[k] *= scale;
      return f * scale;
    },
    gradBatch(w, idx, len, g) {
      g.fill(0);
      let f = 0;
      for (let j = 0; j < len; j++) f += addTerm(Z, idx[j] * d, d, loss, w, g);
      const c = (scale * n) / len;
      for (let k = 0; k < d; k++) g[k] *= c;
      return f * c;
    },
  };
}

/** g += ℓ'(⟨w, z⟩) z for z = Z[o .. o+d); returns ℓ(⟨w, z⟩). */
function addTerm(Z: Float64Array, o: number, d: number, loss: Loss, w: Float64Array, g: Float64Array): number {
  let u = 0;
  for (let k = 0; k < d; k++) u += w[k] * Z[o + k];
  const c = loss.derivative(u);
  for (let k = 0; k < d; k++) g[k] += c * Z[o + k];
  return loss.value(u);
}

/**
 * Least squares in the slides' notation (seed 001): F(w) = ½‖Xᵀw − y‖² = ½Σ_i (⟨x_i, w⟩ − y_i)² with the x_i
 * the rows of the point-major n×d buffer X (the columns of the slides' d×n matrix), n = y.length;
 * ∇F(w) = X(Xᵀw − y) = Σ_i (⟨x_i, w⟩ − y_i) x_i. With `mean`, both are divided by n.
 * @example leastSquaresObjective(new Float64Array([1, 0, 0, 2]), new Float64Array([1, 1])) // F = ½((w₁−1)² + (2w₂−1)²)
 */
export function leastSquaresObjective(X: Float64Array, y: Float64Array, opts: ObjectiveOptions = {}): Objective {
  const n = y.length;
  if (n === 0) throw new RangeError('leastSquaresObjective: no targets (y is empty)');
  const d = X.length / n;
  if (!(Number.isInteger(d) && d >= 1))
    throw new RangeError(`leastSquaresObjective: X has length ${X.length}, not a multiple n·d of n = ${n}`);
  const scale = opts.mean ? 1 / n : 1;
  return {
    dim: d,
    n,
    problem: { kind: 'leastSquares', mean: !!opts.mean, n, d, X, y },
    valueAndGrad(w, g) {
      g.fill(0);
      let f = 0;
      for (let i = 0; i < n; i++) f += addResidual(X, y, i, d, w, g);
      for (let k = 0; k < d; k++) g[k] *= scale;
      return f * scale;
    },
    gradBatch(w, idx, len, g) {
      g.fill(0);
      let f = 0;
      for (let j = 0; j < len; j++) f += addResidual(X, y, idx[j], d, w, g);
      const c = (scale * n) / len;
      for (let k = 0; k < d; k++) g[k] *= c;
      return f * c;
    },
  };
}

/** g += r x_i with r = ⟨x_i, w⟩ − y_i; returns ½r². */
function addResidual(X: Float64Array, y: Float64Array, i: number, d: number, w: Float64Array, g: Float64Array): number {
  const o = i * d;
  let r = -y[i];
  for (let k = 0; k < d; k++) r += w[k] * X[o + k];
  for (let k = 0; k < d; k++) g[k] += r * X[o + k];
  return 0.5 * r * r;
}

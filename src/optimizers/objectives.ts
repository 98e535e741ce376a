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
 * `logValueAndGrad` gives log F and ∇log F = ∇F/F in the log domain (see logMarginRisk), finite where F underflows.
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
  // scratch of logValueAndGrad: the margins, their log-losses, and the result (written by logMarginRisk, which
  // returns nothing: a small method returning a double read from an array stays inlinable into an optimizer's
  // update, whereas a large one returning a double boxes it — an allocation per step)
  const scratch = { u: new Float64Array(0), a: new Float64Array(0), out: new Float64Array(1) };
  const logScale = Math.log(scale);
  return {
    dim: d,
    n,
    examples,
    ...(named ? { problem: { kind: 'margin' as const, loss: named, mean: !!opts.mean, n, d, Z } } : {}),
    logValueAndGrad(w, g) {
      if (scratch.u.length !== n) (scratch.u = new Float64Array(n)), (scratch.a = new Float64Array(n));
      logMarginRisk(Z, n, d, loss, w, g, scratch.u, scratch.a, scratch.out);
      return scratch.out[0] + logScale;
    },
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

/**
 * log Σ_i ℓ(u_i), u_i = ⟨w, z_i⟩, and g = ∇log Σ_i ℓ(u_i) = Σ_i (ℓ'(u_i)/ℓ(u_i))·softmax_i(log ℓ(u)) z_i, with
 * a_i = log ℓ(u_i) and the largest a_i factored out of the softmax: no term underflows unless it is e^{−745} times
 * smaller than the largest, where it does not matter. (For the exponential loss ℓ'/ℓ = −1 and the weights are
 * e^{min u − u_i}.) `u`, `a` are scratch of length n; the value goes to out[0]. A loss that is 0 at every point (the
 * square loss at an exact fit) gives −∞ and g = 0.
 */
function logMarginRisk(Z: Float64Array, n: number, d: number, loss: Loss, w: Float64Array, g: Float64Array, u: Float64Array, a: Float64Array, out: Float64Array): void {
  let m = -Infinity;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let k = 0; k < d; k++) v += w[k] * Z[i * d + k];
    u[i] = v;
    a[i] = loss.logValue(v);
    if (a[i] > m || a[i] !== a[i]) m = a[i]; // a NaN wins, so NaN data reach g
  }
  g.fill(0);
  if (m === -Infinity) {
    out[0] = m;
    return;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(a[i] - m);
    total += e;
    if (e === 0) continue;
    const c = derivativeOverValue(loss, u[i]) * e;
    for (let k = 0; k < d; k++) g[k] += c * Z[i * d + k];
  }
  for (let k = 0; k < d; k++) g[k] /= total;
  out[0] = m + Math.log(total);
}

/**
 * ℓ'(u)/ℓ(u) where ℓ(u) is a positive finite number; beyond (ℓ underflows to 0 as u → +∞ or overflows as u → −∞)
 * the tails of the exponentially tailed losses, where ℓ'/ℓ → −1 (exactly −1 for the exponential loss; within
 * e^{−u}/2 < 1e-300 of it for the logistic loss once ℓ underflows).
 */
function derivativeOverValue(loss: Loss, u: number): number {
  const v = loss.value(u);
  return v > 0 && v < Infinity ? loss.derivative(u) / v : -1;
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
 * The objective log F of an objective F that provides logValueAndGrad: value log F, gradient ∇F/F. Any method run
 * on it with step η is that method on F with step η/F (steepest descent normalized by the loss, as in Gunasekar,
 * Lee, Soudry & Srebro 2018), computed without underflow. Keeps F's `examples`.
 */
export function logObjective(obj: Objective): Objective {
  const inner = obj.logValueAndGrad?.bind(obj);
  if (!inner) throw new RangeError('logObjective: the objective has no logValueAndGrad (margin objectives have it)');
  return { dim: obj.dim, n: obj.n, examples: obj.examples, valueAndGrad: inner };
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

/**
 * Deep linear network x ↦ W_L ⋯ W_1 x (Ji & Telgarsky 2019, seed 002 "Deep linear networks"), hand-written over
 * Float64Arrays. Layer i (1-based in the docs, 0-based in code) is W_i ∈ R^{d_{i+1}×d_i}, row-major, with
 * d_1 = d (the input) and d_{L+1} = 1 (one output). Data point-major as elsewhere: X[k*d + c], y[k] ∈ {±1}.
 *
 * Gradient (the slide's "simply writing down the gradient"): with w = W_L⋯W_1 ∈ R^{1×d} and
 * g = ∇R̂(w) = (1/n)Σ_k ℓ'(y_k⟨w, x_k⟩) y_k x_k,
 *   ∂R̂/∂W_i = W_{i+1}ᵀ⋯W_Lᵀ g W_1ᵀ⋯W_{i−1}ᵀ = a_i c_iᵀ,   a_i = (W_L⋯W_{i+1})ᵀ ∈ R^{d_{i+1}},  c_i = W_{i−1}⋯W_1 gᵀ ∈ R^{d_i},
 * an outer product, so every layer's gradient has rank ≤ 1. One pass computes c_i upwards and a_i downwards:
 * O(nd + Σ_i d_i d_{i+1}) per gradient.
 * @example const net = deepLinearInit([3, 4, 4, 1], 0.5, rng); deepLinearRiskGrad(net, X, y, n, logistic, grads)
 */
import { NumericalError } from '../harness/errors.js';
import type { Loss } from '../losses/loss.js';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { dopri5 } from '../optimizers/dopri5.js';
import { scaledNegDerivative } from '../optimizers/flow.js';

/** Layer widths [d_1 = d, d_2, …, d_L, d_{L+1} = 1] and the layers W_i (d_{i+1}×d_i, row-major). */
export interface DeepLinearNet {
  readonly dims: readonly number[];
  readonly W: Float64Array[];
}

/** A margin loss (logistic, exponential) or the square loss on the output (targets y). */
export type DeepLoss = { kind: 'margin'; loss: Loss } | { kind: 'square' };

function checkNet(net: DeepLinearNet): void {
  const { dims, W } = net;
  if (dims.length < 2 || dims.at(-1) !== 1) throw new RangeError(`deep-linear: dims must end with 1 output, got [${dims.join(', ')}]`);
  if (W.length !== dims.length - 1) throw new RangeError(`deep-linear: ${W.length} layers for dims [${dims.join(', ')}]`);
  for (let i = 0; i < W.length; i++)
    if (W[i].length !== dims[i] * dims[i + 1]) throw new RangeError(`deep-linear: W_${i + 1} has ${W[i].length} entries, expected ${dims[i + 1]}×${dims[i]}`);
}

/** A copy of the net (fresh arrays). */
export function cloneNet(net: DeepLinearNet): DeepLinearNet {
  return { dims: [...net.dims], W: net.W.map((w) => Float64Array.from(w)) };
}

/** w = W_L⋯W_1 as a vector of length d (the end-to-end linear predictor). */
export function deepLinearProduct(net: DeepLinearNet): Float64Array {
  checkNet(net);
  let a: Float64Array = Float64Array.of(1);
  for (let i = net.W.length - 1; i >= 0; i--) a = matTVec(net.W[i], net.dims[i + 1], net.dims[i], a);
  return a;
}

/** Aᵀv for A rows×cols row-major. */
function matTVec(A: Float64Array, rows: number, cols: number, v: Float64Array): Float64Array {
  const out = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const vr = v[r];
    if (vr === 0) continue;
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += A[o + c] * vr;
  }
  return out;
}

/** Av for A rows×cols row-major. */
function matVec(A: Float64Array, rows: number, cols: number, v: Float64Array): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    const o = r * cols;
    for (let c = 0; c < cols; c++) s += A[o + c] * v[c];
    out[r] = s;
  }
  return out;
}

/**
 * R̂(W) and out_i = ∂R̂/∂W_i for every layer. Margin losses: R̂ = (1/n)Σ_k ℓ(y_k⟨w, x_k⟩); square loss:
 * R̂ = (1/2n)Σ_k (⟨w, x_k⟩ − y_k)². Returns R̂ and the end-to-end gradient g = ∇_w R̂ (length d).
 * With logScale = s ≠ 0 (margin losses only) the gradients are e^s·∇ (the log-time flow's velocity, formed in log
 * space so that e^s ℓ'(m) neither overflows nor underflows at t = e^s = 1e30) and the risk is not computed (0).
 */
export function deepLinearRiskGrad(net: DeepLinearNet, X: Float64Array, y: ArrayLike<number>, n: number, loss: DeepLoss,
  out: Float64Array[], logScale = 0): { risk: number; g: Float64Array; w: Float64Array } {
  checkNet(net);
  const { dims, W } = net, L = W.length, d = dims[0];
  // a_i downwards: a_L = [1], a_{i-1} = W_iᵀ a_i; a_0 = wᵀ
  const a: Float64Array[] = new Array(L + 1);
  a[L] = Float64Array.of(1);
  for (let i = L - 1; i >= 0; i--) a[i] = matTVec(W[i], dims[i + 1], dims[i], a[i + 1]);
  const w = a[0];
  const g = new Float64Array(d);
  let risk = 0;
  for (let k = 0; k < n; k++) {
    let u = 0;
    const o = k * d;
    for (let c = 0; c < d; c++) u += w[c] * X[o + c];
    let coef: number;
    if (loss.kind === 'margin') {
      const m = y[k] * u;
      if (logScale === 0) {
        risk += loss.loss.value(m);
        coef = loss.loss.derivative(m) * y[k];
      } else coef = -scaledNegDerivative(loss.loss, m, logScale) * y[k]; // e^s ℓ'(m) y without over/underflow
    } else {
      const r = u - y[k];
      risk += 0.5 * r * r;
      coef = r;
    }
    if (coef !== 0) for (let c = 0; c < d; c++) g[c] += coef * X[o + c];
  }
  for (let c = 0; c < d; c++) g[c] /= n;
  risk /= n;
  // c_i upwards: c_1 = g, c_{i+1} = W_i c_i; ∂R̂/∂W_i = a_{i} c_iᵀ (a indexed so that layer i uses a[i+1])
  let ci: Float64Array = g;
  for (let i = 0; i < L; i++) {
    const rows = dims[i + 1], cols = dims[i], ai = a[i + 1], o = out[i];
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[r * cols + c] = ai[r] * ci[c];
    if (i < L - 1) ci = matVec(W[i], rows, cols, ci);
  }
  return { risk, g, w };
}

/** Fresh gradient buffers shaped like the net's layers. */
export function gradBuffers(net: DeepLinearNet): Float64Array[] {
  return net.W.map((w) => new Float64Array(w.length));
}

/** Options of {@link deepLinearGd}. */
export interface DeepLinearGdOptions {
  loss: DeepLoss;
  /** fixed step η */
  eta: number;
  /** iterations */
  steps: number;
  /** checkpoints (iteration counts, increasing, ≤ steps) at which onCheckpoint sees the net */
  checkpoints: number[];
  onCheckpoint(t: number, net: DeepLinearNet, risk: number): void;
  /** L2 weight decay λ: the update uses ∇R̂ + λW_i (a negative control) */
  weightDecay?: number;
  /** layers (0-based) that are not updated (a negative control: a frozen layer cannot diverge or align) */
  frozen?: number[];
}

/**
 * Gradient descent W_i ← W_i − η(∂R̂/∂W_i + λW_i) on all layers at once, from `net` (modified in place).
 * Returns the number of steps at which the risk went up (GD with a step small enough for the flow never does).
 * Throws NumericalError on a non-finite risk.
 */
export function deepLinearGd(net: DeepLinearNet, X: Float64Array, y: ArrayLike<number>, n: number, o: DeepLinearGdOptions): { riskIncreases: number } {
  const grads = gradBuffers(net), lambda = o.weightDecay ?? 0, frozen = new Set(o.frozen ?? []);
  let next = 0, prev = Infinity, riskIncreases = 0;
  for (let t = 0; t <= o.steps; t++) {
    const { risk } = deepLinearRiskGrad(net, X, y, n, o.loss, grads);
    if (!Number.isFinite(risk)) throw new NumericalError(`deepLinearGd: risk ${risk} at step ${t}`);
    if (risk > prev * (1 + 1e-12) && lambda === 0) riskIncreases++;
    prev = risk;
    while (next < o.checkpoints.length && o.checkpoints[next] === t) { o.onCheckpoint(t, net, risk); next++; }
    if (t === o.steps) break;
    for (let i = 0; i < net.W.length; i++) {
      if (frozen.has(i)) continue;
      const Wi = net.W[i], gi = grads[i];
      for (let p = 0; p < Wi.length; p++) Wi[p] -= o.eta * (gi[p] + lambda * Wi[p]);
    }
  }
  return { riskIncreases };
}

/** ‖A‖_F. */
export function frobenius(A: Float64Array): number {
  let s = 0;
  for (let p = 0; p < A.length; p++) s += A[p] * A[p];
  return Math.sqrt(s);
}

/**
 * Singular values (descending) and the top left/right singular vectors u (rows), v (cols) of A (rows×cols,
 * row-major), by ml-matrix's SVD (accurate to ~1e-14 relative on these small matrices; see ECOSYSTEM.md).
 */
export function singular(A: Float64Array, rows: number, cols: number): { sigmas: number[]; u: Float64Array; v: Float64Array } {
  const M = new Matrix(rows, cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) M.set(r, c, A[r * cols + c]);
  const svd = new SingularValueDecomposition(M, { autoTranspose: true });
  const sigmas = svd.diagonal;
  const U = svd.leftSingularVectors, V = svd.rightSingularVectors;
  const u = Float64Array.from({ length: rows }, (_, r) => U.get(r, 0));
  const v = Float64Array.from({ length: cols }, (_, c) => V.get(c, 0));
  return { sigmas, u, v };
}

/** log R̂(W) for a margin loss (log-sum-exp of log ℓ: finite where R̂ underflows). */
export function deepLinearLogRisk(net: DeepLinearNet, X: Float64Array, y: ArrayLike<number>, n: number, loss: Loss): number {
  const w = deepLinearProduct(net), d = net.dims[0];
  const logs: number[] = [];
  for (let k = 0; k < n; k++) {
    let u = 0;
    for (let c = 0; c < d; c++) u += w[c] * X[k * d + c];
    logs.push(loss.logValue(y[k] * u));
  }
  const mx = Math.max(...logs);
  return mx + Math.log(logs.reduce((a, b) => a + Math.exp(b - mx), 0)) - Math.log(n);
}

/** Options of {@link deepLinearFlow}. */
export interface DeepLinearFlowOptions {
  loss: Loss;
  /** output times (increasing, > 0); the flow runs in plain time to t = 1, in log time s = log t after */
  outputs: number[];
  onOutput(t: number, net: DeepLinearNet): void;
  rtol?: number;
  atol?: number;
  /** layers (0-based) whose velocity is 0 (a negative control) */
  frozen?: number[];
}

/**
 * Gradient flow dW_i/dt = −∂R̂/∂W_i of the mean margin risk, all layers at once, from `net` (not modified), by
 * DOPRI5 (src/optimizers/flow.ts): plain time on [0, 1], then log time s = log t, dW_i/ds = −e^s ∂R̂/∂W_i, so that
 * t = 1e30 costs a few thousand steps. Returns the steps taken.
 */
export function deepLinearFlow(net: DeepLinearNet, X: Float64Array, y: ArrayLike<number>, n: number, o: DeepLinearFlowOptions): { steps: number } {
  checkNet(net);
  const sizes = net.W.map((w) => w.length), total = sizes.reduce((a, b) => a + b, 0);
  const frozen = new Set(o.frozen ?? []);
  const view = (buf: Float64Array): DeepLinearNet => {
    const W: Float64Array[] = [];
    let off = 0;
    for (const sz of sizes) { W.push(buf.subarray(off, off + sz)); off += sz; }
    return { dims: net.dims, W };
  };
  const y0 = new Float64Array(total);
  let off = 0;
  for (const w of net.W) { y0.set(w, off); off += w.length; }
  const grads = net.W.map((w) => new Float64Array(w.length));
  const dl: DeepLoss = { kind: 'margin', loss: o.loss };
  const rhs = (logScale: number) => (_t: number, yv: Float64Array, out: Float64Array) => {
    deepLinearRiskGrad(view(yv), X, y, n, dl, grads, logScale === 0 ? 0 : _t);
    let p = 0;
    for (let i = 0; i < grads.length; i++) {
      const gi = grads[i], fz = frozen.has(i);
      for (let q = 0; q < gi.length; q++) out[p++] = fz ? 0 : -gi[q];
    }
  };
  const opts = { rtol: o.rtol ?? 1e-9, atol: o.atol ?? 1e-11, maxSteps: 200_000 };
  const early = o.outputs.filter((t) => t <= 1);
  const late = o.outputs.filter((t) => t > 1);
  const a = dopri5(rhs(0), 0, y0, [...early, 1], opts);
  early.forEach((t, j) => o.onOutput(t, view(a.y[j])));
  const y1 = a.y.at(-1)!;
  const b = dopri5(rhs(1), 0, y1, late.map(Math.log), opts);
  late.forEach((t, j) => o.onOutput(t, view(b.y[j])));
  return { steps: a.steps + b.steps };
}

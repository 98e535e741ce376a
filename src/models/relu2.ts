/**
 * The two-layer ReLU network of seed 004 ("Settings", lecture 15, after Ji & Telgarsky 2019):
 *   f(x; W) = m^{-1/2} Σ_j a_j σ(⟨x, w_j⟩),  σ(r) = max(r, 0),  a_j ∈ {±1} fixed,  only W ∈ R^{m×d} trained,
 * with W a row-major Float64Array (row j = w_j, W[j*d + k]) and the data point-major as elsewhere
 * (X[i*d + k] = coordinate k of x_i, y[i] ∈ {±1}).
 *
 * The kink: σ is not differentiable at 0. Every gradient here uses σ'(r) = 1[r > 0] + c·1[r = 0] with
 * c = `sigmaPrimeAtZero` ∈ [0, 1], default 0 (the convention of PyTorch and JAX). Any c ∈ [0, 1] gives an element
 * of the Clarke subdifferential, and the slide's bounds use only |σ'| ≤ 1 and σ'(r)·r = σ(r), which hold for every
 * such c; so the claims must hold for any choice in [0, 1], and a claim that depends on c is a finding.
 *
 * Kernels allocate nothing per call except a module-level scratch of m pre-activations, grown when m grows.
 */
import { NumericalError } from '../harness/errors.js';
import { logistic, type Loss } from '../losses/loss.js';

export interface ReluOptions {
  /** σ'(0), in [0, 1]; default 0 */
  sigmaPrimeAtZero?: number;
  /** margin loss ℓ of R̂; default logistic, as on the slide */
  loss?: Loss;
}

let scratch = new Float64Array(64);
function preActivations(m: number): Float64Array {
  if (scratch.length < m) scratch = new Float64Array(Math.max(m, 2 * scratch.length));
  return scratch;
}

function sigmaPrime(r: number, c: number): number {
  return r > 0 ? 1 : r < 0 ? 0 : c;
}

function kinkSlope(opts: ReluOptions | undefined): number {
  const c = opts?.sigmaPrimeAtZero ?? 0;
  if (!(c >= 0 && c <= 1)) throw new RangeError(`relu2: sigmaPrimeAtZero must lie in [0, 1], got ${c}`);
  return c;
}

function checkShapes(name: string, W: Float64Array, a: ArrayLike<number>, m: number, d: number): void {
  if (W.length !== m * d) throw new RangeError(`${name}: W has ${W.length} entries, expected m·d = ${m * d}`);
  if (a.length !== m) throw new RangeError(`${name}: a has ${a.length} entries, expected m = ${m}`);
}

/** f(x; W) = m^{-1/2} Σ_j a_j max(⟨x, w_j⟩, 0), x read from x[xOff .. xOff+d). @example reluNetForward(W, a, m, d, x) */
export function reluNetForward(W: Float64Array, a: ArrayLike<number>, m: number, d: number, x: ArrayLike<number>,
  xOff = 0): number {
  let s = 0;
  for (let j = 0; j < m; j++) {
    let r = 0;
    const o = j * d;
    for (let k = 0; k < d; k++) r += W[o + k] * x[xOff + k];
    if (r > 0) s += a[j] * r;
  }
  return s / Math.sqrt(m);
}

/**
 * out = ∇_W f(x; W), an m×d row-major array: row j = m^{-1/2} a_j σ'(⟨w_j, x⟩) x (the slide's gradient, the
 * gradient with respect to W at the input x). Returns f(x; W). ‖out‖_F² = (1/m)Σ_j σ'(⟨w_j,x⟩)²‖x‖² ≤ ‖x‖².
 */
export function reluNetGradX(W: Float64Array, a: ArrayLike<number>, m: number, d: number, x: ArrayLike<number>,
  out: Float64Array, opts?: ReluOptions, xOff = 0): number {
  checkShapes('reluNetGradX', W, a, m, d);
  const c = kinkSlope(opts), scale = 1 / Math.sqrt(m);
  let f = 0;
  for (let j = 0; j < m; j++) {
    let r = 0;
    const o = j * d;
    for (let k = 0; k < d; k++) r += W[o + k] * x[xOff + k];
    if (r > 0) f += a[j] * r;
    const g = scale * a[j] * sigmaPrime(r, c);
    for (let k = 0; k < d; k++) out[o + k] = g * x[xOff + k];
  }
  return f * scale;
}

/** R̂(W) = (1/n) Σ_k ℓ(y_k f(x_k; W)), ℓ logistic unless opts.loss. */
export function reluRisk(W: Float64Array, a: ArrayLike<number>, m: number, d: number, X: Float64Array,
  y: ArrayLike<number>, n: number, opts?: ReluOptions): number {
  checkShapes('reluRisk', W, a, m, d);
  const loss = opts?.loss ?? logistic;
  let s = 0;
  for (let i = 0; i < n; i++) s += loss.value(y[i] * reluNetForward(W, a, m, d, X, i * d));
  return s / n;
}

/**
 * out = ∇R̂(W) = (1/n) Σ_k ℓ'(y_k f(x_k; W)) y_k ∇_W f(x_k; W) (m×d row-major); returns R̂(W) computed on the way.
 */
export function reluRiskGrad(W: Float64Array, a: ArrayLike<number>, m: number, d: number, X: Float64Array,
  y: ArrayLike<number>, n: number, out: Float64Array, opts?: ReluOptions): number {
  checkShapes('reluRiskGrad', W, a, m, d);
  const c = kinkSlope(opts), loss = opts?.loss ?? logistic, scale = 1 / Math.sqrt(m);
  const r = preActivations(m);
  out.fill(0, 0, m * d);
  let risk = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let f = 0;
    for (let j = 0; j < m; j++) {
      let s = 0;
      const o = j * d;
      for (let k = 0; k < d; k++) s += W[o + k] * X[xo + k];
      r[j] = s;
      if (s > 0) f += a[j] * s;
    }
    const margin = y[i] * f * scale;
    risk += loss.value(margin);
    const g = loss.derivative(margin) * y[i] * scale / n;
    if (g === 0) continue;
    for (let j = 0; j < m; j++) {
      const gj = g * a[j] * sigmaPrime(r[j], c);
      if (gj === 0) continue;
      const o = j * d;
      for (let k = 0; k < d; k++) out[o + k] += gj * X[xo + k];
    }
  }
  return risk / n;
}

/**
 * R̂^{(i)}(V) = (1/n) Σ_k ℓ(y_k ⟨V, ∇_W f(x_k; W)⟩), the risk of the model linearised at W (Lemma 9.4 of seed 004),
 * with ⟨V, ∇_W f(x; W)⟩ = m^{-1/2} Σ_j a_j σ'(⟨w_j, x⟩)⟨v_j, x⟩. R̂^{(i)}(W) = R̂(W) for every σ'(0) since σ'(r)r = σ(r).
 */
export function reluLinearizedRisk(W: Float64Array, V: Float64Array, a: ArrayLike<number>, m: number, d: number,
  X: Float64Array, y: ArrayLike<number>, n: number, opts?: ReluOptions): number {
  checkShapes('reluLinearizedRisk', W, a, m, d);
  if (V.length !== m * d) throw new RangeError(`reluLinearizedRisk: V has ${V.length} entries, expected m·d = ${m * d}`);
  const c = kinkSlope(opts), loss = opts?.loss ?? logistic, scale = 1 / Math.sqrt(m);
  let risk = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    let s = 0;
    for (let j = 0; j < m; j++) {
      let rw = 0, rv = 0;
      const o = j * d;
      for (let k = 0; k < d; k++) {
        rw += W[o + k] * X[xo + k];
        rv += V[o + k] * X[xo + k];
      }
      s += a[j] * sigmaPrime(rw, c) * rv;
    }
    risk += loss.value(y[i] * s * scale);
  }
  return risk / n;
}

/** Called by reluGd at each iterate i = 0..steps with W_i (a reused buffer: copy it to keep it), R̂(W_i), ∇R̂(W_i). */
export type ReluGdCallback = (i: number, W: Float64Array, risk: number, grad: Float64Array) => void;

export interface ReluGdResult {
  /** W_steps (a fresh array) */
  W: Float64Array;
  /** R̂(W_i) for i = 0..steps */
  risk: Float64Array;
  /** W_0..W_steps when opts.record, else undefined */
  trajectory?: Float64Array[];
}

/**
 * Gradient descent W_{i+1} = W_i − η ∇R̂(W_i) from W_0 (not modified), for `steps` steps. onStep sees every
 * iterate i = 0..steps (the last with its gradient, though no step is taken from it), as Lemma 9.4's sums over
 * i < t and its ‖W_t − Z‖ need. Throws NumericalError on a non-finite risk.
 */
export function reluGd(W0: Float64Array, a: ArrayLike<number>, m: number, d: number, X: Float64Array,
  y: ArrayLike<number>, n: number, eta: number, steps: number, onStep?: ReluGdCallback,
  opts?: ReluOptions & { record?: boolean }): ReluGdResult {
  checkShapes('reluGd', W0, a, m, d);
  if (!(eta > 0) || !Number.isFinite(eta)) throw new RangeError(`reluGd: needs a finite step eta > 0, got ${eta}`);
  if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`reluGd: steps must be an integer ≥ 0, got ${steps}`);
  const W = Float64Array.from(W0), grad = new Float64Array(m * d), risk = new Float64Array(steps + 1);
  const trajectory: Float64Array[] | undefined = opts?.record ? [] : undefined;
  for (let i = 0; i <= steps; i++) {
    const r = reluRiskGrad(W, a, m, d, X, y, n, grad, opts);
    if (!Number.isFinite(r)) throw new NumericalError(`reluGd: risk ${r} at step ${i}`);
    risk[i] = r;
    trajectory?.push(Float64Array.from(W));
    onStep?.(i, W, r, grad);
    if (i < steps) for (let p = 0; p < m * d; p++) W[p] -= eta * grad[p];
  }
  return { W: Float64Array.from(W), risk, trajectory };
}

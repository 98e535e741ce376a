/**
 * Two-layer network with both layers trained, hand-written over Float64Arrays:
 *   f(x; W, a) = m^{-1/2} Σ_j a_j σ(⟨w_j, x⟩),   W ∈ R^{m×d} row-major (row j = w_j), a ∈ R^m,
 * σ = ReLU (σ'(0) = 0, the PyTorch/JAX convention; see src/models/relu2.ts for why any value in [0, 1] is valid),
 * or tanh / identity for the controls. With ReLU, f(cW, ca) = c² f(W, a): homogeneous of degree 2 in all parameters
 * (Lyu & Li's L = 2), and per unit the flow conserves a_j² − ‖w_j‖² (Du, Hu & Lee 2018), because σ'(r)·r = σ(r).
 * Data point-major: X[k*d + c], y[k] ∈ {±1}.
 * @example const g = relu2FullRiskGrad(p, X, y, n, 'exponential'); g.risk, g.gW, g.ga
 */
import { logistic, exponential, type Loss } from '../losses/loss.js';

export type Activation = 'relu' | 'tanh' | 'identity';

/** Parameters of the net: m units on d inputs. */
export interface Relu2Params {
  m: number;
  d: number;
  W: Float64Array;
  a: Float64Array;
  activation?: Activation;
}

function act(r: number, kind: Activation): number {
  return kind === 'relu' ? (r > 0 ? r : 0) : kind === 'tanh' ? Math.tanh(r) : r;
}
function actPrime(r: number, kind: Activation): number {
  if (kind === 'relu') return r > 0 ? 1 : 0;
  if (kind === 'tanh') { const t = Math.tanh(r); return 1 - t * t; }
  return 1;
}

/** f(x; W, a) for x = X[off .. off+d). */
export function relu2FullForward(p: Relu2Params, X: ArrayLike<number>, off = 0): number {
  const { m, d, W, a } = p, kind = p.activation ?? 'relu';
  let s = 0;
  for (let j = 0; j < m; j++) {
    let r = 0;
    for (let c = 0; c < d; c++) r += W[j * d + c] * X[off + c];
    s += a[j] * act(r, kind);
  }
  return s / Math.sqrt(m);
}

/**
 * Margin risk R̂ = (1/n)Σ_k ℓ(y_k f(x_k)) (or the sum, `sum`) and its gradients in W and a. Returns the margins
 * q_k = y_k f(x_k) too. With `lossName` 'exponential' and `sum`, R̂ is Lyu & Li's L = Σ e^{−q_k}.
 */
export function relu2FullRiskGrad(p: Relu2Params, X: Float64Array, y: ArrayLike<number>, n: number,
  lossName: 'logistic' | 'exponential' = 'logistic', sum = false, buffers?: Relu2Buffers): { risk: number; gW: Float64Array; ga: Float64Array; margins: Float64Array } {
  const { m, d, W, a } = p, kind = p.activation ?? 'relu';
  const loss: Loss = lossName === 'logistic' ? logistic : exponential;
  const b = buffers ?? relu2Buffers(m, d, n);
  const { gW, ga, margins, r } = b;
  gW.fill(0); ga.fill(0);
  const scale = 1 / Math.sqrt(m), norm = sum ? 1 : 1 / n;
  let risk = 0;
  for (let k = 0; k < n; k++) {
    const o = k * d;
    let f = 0;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += W[j * d + c] * X[o + c];
      r[j] = s;
      f += a[j] * act(s, kind);
    }
    const q = y[k] * f * scale;
    margins[k] = q;
    risk += loss.value(q);
    const g = loss.derivative(q) * y[k] * scale * norm;
    if (g === 0) continue;
    for (let j = 0; j < m; j++) {
      ga[j] += g * act(r[j], kind);
      const gj = g * a[j] * actPrime(r[j], kind);
      if (gj === 0) continue;
      for (let c = 0; c < d; c++) gW[j * d + c] += gj * X[o + c];
    }
  }
  return { risk: risk * norm, gW, ga, margins };
}

/** Reusable output and scratch arrays of {@link relu2FullRiskGrad} (a GD loop allocates nothing per step with them). */
export interface Relu2Buffers { gW: Float64Array; ga: Float64Array; margins: Float64Array; r: Float64Array }
export function relu2Buffers(m: number, d: number, n: number): Relu2Buffers {
  return { gW: new Float64Array(m * d), ga: new Float64Array(m), margins: new Float64Array(n), r: new Float64Array(m) };
}

/** ‖θ‖² = ‖W‖_F² + ‖a‖². */
export function paramNormSquared(p: Relu2Params): number {
  let s = 0;
  for (const v of p.W) s += v * v;
  for (const v of p.a) s += v * v;
  return s;
}

/** Per-unit balance a_j² − ‖w_j‖² (conserved by the flow for a homogeneous activation). */
export function unitBalance(p: Relu2Params): Float64Array {
  const out = new Float64Array(p.m);
  for (let j = 0; j < p.m; j++) {
    let s = 0;
    for (let c = 0; c < p.d; c++) s += p.W[j * p.d + c] ** 2;
    out[j] = p.a[j] * p.a[j] - s;
  }
  return out;
}

/** A copy with fresh arrays. */
export function cloneParams(p: Relu2Params): Relu2Params {
  return { ...p, W: Float64Array.from(p.W), a: Float64Array.from(p.a) };
}

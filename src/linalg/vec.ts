/**
 * Float64Array kernels for the hot loops. Conventions used across the project:
 * a dataset of n points in R^d is stored point-major, `Z[i*d + k]` = k-th coordinate of z_i = y_i x_i,
 * i.e. the rows of the slides' d×n matrix X transposed. No kernel allocates; outputs are passed in.
 */

/** ⟨a, b⟩ over the first `len` entries (default a.length). @example dot(new Float64Array([1,2]), new Float64Array([3,4])) === 11 */
export function dot(a: Float64Array, b: Float64Array, len = a.length): number {
  let s = 0;
  for (let k = 0; k < len; k++) s += a[k] * b[k];
  return s;
}

/** Euclidean norm ‖a‖₂. */
export function norm2(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a − b‖₂. */
export function dist2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const t = a[k] - b[k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/** out = A·w for A point-major n×d (out[i] = ⟨a_i, w⟩). */
export function matVec(A: Float64Array, n: number, d: number, w: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * d;
    for (let k = 0; k < d; k++) s += A[o + k] * w[k];
    out[i] = s;
  }
  return out;
}

/** out = Aᵀ·g for A point-major n×d (out = Σ_i g_i a_i). */
export function matTVec(A: Float64Array, n: number, d: number, g: Float64Array, out: Float64Array): Float64Array {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    if (gi === 0) continue;
    const o = i * d;
    for (let k = 0; k < d; k++) out[k] += gi * A[o + k];
  }
  return out;
}

/** w/‖w‖ into out (out may alias w). Throws on the zero vector. */
export function normalize(w: Float64Array, out: Float64Array = new Float64Array(w.length)): Float64Array {
  const r = norm2(w);
  if (!(r > 0)) throw new RangeError(`normalize: vector has norm ${r}`);
  for (let k = 0; k < w.length; k++) out[k] = w[k] / r;
  return out;
}

/** True when every entry is finite. */
export function allFinite(a: ArrayLike<number>): boolean {
  for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k])) return false;
  return true;
}


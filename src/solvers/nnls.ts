import { Matrix, solve } from 'ml-matrix';

/**
 * Non-negative least squares by Lawson–Hanson (1974, "Solving Least Squares Problems", ch. 23):
 *
 *   x̂ = argmin_{x ≥ 0} ‖ Σ_j x_j c_j − b ‖₂,
 *
 * the columns c_j ∈ R^m stored point-major like a dataset (`cols[j*m + r]` = entry r of c_j), k columns.
 * Active-set method: a passive set P grows by the column with the largest gradient component
 * g_j = ⟨c_j, b − Cx⟩ while some g_j > tol; the unconstrained least-squares solution on P is taken when it is
 * positive, otherwise the step is cut back at the first coordinate that reaches 0 and that coordinate leaves P.
 * Sub-problems are solved by ml-matrix's SVD least squares (robust when columns of P are dependent).
 * Optimality (KKT) of x̂: x̂ ≥ 0, g ≤ 0 off the support, g = 0 on it; see `nnlsKktResiduals`.
 * This is a helper: callers verify whatever they build from x̂ (the SVM re-checks its own KKT system).
 *
 * @example
 * // min ‖x₁(1,0) + x₂(0,1) − (1,−1)‖ over x ≥ 0 → x = (1, 0)
 * nonNegativeLeastSquares(new Float64Array([1, 0, 0, 1]), 2, 2, new Float64Array([1, -1])); // Float64Array [1, 0]
 */
export function nonNegativeLeastSquares(
  cols: Float64Array,
  k: number,
  m: number,
  b: Float64Array,
  opts: { maxIterations?: number } = {},
): Float64Array {
  if (cols.length !== k * m) throw new RangeError(`nonNegativeLeastSquares: cols has ${cols.length} entries, expected k·m = ${k}·${m}`);
  if (b.length !== m) throw new RangeError(`nonNegativeLeastSquares: b has ${b.length} entries, expected m = ${m}`);
  const x = new Float64Array(k);
  if (k === 0) return x;
  const tol = gradientTolerance(cols, k, m);
  const passive = new Array<boolean>(k).fill(false);
  const maxIterations = opts.maxIterations ?? 3 * k + 10;
  for (let outer = 0; outer < maxIterations; outer++) {
    const g = nnlsGradient(cols, k, m, b, x);
    const j = argmaxOutside(g, passive);
    if (j < 0 || g[j] <= tol) return x;
    passive[j] = true;
    for (let inner = 0; inner <= k; inner++) {
      const s = leastSquaresOn(cols, k, m, b, passive);
      if (minOnPassive(s, passive) > 0) {
        x.set(s);
        break;
      }
      stepTowards(x, s, passive);
    }
  }
  return x;
}

/** The negative gradient g = Cᵀ(b − Cx) of ½‖Cx − b‖² (g_j = ⟨c_j, b − Cx⟩). */
export function nnlsGradient(cols: Float64Array, k: number, m: number, b: Float64Array, x: Float64Array): Float64Array {
  const r = Float64Array.from(b);
  for (let j = 0; j < k; j++) {
    if (x[j] === 0) continue;
    for (let t = 0; t < m; t++) r[t] -= x[j] * cols[j * m + t];
  }
  const g = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < m; t++) s += cols[j * m + t] * r[t];
    g[j] = s;
  }
  return g;
}

/**
 * KKT residuals of an NNLS candidate x (all zero for the exact minimizer), with S = ‖C‖_F(‖C‖_F‖x‖₂ + ‖b‖₂)
 * the size of the gradient's terms and g = Cᵀ(b − Cx):
 * negativity = max(0, −min_j x_j)/‖x‖_∞, gradient = max(0, max_j g_j)/S (no descent direction left),
 * complementarity = max_j |x_j g_j| / (S‖x‖_∞) (g_j = 0 where x_j > 0).
 */
export function nnlsKktResiduals(
  cols: Float64Array,
  k: number,
  m: number,
  b: Float64Array,
  x: Float64Array,
): { negativity: number; gradient: number; complementarity: number } {
  const g = nnlsGradient(cols, k, m, b, x);
  const cNorm = frobenius(cols);
  let xNorm = 0;
  let xMax = 0;
  for (let j = 0; j < k; j++) {
    xNorm += x[j] * x[j];
    xMax = Math.max(xMax, Math.abs(x[j]));
  }
  const gScale = Math.max(cNorm * (cNorm * Math.sqrt(xNorm) + frobenius(b)), Number.MIN_VALUE);
  let negativity = 0;
  let gradient = 0;
  let complementarity = 0;
  for (let j = 0; j < k; j++) {
    negativity = Math.max(negativity, -x[j]);
    gradient = Math.max(gradient, g[j] / gScale);
    complementarity = Math.max(complementarity, Math.abs(x[j] * g[j]) / (gScale * Math.max(xMax, Number.MIN_VALUE)));
  }
  return { negativity: negativity / Math.max(xMax, Number.MIN_VALUE), gradient, complementarity };
}

/** Lawson–Hanson's stopping threshold on g: 10·ε·‖C‖₁·max(m, k) (as MATLAB's lsqnonneg). */
function gradientTolerance(cols: Float64Array, k: number, m: number): number {
  let maxColSum = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0; t < m; t++) s += Math.abs(cols[j * m + t]);
    maxColSum = Math.max(maxColSum, s);
  }
  return 10 * Number.EPSILON * maxColSum * Math.max(m, k);
}

function argmaxOutside(g: Float64Array, passive: boolean[]): number {
  let best = -1;
  for (let j = 0; j < g.length; j++) if (!passive[j] && (best < 0 || g[j] > g[best])) best = j;
  return best;
}

function minOnPassive(s: Float64Array, passive: boolean[]): number {
  let min = Infinity;
  for (let j = 0; j < s.length; j++) if (passive[j]) min = Math.min(min, s[j]);
  return min;
}

/** Unconstrained least squares restricted to the passive columns; zero elsewhere. */
function leastSquaresOn(cols: Float64Array, k: number, m: number, b: Float64Array, passive: boolean[]): Float64Array {
  const idx: number[] = [];
  for (let j = 0; j < k; j++) if (passive[j]) idx.push(j);
  const A = new Matrix(m, idx.length);
  for (let c = 0; c < idx.length; c++) for (let t = 0; t < m; t++) A.set(t, c, cols[idx[c] * m + t]);
  const sol = solve(A, Matrix.columnVector(Array.from(b)), true);
  const s = new Float64Array(k);
  for (let c = 0; c < idx.length; c++) s[idx[c]] = sol.get(c, 0);
  return s;
}

/** x ← x + θ(s − x) with the largest θ keeping x ≥ 0 on P; coordinates that reach 0 leave P. */
function stepTowards(x: Float64Array, s: Float64Array, passive: boolean[]): void {
  let theta = 1;
  let blocking = -1;
  for (let j = 0; j < x.length; j++) {
    if (!passive[j] || s[j] > 0) continue;
    const t = x[j] - s[j] > 0 ? x[j] / (x[j] - s[j]) : 0;
    if (blocking < 0 || t < theta) {
      theta = t;
      blocking = j;
    }
  }
  for (let j = 0; j < x.length; j++) {
    if (!passive[j]) continue;
    x[j] += theta * (s[j] - x[j]);
    if (j === blocking || x[j] <= 0) {
      x[j] = 0;
      passive[j] = false;
    }
  }
}

function frobenius(a: Float64Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t] * a[t];
  return Math.sqrt(s);
}

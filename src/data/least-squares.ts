import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { AssumptionError } from '../harness/errors.js';

/**
 * An over-parameterized least-squares problem in the notation of seed 001 ("GD + LS = a red herring"):
 * min_w ‖Xᵀw − y‖² with X ∈ R^{d×n}, d > n, X of full column rank. Stored point-major like every dataset here:
 * `X[i*d + k]` is coordinate k of x_i, the i-th column of the slides' X.
 */
export interface LeastSquaresProblem {
  readonly n: number;
  readonly d: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
  /**
   * The planted teacher w*: y = Xᵀw*. It defines the test distribution of the claims that need one,
   * x ~ N(0, I_d) labelled ⟨w*, x⟩ (see {@link testRisk}); the teacher is itself an interpolant with test risk 0.
   */
  readonly teacher: Float64Array;
  /** a certified lower bound on σ_min(X) (by construction; {@link verifyLeastSquares} checks it) */
  readonly sigmaMinLower: number;
}

/** Options of {@link leastSquaresProblem}; validated up front with exact messages. */
export interface LeastSquaresOptions {
  /** number of points n, inclusive range (default 1..6) */
  n?: [number, number];
  /** number of shared coordinates s = d − n ≥ 1, inclusive range (default 1..6) */
  shared?: [number, number];
}

const GRID = 1000; // coordinates are k / GRID (fast-check's doubles spread over bit patterns, not values)

/**
 * Smallest |r_i| of the private coordinates. With X = [Q | diag(r)] the Gram matrix is QQᵀ + diag(r²) ⪰
 * diag(r²), so σ_min(X) ≥ min |r_i| ≥ R_MIN: full column rank by construction, and a condition number
 * κ² = σ_max²/σ_min² ≤ (s + 1)/R_MIN² ≤ 28 that keeps GD's linear rate 1 − 1/κ² fast.
 */
export const R_MIN = 0.5;

function checkRange(name: string, r: [number, number], lo: number, hi: number): void {
  if (!(Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] <= r[1] && r[0] >= lo && r[1] <= hi))
    throw new RangeError(`leastSquaresProblem: ${name} must be integers with ${lo} ≤ min ≤ max ≤ ${hi}, got [${r[0]}, ${r[1]}]`);
}

/**
 * Over-parameterized least squares, of full column rank *by construction*: each point x_i = (q_i, r_i e_i)
 * has s shared coordinates q_i ∈ [−1, 1]^s and one private coordinate r_i, |r_i| ∈ [R_MIN, 1], of its own
 * (d = s + n > n); a planted teacher w* ∈ [−1, 1]^d gives y = Xᵀw*.
 * Shrinks towards fewer points, fewer shared coordinates, q = 0, |r_i| = R_MIN and w* = 0.
 * @example fc.sample(leastSquaresProblem({ n: [3, 3], shared: [2, 2] }), { seed: 1, numRuns: 1 })[0].d === 5
 */
export function leastSquaresProblem(opts: LeastSquaresOptions = {}): fc.Arbitrary<LeastSquaresProblem> {
  const n = opts.n ?? [1, 6];
  const shared = opts.shared ?? [1, 6];
  checkRange('n', n, 1, 1000);
  checkRange('shared', shared, 1, 1000);
  const coord = fc.noBias(fc.integer({ min: -GRID, max: GRID }));
  return fc.tuple(fc.integer({ min: n[0], max: n[1] }), fc.integer({ min: shared[0], max: shared[1] })).chain(([np, s]) =>
    fc
      .record({
        q: fc.array(fc.array(coord, { minLength: s, maxLength: s }), { minLength: np, maxLength: np }),
        r: fc.array(fc.record({ k: fc.noBias(fc.integer({ min: 0, max: GRID })), negative: fc.boolean() }), { minLength: np, maxLength: np }),
        teacher: fc.array(coord, { minLength: s + np, maxLength: s + np }),
      })
      .map(({ q, r, teacher }) => buildLeastSquares(q.map((row) => row.map((c) => c / GRID)), r.map(({ k, negative }) => (negative ? -1 : 1) * (R_MIN + ((1 - R_MIN) * k) / GRID)), teacher.map((c) => c / GRID))),
  );
}

/** Assembles X = [Q | diag(r)] and y = Xᵀw* and verifies it (exported for replaying a counterexample by hand). */
export function buildLeastSquares(q: number[][], r: number[], teacher: number[]): LeastSquaresProblem {
  const n = r.length;
  const s = q[0]?.length ?? 0;
  const d = s + n;
  if (q.length !== n || teacher.length !== d) throw new RangeError(`buildLeastSquares: ${q.length} rows of q, ${n} private coordinates, teacher of length ${teacher.length} (expected ${d})`);
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < s; k++) X[i * d + k] = q[i][k];
    X[i * d + s + i] = r[i];
  }
  const w = Float64Array.from(teacher);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) y[i] += X[i * d + k] * w[k];
  const p: LeastSquaresProblem = { n, d, X, y, teacher: w, sigmaMinLower: Math.min(...r.map(Math.abs)) };
  verifyLeastSquares(p);
  return p;
}

/** The extreme singular values of the slides' X (from the n×n Gram matrix XᵀX of the points). */
export function singularRange(X: Float64Array, n: number, d: number): { sigmaMin: number; sigmaMax: number } {
  const G = new Matrix(n, n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += X[i * d + k] * X[j * d + k];
      G.set(i, j, s);
      G.set(j, i, s);
    }
  const ev = new EigenvalueDecomposition(G, { assumeSymmetric: true }).realEigenvalues;
  return { sigmaMin: Math.sqrt(Math.max(0, Math.min(...ev))), sigmaMax: Math.sqrt(Math.max(0, ...ev)) };
}

/**
 * Relative rank threshold: σ_min/σ_max below 1e-6 counts as rank-deficient. The claims' GD needs ~κ² ln(1/ε)
 * steps, so κ = 1e6 is already beyond any budget; the generator's problems have κ ≤ √28 ≈ 5.3.
 */
export const MIN_RELATIVE_SIGMA = 1e-6;

/**
 * Verifies a least-squares problem (generated or given by a user): shapes, finite entries, d > n, y = Xᵀw*, and
 * full column rank (σ_min(X)/σ_max(X) ≥ MIN_RELATIVE_SIGMA and σ_min ≥ the certified bound up to rounding).
 * Throws AssumptionError naming the first failure. Returns the singular range.
 */
export function verifyLeastSquares(p: LeastSquaresProblem): { sigmaMin: number; sigmaMax: number } {
  const { n, d, X, y, teacher } = p;
  if (!(Number.isInteger(n) && Number.isInteger(d) && n >= 1 && d > n))
    throw new AssumptionError(`least squares: needs d > n ≥ 1 (over-parameterized), got n=${n}, d=${d}`);
  if (X.length !== n * d || y.length !== n || teacher.length !== d)
    throw new AssumptionError(`least squares: buffer sizes X=${X.length}, y=${y.length}, w*=${teacher.length} do not match n=${n}, d=${d}`);
  for (let i = 0; i < X.length; i++) if (!Number.isFinite(X[i])) throw new AssumptionError(`least squares: x_${Math.floor(i / d)}[${i % d}] is ${X[i]}`);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let scale = Math.abs(y[i]);
    for (let k = 0; k < d; k++) (s += X[i * d + k] * teacher[k]), (scale += Math.abs(X[i * d + k] * teacher[k]));
    if (!(Math.abs(s - y[i]) <= 1e-12 * Math.max(scale, 1))) throw new AssumptionError(`least squares: y_${i} = ${y[i]} ≠ ⟨x_${i}, w*⟩ = ${s}`);
  }
  const range = singularRange(X, n, d);
  if (!(range.sigmaMin >= MIN_RELATIVE_SIGMA * range.sigmaMax))
    throw new AssumptionError(`least squares: X is not of full column rank (σ_min = ${range.sigmaMin.toExponential(3)}, σ_max = ${range.sigmaMax.toExponential(3)}) [n=${n}, d=${d}]`);
  if (!(range.sigmaMin >= p.sigmaMinLower * (1 - 1e-9)))
    throw new AssumptionError(`least squares: σ_min(X) = ${range.sigmaMin} is below its certified bound ${p.sigmaMinLower}`);
  return range;
}

/**
 * Test risk of w under the planted test distribution x ~ N(0, I_d), y = ⟨w*, x⟩:
 * E(⟨w, x⟩ − ⟨w*, x⟩)² = ‖w − w*‖², exactly (no sampling).
 */
export function testRisk(p: LeastSquaresProblem, w: Float64Array): number {
  let s = 0;
  for (let k = 0; k < p.d; k++) s += (w[k] - p.teacher[k]) ** 2;
  return s;
}

/**
 * Test classification error of sign⟨w, x⟩ against sign⟨w*, x⟩ under x ~ N(0, I_d): angle(w, w*)/π, exactly
 * (a rotation-invariant distribution splits the disagreement wedge in proportion to its angle).
 */
export function testSignError(p: LeastSquaresProblem, w: Float64Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < p.d; k++) (ab += w[k] * p.teacher[k]), (aa += w[k] * w[k]), (bb += p.teacher[k] ** 2);
  if (!(aa > 0 && bb > 0)) return 0.5;
  return Math.acos(Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)))) / Math.PI;
}

/** A linear system Xᵀw = y with X ∈ R^{d×n} (point-major like the problems above), d ≥ n. */
export interface LinearSystem {
  readonly n: number;
  readonly d: number;
  readonly X: Float64Array;
  readonly y: Float64Array;
}

/**
 * Square (d = n) symmetric invertible X, strictly diagonally dominant by construction: off-diagonal entries
 * s_ij = s_ji ∈ [−1, 1]/n, diagonal ±(Σ_j |s_ij| + m_i), m_i ∈ [0.5, 1] (Gershgorin keeps every eigenvalue at
 * least m_i away from 0), and y ∈ [−1, 1]^n. The one family on which the slide's (XᵀX)⁻¹Xy is the interpolant:
 * for symmetric X it equals X⁻¹X⁻¹Xy = X⁻¹y = X⁻ᵀy. Shrinks towards n = 1, zero off-diagonals and y = 0.
 */
export function squareSymmetricSystem(opts: { n?: [number, number] } = {}): fc.Arbitrary<LinearSystem> {
  const n = opts.n ?? [1, 6];
  checkRange('n', n, 1, 1000);
  const coord = fc.noBias(fc.integer({ min: -GRID, max: GRID }));
  return fc.integer({ min: n[0], max: n[1] }).chain((m) =>
    fc
      .record({
        off: fc.array(coord, { minLength: (m * (m - 1)) / 2, maxLength: (m * (m - 1)) / 2 }),
        diag: fc.array(fc.record({ k: fc.noBias(fc.integer({ min: 0, max: GRID })), negative: fc.boolean() }), { minLength: m, maxLength: m }),
        y: fc.array(coord, { minLength: m, maxLength: m }),
      })
      .map(({ off, diag, y }) => {
        const X = new Float64Array(m * m);
        let o = 0;
        for (let i = 0; i < m; i++)
          for (let j = i + 1; j < m; j++) {
            const v = off[o++] / GRID / m;
            X[i * m + j] = v;
            X[j * m + i] = v;
          }
        for (let i = 0; i < m; i++) {
          let rowSum = 0;
          for (let j = 0; j < m; j++) if (j !== i) rowSum += Math.abs(X[i * m + j]);
          X[i * m + i] = (diag[i].negative ? -1 : 1) * (rowSum + 0.5 + (0.5 * diag[i].k) / GRID);
        }
        return { n: m, d: m, X, y: Float64Array.from(y, (c) => c / GRID) };
      }),
  );
}

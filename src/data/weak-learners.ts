import fc from 'fast-check';

/**
 * A boosting problem as a margin matrix M ∈ {±1}^{n×m}, M[i*m + j] = y_i h_j(x_i) (point-major, the layout the
 * AdaBoost kernel and maxMarginLp read as z_i = M_i). Weak-learnable *by construction*: k planted columns (k odd)
 * on which every row has a strict majority of +1, so a = uniform on them has min_i ⟨a, M_i⟩ ≥ 1/k, a certified
 * lower bound on the l1 max margin γ̄ = max_{‖a‖₁ ≤ 1} min_i ⟨a, M_i⟩ (certified exactly by the LP). The other
 * m − k columns are arbitrary ±1. Shrinks towards fewer rows and columns, the smallest k, all +1.
 */
export interface WeakLearnerMatrix {
  readonly n: number;
  readonly m: number;
  /** the margin matrix, point-major n×m */
  readonly M: Float64Array;
  /** number of planted columns (the first k) */
  readonly planted: number;
}

/** Options of {@link weakLearnerMatrix}; validated up front with exact messages. */
export interface WeakLearnerOptions {
  /** examples n, inclusive range (default 8..40: fewer rows make an all-+1 column, a perfect learner, likely) */
  n?: [number, number];
  /** extra (unplanted) columns, inclusive range (default 1..15) */
  extra?: [number, number];
  /** planted columns k, odd values drawn from this inclusive range (default 3..7; k = 1 is a perfect learner) */
  planted?: [number, number];
}

function checkRange(name: string, r: [number, number], lo: number): void {
  if (!(Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] >= lo && r[0] <= r[1]))
    throw new RangeError(`weakLearnerMatrix: ${name} must be integers with ${lo} ≤ min ≤ max, got [${r[0]}, ${r[1]}]`);
}

export function weakLearnerMatrix(opts: WeakLearnerOptions = {}): fc.Arbitrary<WeakLearnerMatrix> {
  const n = opts.n ?? [8, 40];
  const extra = opts.extra ?? [1, 15];
  const planted = opts.planted ?? [3, 7];
  checkRange('n', n, 1);
  checkRange('extra', extra, 0);
  checkRange('planted', planted, 1);
  const halves: [number, number] = [Math.ceil((planted[0] - 1) / 2), Math.floor((planted[1] - 1) / 2)];
  if (halves[0] > halves[1]) throw new RangeError(`weakLearnerMatrix: planted range [${planted[0]}, ${planted[1]}] contains no odd number`);
  return fc
    .tuple(fc.integer({ min: n[0], max: n[1] }), fc.integer({ min: extra[0], max: extra[1] }), fc.integer({ min: halves[0], max: halves[1] }))
    .chain(([rows, e, h]) => {
      const k = 2 * h + 1;
      return fc.array(fc.array(fc.boolean(), { minLength: k + e, maxLength: k + e }), { minLength: rows, maxLength: rows }).map((bits) => buildWeakLearners(bits, k));
    });
}

/**
 * Assembles M from sign bits (true = −1), repairing each row's planted block to a strict majority of +1 by turning
 * its first −1 entries to +1 (exported for replaying a counterexample by hand).
 */
export function buildWeakLearners(bits: boolean[][], k: number): WeakLearnerMatrix {
  const n = bits.length;
  const m = bits[0]?.length ?? 0;
  const M = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = bits[i].map((b) => (b ? -1 : 1));
    let plus = row.slice(0, k).filter((v) => v > 0).length;
    for (let j = 0; j < k && plus <= k / 2; j++) if (row[j] < 0) (row[j] = 1), plus++;
    for (let j = 0; j < m; j++) M[i * m + j] = row[j];
  }
  return { n, m, M, planted: k };
}

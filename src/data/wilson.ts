import fc from 'fast-check';

/**
 * The least-squares classification data of Wilson, Roelofs, Stern, Srebro, Recht (NeurIPS 2017, Sec. 3.3), as
 * CLAIMS.md describes it: y_i = +1 with probability p > ½ (else −1); x_i1 = y_i, x_i2 = x_i3 = 1; then a block of
 * features unique to example i, 1 wide for a positive example and 5 wide for a negative one (all ones). The
 * paper reserves a 5-wide block per example and leaves the unused columns of positives at 0; those columns are
 * zero in every x_i, no method started at 0 ever moves them, so the compact layout (d = 3 + Σ widths) is
 * equivalent. With a positive majority, X sign(Xᵀy) = 4y (1 + 2 + 1 for a positive, −1 + 2 − 5 for a negative),
 * the condition of their Lemma 3.1.
 *
 * Test points follow the same law with unique features of their own, unseen in training: every method started at
 * 0 keeps zero weight on them, so a test point is predicted by sign(w_1 y + w_2 + w_3) alone and the test error is
 * exact: p·[w_1 + w_2 + w_3 ≤ 0] + (1 − p)·[−w_1 + w_2 + w_3 ≥ 0] (a zero score counts as an error).
 */
export interface WilsonDataset {
  readonly n: number;
  readonly d: number;
  /** point-major n×d */
  readonly X: Float64Array;
  readonly y: Float64Array;
  /** probability of a positive label */
  readonly p: number;
  /** number of positive examples */
  readonly positives: number;
}

/**
 * Labels drawn as y_i = +1 with probability p (a uniform integer below 1000p); n and p fixed (defaults 30, 0.6),
 * then repaired (repairLabels) so that every value — and every shrink — satisfies what the claims on this
 * construction assume: positives a strict majority (Lemma 3.1's X sign(Xᵀy) = c·y) and at least one negative.
 * Why the negative: by symmetry the min-norm interpolant is w = Σ c± x_i with c+ = (4N + 5)/D, c− = −(4P + 1)/D
 * (P positives, N negatives, D > 0), so a negative test point scores −w_1 + w_2 + w_3 = (5P − 8PN − 3N)/D, which
 * is < 0 (classified right) iff N ≥ 1; with N = 0 GD's solution also predicts +1 everywhere (test error 1 − p).
 * Shrinking once reached all 30 labels +1 (replay of adaptive-methods-find-other-solutions, seed 20261123, path
 * of 31 zeros), an input outside the claim's assumptions that was reported as a violation.
 */
export function wilsonDataset(opts: { n?: number; p?: number } = {}): fc.Arbitrary<WilsonDataset> {
  const n = opts.n ?? 30;
  const p = opts.p ?? 0.6;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`wilsonDataset: n must be a positive integer, got ${n}`);
  if (!(p > 0.5 && p < 1)) throw new RangeError(`wilsonDataset: p must be in (½, 1), got ${p}`);
  return fc
    .array(fc.noBias(fc.integer({ min: 0, max: 999 })), { minLength: n, maxLength: n })
    .map((u) => buildWilson(repairLabels(u.map((k) => (k < 1000 * p ? 1 : -1))), p));
}

/**
 * At least one −1 and a strict majority of +1 (needs n ≥ 3): the last label becomes −1 when there is none, then
 * the first −1 labels become +1 until positives are the majority. Identity on labels that already comply.
 */
export function repairLabels(labels: number[]): number[] {
  const out = labels.slice();
  if (out.length < 3) return out;
  if (!out.includes(-1)) out[out.length - 1] = -1;
  let pos = out.filter((v) => v > 0).length;
  for (let i = 0; i < out.length && pos <= out.length - pos; i++) if (out[i] < 0 && out.filter((v) => v < 0).length > 1) (out[i] = 1), pos++;
  return out;
}

/** Assembles the construction for given labels (exported for replaying a counterexample by hand). */
export function buildWilson(labels: number[], p: number): WilsonDataset {
  const n = labels.length;
  const widths = labels.map((v) => (v > 0 ? 1 : 5));
  const d = 3 + widths.reduce((a, b) => a + b, 0);
  const X = new Float64Array(n * d);
  let offset = 3;
  labels.forEach((v, i) => {
    X[i * d] = v;
    X[i * d + 1] = 1;
    X[i * d + 2] = 1;
    for (let j = 0; j < widths[i]; j++) X[i * d + offset + j] = 1;
    offset += widths[i];
  });
  return { n, d, X, y: Float64Array.from(labels), p, positives: labels.filter((v) => v > 0).length };
}

/** The exact test error of w under the construction's test distribution (see the file comment). */
export function wilsonTestError(ds: WilsonDataset, w: ArrayLike<number>): number {
  const positive = w[0] + w[1] + w[2];
  const negative = -w[0] + w[1] + w[2];
  return ds.p * (positive <= 0 ? 1 : 0) + (1 - ds.p) * (negative >= 0 ? 1 : 0);
}

/** sign(Xᵀy), the direction Wilson et al.'s Lemma 3.1 predicts for adaptive methods. */
export function signOfXty(ds: WilsonDataset): Float64Array {
  const s = new Float64Array(ds.d);
  for (let k = 0; k < ds.d; k++) {
    let v = 0;
    for (let i = 0; i < ds.n; i++) v += ds.X[i * ds.d + k] * ds.y[i];
    s[k] = Math.sign(v);
  }
  return s;
}

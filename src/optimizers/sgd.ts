/**
 * Minibatch stochastic gradient descent (Robbins & Monro 1951; for separable data with a fixed step:
 * Nacson, Srebro & Soudry, AISTATS 2019, "Stochastic gradient descent on separable data: exact convergence
 * with a fixed learning rate").
 *
 *   w_{t+1} = w_t − η ĝ_t,   ĝ_t = (n/b)·s·Σ_{i∈B_t} ∇f_i(w_t)   (Objective.gradBatch, unbiased for ∇F)
 *
 * B_t is drawn by the seeded PRNG in the state:
 * - `replacement: false` (default, "random reshuffling"): each epoch is a fresh permutation of 0..n−1 cut into
 *   consecutive batches of b; when b does not divide n the epoch's last batch is shorter (n mod b indices).
 * - `replacement: true`: b indices drawn independently and uniformly (repeats possible).
 * With b = n and no replacement every step is a full gradient step (GD).
 */
import { checkDims, checkPositive, checkPositiveInt } from './validate.js';
import { rngInt, seedRng, shuffleInPlace } from './rng.js';
import type { OptState, Optimizer } from './types.js';

export interface SgdOptions {
  /** step η */
  eta: number;
  /** minibatch size b; default 1 */
  batchSize?: number;
  /** sample with replacement; default false (reshuffle each epoch) */
  replacement?: boolean;
  /** PRNG seed; default 0 */
  seed?: number;
}

export interface SgdState extends OptState {
  /** ĝ at the last step */
  readonly g: Float64Array;
  /** the last minibatch: batch[0 .. batchLen) */
  readonly batch: Int32Array;
  batchLen: number;
  /** the current epoch's permutation (without replacement; length 0 with replacement) */
  readonly perm: Int32Array;
  /** next position in perm */
  cursor: number;
  /** mulberry32 state */
  readonly rng: Uint32Array;
}

export function sgd(opts: SgdOptions): Optimizer<SgdState> {
  const name = 'sgd';
  const eta = checkPositive(name, 'eta', opts.eta);
  const b = checkPositiveInt(name, 'batchSize', opts.batchSize ?? 1);
  const replacement = opts.replacement ?? false;
  const seed = opts.seed ?? 0;
  return {
    name,
    params: { eta, batchSize: b, replacement, seed },
    init(w0, obj) {
      checkDims(name, w0, obj);
      if (!obj.gradBatch) throw new RangeError(`${name}: the objective has no gradBatch (minibatch gradient)`);
      if (b > obj.n) throw new RangeError(`${name}: batchSize ${b} exceeds the number of examples n = ${obj.n}`);
      const perm = new Int32Array(replacement ? 0 : obj.n);
      for (let i = 0; i < perm.length; i++) perm[i] = i;
      // cursor = n forces a shuffle at the first step
      return { w: Float64Array.from(w0), t: 0, g: new Float64Array(w0.length), batch: new Int32Array(b), batchLen: 0, perm, cursor: perm.length, rng: seedRng(seed) };
    },
    update(s, obj) {
      drawBatch(s, obj.n, b, replacement);
      obj.gradBatch!(s.w, s.batch, s.batchLen, s.g);
      const { w, g } = s;
      for (let k = 0; k < w.length; k++) w[k] -= eta * g[k];
      s.t++;
    },
  };
}

/** Fills s.batch[0 .. s.batchLen) with the next minibatch. */
function drawBatch(s: SgdState, n: number, b: number, replacement: boolean): void {
  if (replacement) {
    for (let j = 0; j < b; j++) s.batch[j] = rngInt(s.rng, n);
    s.batchLen = b;
    return;
  }
  if (s.cursor >= n) {
    shuffleInPlace(s.rng, s.perm);
    s.cursor = 0;
  }
  const len = Math.min(b, n - s.cursor);
  for (let j = 0; j < len; j++) s.batch[j] = s.perm[s.cursor + j];
  s.cursor += len;
  s.batchLen = len;
}

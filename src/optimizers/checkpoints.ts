/**
 * Geometric checkpoints 1, 2, …, up to `horizon`, `perDecade` per decade (rounded, deduplicated), always
 * including the horizon itself. A horizon of 1e7 iterations at 20 per decade is 141 checkpoints, so a recorded
 * trajectory costs O(log t) memory.
 * @example geometricCheckpoints(100, 2) // [1, 3, 10, 32, 100]
 */
export function geometricCheckpoints(horizon: number, perDecade = 20): number[] {
  if (!(horizon >= 1 && Number.isFinite(horizon))) throw new RangeError(`geometricCheckpoints: horizon must be ≥ 1, got ${horizon}`);
  if (!(perDecade >= 1)) throw new RangeError(`geometricCheckpoints: perDecade must be ≥ 1, got ${perDecade}`);
  const out: number[] = [];
  const decades = Math.log10(horizon);
  for (let k = 0; k <= Math.ceil(decades * perDecade); k++) {
    const t = Math.min(horizon, Math.round(10 ** (k / perDecade)));
    if (out.length === 0 || t > out[out.length - 1]) out.push(t);
  }
  if (out[out.length - 1] !== Math.round(horizon)) out.push(Math.round(horizon));
  return out;
}

/**
 * The checkpoints of runOptimizer (src/optimizers/run.ts) and Subject.run: 1, then ×ratio (at least +1), and `steps`
 * last; none for 0 steps. Throws RangeError unless steps is a whole number ≥ 0 and ratio > 1 is finite.
 * @example runCheckpoints(100) // [1, 2, 4, 8, 16, 32, 64, 100]
 */
export function runCheckpoints(steps: number, ratio = 2): number[] {
  if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`runOptimizer: steps must be an integer ≥ 0, got ${steps}`);
  if (!(ratio > 1 && Number.isFinite(ratio))) throw new RangeError(`runOptimizer: ratio must be > 1, got ${ratio}`);
  const out: number[] = [];
  for (let next = 1, t = 0; t < steps; next = Math.max(next + 1, Math.ceil(next * ratio))) out.push((t = Math.min(next, steps)));
  return out;
}

/** Throws RangeError unless the checkpoints are strictly increasing whole numbers ≥ 1 (a run through them ends). */
export function assertCheckpoints(checkpoints: readonly number[]): void {
  for (let j = 0; j < checkpoints.length; j++)
    if (!(Number.isInteger(checkpoints[j]) && checkpoints[j] >= 1 && (j === 0 || checkpoints[j] > checkpoints[j - 1])))
      throw new RangeError(`checkpoints must be strictly increasing whole numbers ≥ 1, got ${checkpoints[j]} at position ${j}`);
}

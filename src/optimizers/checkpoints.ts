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

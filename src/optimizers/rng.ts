/**
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit-state PRNG, small and fast, good enough for sampling minibatch
 * indices (passes gjrand/PractRand to a few GB; not for cryptography). The state is a Uint32Array(1) so that it
 * lives inside an optimizer's state record: copying the array copies the stream, and nothing is allocated per draw.
 * @example const r = seedRng(42); rngUint32(r); rngInt(r, 10) // deterministic given the seed
 */

/** A fresh PRNG state from an integer seed (any integer; only its low 32 bits matter). */
export function seedRng(seed: number): Uint32Array {
  if (!Number.isInteger(seed)) throw new RangeError(`seedRng: seed must be an integer, got ${seed}`);
  const s = new Uint32Array(1);
  s[0] = seed >>> 0;
  return s;
}

/** The next uniform 32-bit unsigned integer; advances the state. */
export function rngUint32(s: Uint32Array): number {
  const a = (s[0] + 0x6d2b79f5) >>> 0;
  s[0] = a;
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** A uniform double in [0, 1) with 32 random bits. */
export function rngUniform(s: Uint32Array): number {
  return rngUint32(s) / 4294967296;
}

/** The same stream as a closure, () => uniform in [0, 1), for seeded test and benchmark data outside optimizer states. */
export function uniformStream(seed: number): () => number {
  const s = seedRng(seed >>> 0);
  return () => rngUniform(s);
}

/** A uniform integer in [0, n), n ≤ 2^32 (multiply-shift; bias ≤ n/2^32). */
export function rngInt(s: Uint32Array, n: number): number {
  return Math.floor(rngUniform(s) * n);
}

/** Fisher–Yates shuffle of the first `len` entries of a, in place. */
export function shuffleInPlace(s: Uint32Array, a: Int32Array, len = a.length): void {
  for (let i = len - 1; i > 0; i--) {
    const j = rngInt(s, i + 1);
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}

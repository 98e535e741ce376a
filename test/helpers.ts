import { uniformStream } from '../src/optimizers/rng.js';

/** Returns the error thrown by fn (or fails the test): for asserting on the error's class and message. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw, got a return');
}

/** mulberry32 (src/optimizers/rng.ts) as a closure on [0, 1), so every number of a test replays. */
export function rng(seed: number): () => number {
  return uniformStream(seed);
}

/** One standard normal sample (Box–Muller) from a uniform generator. */
export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

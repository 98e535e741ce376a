/**
 * Up-front validation of optimizer options and of the (w0, objective) pair, with exact messages
 * (`adam: beta1 must be in [0, 1), got 1`). Every check throws RangeError: a wrong option is a programming
 * error, not a verdict. Messages are built only on failure.
 */
import type { Objective } from './types.js';

/** x > 0 and finite. */
export function checkPositive(opt: string, key: string, x: number): number {
  if (!(x > 0 && Number.isFinite(x))) throw new RangeError(`${opt}: ${key} must be positive and finite, got ${x}`);
  return x;
}

/** x ≥ 0 and finite. */
export function checkNonNegative(opt: string, key: string, x: number): number {
  if (!(x >= 0 && Number.isFinite(x))) throw new RangeError(`${opt}: ${key} must be ≥ 0 and finite, got ${x}`);
  return x;
}

/** 0 ≤ x < 1. */
export function checkUnitInterval(opt: string, key: string, x: number): number {
  if (!(x >= 0 && x < 1)) throw new RangeError(`${opt}: ${key} must be in [0, 1), got ${x}`);
  return x;
}

/** x a positive integer. */
export function checkPositiveInt(opt: string, key: string, x: number): number {
  if (!(Number.isInteger(x) && x >= 1)) throw new RangeError(`${opt}: ${key} must be a positive integer, got ${x}`);
  return x;
}

/** w0 has the objective's dimension. */
export function checkDims(opt: string, w0: Float64Array, obj: Objective): void {
  if (w0.length !== obj.dim) throw new RangeError(`${opt}: w0 has length ${w0.length}, the objective has dim ${obj.dim}`);
}

import type { PlotSpec } from '../report/plot.js';

/**
 * The error classes that decide a verdict. Anything thrown that is not a ClaimViolation is an "error" verdict:
 * a failed assumption, a solver that could not verify its answer, a NaN, a timeout or a bug never becomes
 * "violated" or "confirmed".
 */

/** The claim's predicate failed on a valid input: the only path to the verdict "violated". */
export class ClaimViolation extends Error {
  override name = 'ClaimViolation';
  constructor(
    message: string,
    readonly figures: Record<string, number> = {},
    /** the measured curve against the predicted one, for the report */
    readonly plot?: PlotSpec,
    /** the trajectory or other data behind the figures */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** An input does not satisfy the claim's assumptions (non-separable data, step above the bound, NaN in data). */
export class AssumptionError extends Error {
  override name = 'AssumptionError';
}

/** A reference solver could not verify its own optimality conditions. */
export class SolverVerificationError extends Error {
  override name = 'SolverVerificationError';
  constructor(message: string, readonly residuals: Record<string, number> = {}) {
    super(message);
  }
}

/** An optimizer produced a non-finite state or value. */
export class NumericalError extends Error {
  override name = 'NumericalError';
}

/** The budget cannot decide the claim: the path to "inconclusive". */
export class Inconclusive extends Error {
  override name = 'Inconclusive';
  constructor(message: string, readonly figures: Record<string, number> = {}, readonly plot?: PlotSpec) {
    super(message);
  }
}

/**
 * The user's data miss an assumption of this claim alone (`claims check --data`): the claim says nothing about
 * them (listed as not applicable; src/impl/on-data.ts throws it).
 */
export class NotApplicable extends Error {
  override name = 'NotApplicable';
}

/** The user's dataset cannot be used: a failed assumption of docs/data-format.md, named (src/impl/data-file.ts). */
export class DataError extends Error {
  override name = 'DataError';
}

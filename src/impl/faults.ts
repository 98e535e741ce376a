/**
 * Faults of an implementation under test. A fault is never a verdict about the claim: the run stops, the claim's
 * verdict is "error", and the message names the implementation, the role, the fault and where it happened,
 * e.g. `ImplementationError [non-finite] my-optimizers gd: w[0] = NaN after step 17`.
 */
import { settings } from '../harness/settings.js';

/** What went wrong. */
export type Fault =
  /** init or update threw */
  | 'threw'
  /** state.w is not a Float64Array of the objective's dimension */
  | 'shape'
  /** state.w holds NaN or ±Infinity */
  | 'non-finite'
  /** the data, w0 or an array the harness owns was written */
  | 'mutation'
  /** a run exceeded its time limit (or an update never returned and the isolated check was terminated) */
  | 'timeout'
  /** a child process broke the JSON-lines protocol (docs/protocol.md) or exited */
  | 'protocol'
  /** the check's process exited before reporting (process.exit in the implementation, with any code) */
  | 'exited'
  /** the check's process ran out of memory (V8's heap limit, named in the message) */
  | 'out-of-memory';

export class ImplementationError extends Error {
  override name = 'ImplementationError';
  constructor(
    readonly fault: Fault,
    message: string,
  ) {
    super(`[${fault}] ${message}`);
  }
}

/**
 * True when an outcome's message (`${name}: ${message}` as the runner writes it) reports a fault of the
 * implementation under test, not of the harness, the data or a solver.
 */
export function isImplementationFault(message: string): boolean {
  return message.startsWith('ImplementationError: [');
}

/** The fault kind named in such a message, if any. */
export function faultOf(message: string): Fault | undefined {
  const m = /^ImplementationError: \[([a-z-]+)\]/.exec(message);
  return m ? (m[1] as Fault) : undefined;
}

/** Wall-clock limit of one run of an implementation under test (the isolated check sets it to its own limit). */
export function implTimeLimitMs(): number {
  return settings().implTimeLimitMs;
}

/**
 * Faults of an implementation under test. A fault is never a verdict about the claim: the run stops, the claim's
 * verdict is "error", and the message names the implementation, the role, the fault and where it happened,
 * e.g. `ImplementationError: [non-finite] my-optimizers gd: w[0] = NaN after step 17`; the fault itself travels as
 * a typed field (Outcome.error, src/harness/outcome-kinds.ts), never parsed back from that text.
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
 * The loader refused an implementation (`--impl` / CLAIMS_IMPL): no such file, a module that cannot be loaded,
 * exports no `optimizers`, names an unknown role, a protocol child that does not answer its hello, a module that
 * exits or exhausts memory while loading. The CLI turns it into exit code 2 (by its class); the message names the
 * spec, `CLAIMS_IMPL=<spec>: <reason>`, as people have always read it.
 */
export class ImplementationRefused extends Error {
  override name = 'ImplementationRefused';
  constructor(
    readonly spec: string,
    readonly reason: string,
  ) {
    super(`CLAIMS_IMPL=${spec}: ${reason}`);
  }
}

/** Wall-clock limit of one run of an implementation under test (the isolated check sets it to its own limit). */
export function implTimeLimitMs(): number {
  return settings().implTimeLimitMs;
}

/**
 * The typed kinds of an outcome, set where the exception is caught (src/harness/run.ts runCheck, the property
 * runners, the isolated child src/impl/claim-child.ts, and src/impl/isolate.ts for the process faults it detects
 * itself) and carried over IPC into audit.json and the Allure labels, so that nobody parses a message back:
 * the message stays the text for people, the kind is the field for programs.
 *
 * "Not applicable" is an error kind ('not-applicable'), not a fifth Verdict: the four verdicts are what a claim
 * can say about its subject (DESIGN.md), and a claim whose hypothesis the user's data miss says nothing — no
 * verdict was reached. Kept under verdict "error", it is fail-safe: a consumer that does not know the kind sees
 * an error (exit code, Allure status), never a confirmed or violated; `claims check` moves it to the audit's
 * `notApplicable` list by this kind.
 */
import { AssumptionError, DataError, NotApplicable, NumericalError, SolverVerificationError } from './errors.js';
import { ImplementationError, ImplementationRefused, type Fault } from '../impl/faults.js';
import type { Verdict } from './types.js';

/** Whose failure an "error" verdict reports (the order is the order of the Allure categories). */
export const ERROR_KINDS = [
  /** the implementation under test broke its contract (`fault` says how) or could not be loaded in the child */
  'implementation',
  /** an input outside the claim's assumptions (AssumptionError: not separable, a step above the bound, NaN in data) */
  'assumption',
  /** a reference solver could not certify its answer (SolverVerificationError: KKT residuals, duality gap) */
  'solver',
  /** a reference computation went non-finite (NumericalError, a measurement that came out NaN) */
  'numerical',
  /** the user's dataset could not be read or verified in the check's process (DataError) */
  'data',
  /** the user's data miss a hypothesis of this claim alone (NotApplicable, `claims check --data`): no verdict */
  'not-applicable',
  /** anything else: a bug of the harness or a claim, or a process fault of a check that ran only our reference */
  'harness',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The typed half of an "error" outcome (Outcome.error); the message is the other, for people. */
export interface OutcomeError {
  kind: ErrorKind;
  /**
   * What went wrong with the process or the optimizer: always for kind 'implementation' when the guard or the
   * isolating parent named it (threw, shape, non-finite, mutation, timeout, protocol, exited, out-of-memory);
   * also for kind 'harness' when the isolating parent stopped a check of our reference (timeout, exited,
   * out-of-memory). Absent otherwise (e.g. a module refused when loaded in the child).
   */
  fault?: Fault;
  /** the exception's class (ImplementationError, SolverVerificationError, …), or 'Error' for a plain one */
  name: string;
  /** kind 'not-applicable': the hypothesis the data miss, in words (the exception's message without its class) */
  reason?: string;
}

/** The kind of an exception caught by a runner: by its class, never by its message. */
export function errorOf(e: unknown): OutcomeError {
  const name = e instanceof Error ? e.name : typeof e;
  if (e instanceof ImplementationError) return { kind: 'implementation', fault: e.fault, name };
  if (e instanceof ImplementationRefused) return { kind: 'implementation', name };
  if (e instanceof NotApplicable) return { kind: 'not-applicable', name, reason: e.message };
  if (e instanceof AssumptionError) return { kind: 'assumption', name };
  if (e instanceof SolverVerificationError) return { kind: 'solver', name };
  if (e instanceof NumericalError) return { kind: 'numerical', name };
  if (e instanceof DataError) return { kind: 'data', name };
  return { kind: 'harness', name };
}

/** The fields of an "error" outcome for an exception: the message as people read it, and its kind. */
export function errorFields(e: unknown): { message: string; error: OutcomeError; stack?: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `${err.name}: ${err.message}`, error: errorOf(e), stack: err.stack };
}

/** True when an outcome is an error of the implementation under test with a named fault (the power rule's input). */
export function implementationFault(o: { verdict: Verdict; error?: OutcomeError }): Fault | undefined {
  return o.verdict === 'error' && o.error?.kind === 'implementation' ? o.error.fault : undefined;
}

/** True when the claim said nothing: its hypothesis fails on the data (kind 'not-applicable'). */
export function isNotApplicable(o: { verdict: Verdict; error?: OutcomeError }): boolean {
  return o.verdict === 'error' && o.error?.kind === 'not-applicable';
}

/** The error kind in words, with the fault (Allure's status message, the power table): "implementation fault [non-finite]". */
export function errorTitle(error: OutcomeError | undefined): string {
  if (!error) return 'harness error';
  const fault = error.fault ? ` [${error.fault}]` : '';
  return { implementation: 'implementation fault', assumption: 'assumption not met', solver: 'solver could not certify', numerical: 'numerical error', data: 'data refused', 'not-applicable': 'not applicable', harness: 'harness error' }[error.kind] + fault;
}

/** Why a claim is not applicable: the hypothesis its data miss (the typed reason; the message if a caller built none). */
export function notApplicableReason(o: { message: string; error?: OutcomeError }): string {
  return o.error?.reason ?? o.message;
}

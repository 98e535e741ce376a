/**
 * Whole runs delegated to an implementation's optional `runBatched` hook (src/impl/interface.ts), with the same
 * contract checks as a guarded step-by-step run (src/impl/guard.ts): one iterate per checkpoint, each a vector of
 * the objective's dimension, finite; w0 and the data unchanged; a throw is a named fault. The harness uses it where
 * a claim needs the iterates at checkpoints only (Subject.run, the role runs of src/impl/trace-role.ts); claims that
 * need every step (claims/update-rules/) drive the optimizer step by step.
 */
import { problemDim, type ProblemSpec } from '../optimizers/types.js';
import { settings } from '../harness/settings.js';
import { ImplementationError } from './faults.js';
import type { BatchedRequest, Hyper, Implementation, OptimizerRole, StepSchedule } from './interface.js';

/**
 * The iterates at `checkpoints` from the implementation's runBatched, or undefined when it has none or declines
 * (the caller then runs step by step). Throws ImplementationError for a broken contract.
 */
export function batchedRun(impl: Implementation | null, role: OptimizerRole, hyper: Hyper, problem: ProblemSpec | undefined, w0: Float64Array, checkpoints: readonly number[], schedule?: StepSchedule, projection?: number): Float64Array[] | undefined {
  if (!impl?.runBatched || !problem || !impl.optimizers[role] || !describable(impl, problem, schedule, projection) || !settings().batched) return undefined;
  const who = `${impl.name} ${role}`;
  const inputs = inputsOf(problem, w0);
  const copies = inputs.map((a) => Float64Array.from(a));
  let ws: Float64Array[] | undefined;
  try {
    // the optional arguments only when there are some: a module written before them sees the call it knows
    ws =
      projection !== undefined
        ? impl.runBatched(role, hyper, problem, w0, checkpoints, schedule, projection)
        : schedule
          ? impl.runBatched(role, hyper, problem, w0, checkpoints, schedule)
          : impl.runBatched(role, hyper, problem, w0, checkpoints);
  } catch (e) {
    if (e instanceof ImplementationError) throw e;
    throw new ImplementationError('threw', `${who}: runBatched threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (ws === undefined) return undefined;
  unchanged(who, inputs, copies);
  return checkedIterates(who, ws, problemDim(problem), checkpoints);
}

/** The problem's kind and terms, the run's schedule and projection are known to the implementation (each only when it lists the extension). */
export function describable(impl: Implementation, problem: ProblemSpec, schedule?: StepSchedule, projection?: number): boolean {
  const ext = impl.extensions ?? [];
  return (problem.kind !== 'crossEntropy' || ext.includes('crossEntropy')) && (problem.l2 === undefined || ext.includes('l2')) && (schedule === undefined || ext.includes('schedule')) && (projection === undefined || ext.includes('projection'));
}

const inputsOf = (p: ProblemSpec, w0: Float64Array) => [w0, ...problemData(p)];

/** The data arrays of a problem (what no optimizer may write; crossEntropy's labels go out as JSON copies). */
function problemData(p: ProblemSpec): Float64Array[] {
  return p.kind === 'margin' ? [p.Z] : p.kind === 'leastSquares' ? [p.X, p.y] : [p.X];
}

function unchanged(who: string, inputs: Float64Array[], copies: Float64Array[]): void {
  inputs.forEach((a, j) => {
    for (let k = 0; k < a.length; k++)
      if (!Object.is(a[k], copies[j][k])) throw new ImplementationError('mutation', `${who}: runBatched mutated ${j === 0 ? 'its input w0' : 'the data'} (element ${k} changed from ${copies[j][k]} to ${a[k]})`);
  });
}

/** The contract of a batched run's result: one finite Float64Array(d) per checkpoint. */
function checkedIterates(who: string, ws: unknown, d: number, checkpoints: readonly number[]): Float64Array[] {
  if (!Array.isArray(ws) || ws.length !== checkpoints.length) throw new ImplementationError('shape', `${who}: runBatched returned ${Array.isArray(ws) ? ws.length : typeof ws} iterates for ${checkpoints.length} checkpoints`);
  ws.forEach((w: unknown, j) => {
    if (!(w instanceof Float64Array) || w.length !== d) throw new ImplementationError('shape', `${who}: the iterate at t = ${checkpoints[j]} is ${w instanceof Float64Array ? `Float64Array(${w.length})` : typeof w}, expected Float64Array(${d})`);
    for (let k = 0; k < w.length; k++) if (!Number.isFinite(w[k])) throw new ImplementationError('non-finite', `${who}: w[${k}] = ${w[k]} at step ${checkpoints[j]} (batched run)`);
  });
  return ws as Float64Array[];
}

/**
 * Several whole runs in one call of the implementation's runBatchedMany (undefined when it has none), each checked
 * as batchedRun checks one: per request the iterates, an ImplementationError naming its fault, or undefined when
 * the implementation declined it. A throw of the call itself is every run's fault.
 */
export function batchedRuns(impl: Implementation | null, requests: readonly BatchedRequest[]): (Float64Array[] | ImplementationError | undefined)[] | undefined {
  if (!impl?.runBatchedMany || requests.some((r) => !describable(impl, r.problem, r.schedule, r.projection)) || !settings().batched) return undefined;
  const copies = requests.map((r) => inputsOf(r.problem, r.w0).map((a) => Float64Array.from(a)));
  let results: (Float64Array[] | Error | undefined)[];
  try {
    results = impl.runBatchedMany(requests);
  } catch (e) {
    const fault = e instanceof ImplementationError ? e : new ImplementationError('threw', `${impl.name}: runBatchedMany threw: ${e instanceof Error ? e.message : String(e)}`);
    return requests.map(() => fault);
  }
  if (!Array.isArray(results) || results.length !== requests.length) {
    const fault = new ImplementationError('shape', `${impl.name}: runBatchedMany returned ${Array.isArray(results) ? results.length : typeof results} results for ${requests.length} runs`);
    return requests.map(() => fault);
  }
  return requests.map((r, i) => {
    const who = `${impl.name} ${r.role}`;
    const got = results[i];
    try {
      unchanged(who, inputsOf(r.problem, r.w0), copies[i]);
      if (got === undefined) return undefined;
      if (got instanceof Error) throw got instanceof ImplementationError ? got : new ImplementationError('threw', `${who}: ${got.message}`);
      return checkedIterates(who, got, problemDim(r.problem), r.checkpoints);
    } catch (e) {
      return e as ImplementationError;
    }
  });
}

/** runOptimizer's checkpoints, where they live now (src/optimizers/checkpoints.ts); kept for the importers of this module. */
export { runCheckpoints } from '../optimizers/checkpoints.js';

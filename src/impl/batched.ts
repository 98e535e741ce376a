/**
 * Whole runs delegated to an implementation's optional `runBatched` hook (src/impl/interface.ts), with the same
 * contract checks as a guarded step-by-step run (src/impl/guard.ts): one iterate per checkpoint, each a vector of
 * the objective's dimension, finite; w0 and the data unchanged; a throw is a named fault. The harness uses it where
 * a claim needs the iterates at checkpoints only (Subject.run, the role runs of src/impl/trace-role.ts); claims that
 * need every step (claims/update-rules/) drive the optimizer step by step.
 */
import type { ProblemSpec } from '../optimizers/types.js';
import { settings } from '../harness/settings.js';
import { ImplementationError } from './faults.js';
import type { Hyper, Implementation, OptimizerRole } from './interface.js';

/**
 * The iterates at `checkpoints` from the implementation's runBatched, or undefined when it has none or declines
 * (the caller then runs step by step). Throws ImplementationError for a broken contract.
 */
export function batchedRun(impl: Implementation | null, role: OptimizerRole, hyper: Hyper, problem: ProblemSpec | undefined, w0: Float64Array, checkpoints: readonly number[]): Float64Array[] | undefined {
  if (!impl?.runBatched || !problem || !impl.optimizers[role] || !settings().batched) return undefined;
  const who = `${impl.name} ${role}`;
  const inputs = problem.kind === 'margin' ? [w0, problem.Z] : [w0, problem.X, problem.y];
  const copies = inputs.map((a) => Float64Array.from(a));
  let ws: Float64Array[] | undefined;
  try {
    ws = impl.runBatched(role, hyper, problem, w0, checkpoints);
  } catch (e) {
    if (e instanceof ImplementationError) throw e;
    throw new ImplementationError('threw', `${who}: runBatched threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (ws === undefined) return undefined;
  inputs.forEach((a, j) => {
    for (let k = 0; k < a.length; k++)
      if (!Object.is(a[k], copies[j][k])) throw new ImplementationError('mutation', `${who}: runBatched mutated ${j === 0 ? 'its input w0' : 'the data'} (element ${k} changed from ${copies[j][k]} to ${a[k]})`);
  });
  if (!Array.isArray(ws) || ws.length !== checkpoints.length) throw new ImplementationError('shape', `${who}: runBatched returned ${Array.isArray(ws) ? ws.length : typeof ws} iterates for ${checkpoints.length} checkpoints`);
  ws.forEach((w, j) => {
    if (!(w instanceof Float64Array) || w.length !== problem.d) throw new ImplementationError('shape', `${who}: the iterate at t = ${checkpoints[j]} is ${w instanceof Float64Array ? `Float64Array(${w.length})` : typeof w}, expected Float64Array(${problem.d})`);
    for (let k = 0; k < w.length; k++) if (!Number.isFinite(w[k])) throw new ImplementationError('non-finite', `${who}: w[${k}] = ${w[k]} at step ${checkpoints[j]} (batched run)`);
  });
  return ws;
}

/** runOptimizer's checkpoints, where they live now (src/optimizers/checkpoints.ts); kept for the importers of this module. */
export { runCheckpoints } from '../optimizers/checkpoints.js';

import { runOptimizer, type CheckpointHandler, type RunOptions } from '../optimizers/run.js';
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import { guardedOptimizer } from './guard.js';
import type { Hyper, OptimizerRole } from './interface.js';
import { reference } from './reference.js';
import { selectedImplementation } from './select.js';

/**
 * The optimizer a claim runs for a role: the selected implementation's (CLAIMS_IMPL, `claims check --impl`),
 * guarded so that its faults are named errors (src/impl/guard.ts), or our reference optimizer when no
 * implementation is selected or it does not provide the role. `protect` lists arrays the optimizer must not
 * write (the data); call `verifyInputs()` after the run (runRole does).
 *
 * A claim that exercises a role should get its optimizer here instead of importing src/optimizers directly, and
 * list the role in its `roles`, so that `claims check` runs it against users' implementations.
 *
 * @example const opt = roleOptimizer('adam', { eta: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, [ds.Z]);
 */
export function roleOptimizer(role: OptimizerRole, hyper: Hyper, protect: Float64Array[] = []): Optimizer<OptState> & { verifyInputs(): void } {
  const impl = selectedImplementation();
  const factory = impl?.optimizers[role];
  if (impl && factory) return guardedOptimizer(factory, impl.name, role, hyper, protect);
  const ref = reference.optimizers[role];
  if (!ref) throw new Error(`roleOptimizer: the reference has no "${role}"`);
  return Object.assign(ref(hyper), { verifyInputs() {} });
}

/**
 * runOptimizer (src/optimizers/run.ts) over roleOptimizer: init, `steps` updates with checkpoints, and the
 * input check at the end. Returns the final state.
 */
export function runRole(role: OptimizerRole, hyper: Hyper, obj: Objective, w0: Float64Array, steps: number, onCheckpoint?: CheckpointHandler<OptState>, options: RunOptions & { protect?: Float64Array[] } = {}): OptState {
  const opt = roleOptimizer(role, hyper, options.protect ?? (obj.examples ? [obj.examples.Z] : []));
  const state = runOptimizer(opt, obj, w0, steps, onCheckpoint, options);
  opt.verifyInputs();
  return state;
}

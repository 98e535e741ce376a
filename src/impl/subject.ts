/**
 * The subject under test: the implementation whose optimizers a claim runs, passed to every check in its context
 * (`ctx.subject`), never read from module state. Built by the runner from what the user named (`--impl`, a
 * builtin, a mutant) or, by default, from our reference optimizers; a control that needs another subject builds
 * another context (src/harness/profile.ts `withSubject`) instead of swapping a global.
 *
 * Every optimizer a subject hands out is guarded (src/impl/guard.ts) — ours too, so the contract is checked on
 * every path: shape and finiteness after each step, and the inputs (w0, the data) at the end of every run and at
 * geometric step counts in between, so a claim that drives the optimizer itself cannot skip the check.
 *
 * @example const s = subjectOf(null); s.run('adam', { eta: 1e-3 }, obj, w0, 1000).w
 */
import { runCheckpoints } from '../optimizers/checkpoints.js';
import { assertFiniteState, type CheckpointHandler, type RunOptions } from '../optimizers/run.js';
import type { Objective, OptState } from '../optimizers/types.js';
import { guardedOptimizer, type GuardedOptimizer } from './guard.js';
import { ROLES, type Hyper, type Implementation, type OptimizerFactory, type OptimizerRole } from './interface.js';
import { reference } from './reference.js';
import { traceRole } from './trace-role.js';

export interface Subject {
  /** 'reference', or the implementation's name (reports, memo keys) */
  readonly name: string;
  /** the user's (or a builtin's, or a mutant's) implementation; null when the subject is our reference */
  readonly implementation: Implementation | null;
  /** arithmetic of the updates: the update-rule claims allow its rounding */
  readonly precision: 'float64' | 'float32';
  /** the roles the subject provides itself (every role for the reference) */
  readonly roles: readonly OptimizerRole[];
  /** the subject's own factory for a role; undefined when it does not provide the role */
  factory(role: OptimizerRole): OptimizerFactory | undefined;
  /**
   * The guarded optimizer of a role: the subject's own, or the reference's when the subject does not provide the
   * role (a claim runs only when the subject provides all its roles, so under `check` this is always the
   * subject's). `protect` lists arrays the optimizer must not write (the data).
   */
  optimizer(role: OptimizerRole, hyper: Hyper, protect?: Float64Array[]): GuardedOptimizer;
  /**
   * init, `steps` updates with runOptimizer's checkpoints (src/optimizers/checkpoints.ts runCheckpoints), through
   * traceRole (src/impl/trace-role.ts: batched where offered, inputs checked at the end); returns the final state.
   * The data of a margin objective are protected by default.
   */
  run(role: OptimizerRole, hyper: Hyper, obj: Objective, w0: Float64Array, steps: number, onCheckpoint?: CheckpointHandler<OptState>, options?: RunOptions & { protect?: Float64Array[] }): OptState;
}

/** A subject over an implementation (null: our reference optimizers). */
export function subjectOf(impl: Implementation | null): Subject {
  const own = impl ?? reference;
  const name = impl?.name ?? 'reference';
  const factory = (role: OptimizerRole) => (typeof own.optimizers[role] === 'function' ? own.optimizers[role] : undefined);
  const optimizer = (role: OptimizerRole, hyper: Hyper, protect: Float64Array[] = []) => {
    const f = factory(role) ?? reference.optimizers[role];
    if (!f) throw new Error(`subject ${name}: no optimizer for the role "${role}"`);
    // the time limit guards implementations under test; our own optimizers are bounded by the claim's budget
    const mine = impl !== null && factory(role) !== undefined;
    return guardedOptimizer(f, mine ? name : 'reference', role, hyper, protect, mine ? {} : { timeLimitMs: Infinity });
  };
  const subject: Subject = {
    name,
    implementation: impl,
    precision: impl?.precision ?? 'float64',
    roles: ROLES.filter((r) => factory(r) !== undefined),
    factory,
    optimizer,
    run(role, hyper, obj, w0, steps, onCheckpoint, options = {}) {
      // only checkpoints are seen: traceRole (src/impl/trace-role.ts) hands a describable objective to the
      // implementation's batched run if it has one; runOptimizer's finiteness check of the whole state at each
      // checkpoint (the guard checks w after every step)
      let last = 0;
      const protect = options.protect ?? (obj.examples ? [obj.examples.Z] : []);
      return traceRole(subject, { role, hyper, objective: obj, w0, checkpoints: runCheckpoints(steps, options.ratio), protect }, (t, state) => {
        assertFiniteState(`${name} ${role}`, state, last);
        if (onCheckpoint && onCheckpoint(state) === false) return false;
        last = t;
      });
    },
  };
  return subject;
}

/** Our reference optimizers as the subject (what `claims run` checks). */
export const referenceSubject: Subject = subjectOf(null);

/** True when the subject is our reference (the fused kernels may run in place of the role's init/update pair). */
export function isReference(s: Subject): boolean {
  return s.implementation === null;
}

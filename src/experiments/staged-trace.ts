/**
 * A subject's optimizer of one role run from w0 and recorded at geometric checkpoints, stopping at the first
 * checkpoint where `stop(w)` holds — traceOptimizer's trace (src/experiments/least-squares.ts) — on the one run path
 * of src/impl/trace-role.ts (traceRole: the guard, the implementation's whole-run hook, the early stop by a visit
 * returning false, the input check). A batched run cannot stop itself: the harness evaluates the stop rule on the
 * returned checkpoints. So where a whole run may go to the implementation and a stop rule may end it early, the run is
 * staged: traceRole over the checkpoints up to FIRST_STAGE, ×8, ×64, … steps (each from w0, the last the full
 * horizon) until one stops — a run that converges in a few dozen steps is not run to 50,000, and the stages cost at
 * most 1/7 more than the horizon that decides. Otherwise (our reference, a module without the hook, a child of
 * version 1, a problem it cannot be given) one traceRole over all the checkpoints, stepped here, stops exactly.
 */
import { describable } from '../impl/batched.js';
import type { Hyper, OptimizerRole } from '../impl/interface.js';
import type { Subject } from '../impl/subject.js';
import { traceRole } from '../impl/trace-role.js';
import { runCheckpoints } from '../optimizers/checkpoints.js';
import { assertFiniteState } from '../optimizers/run.js';
import type { Objective } from '../optimizers/types.js';
import { settings } from '../harness/settings.js';
import type { LsTrace } from './least-squares.js';

/** Steps of the first whole run when a stop rule may end the run early; each next stage is STAGE_GROWTH× longer. */
export const FIRST_STAGE = 1000;
const STAGE_GROWTH = 8;

export function stagedTrace(subject: Subject, role: OptimizerRole, hyper: Hyper, obj: Objective, w0: Float64Array, steps: number, ratio = 1.25, stop?: (w: Float64Array) => boolean): LsTrace {
  const checkpoints = runCheckpoints(steps, ratio);
  const stages: number[][] = [];
  if (stop && mayBatch(subject, role, obj)) for (let h = FIRST_STAGE; h < steps; h *= STAGE_GROWTH) stages.push(checkpoints.filter((t) => t <= h));
  stages.push(checkpoints);
  const p = obj.problem;
  const protect = !p ? [] : p.kind === 'margin' ? [p.Z] : p.kind === 'leastSquares' ? [p.X, p.y] : [p.X];
  for (const part of stages) {
    const trace: LsTrace = { t: [0], w: [Float64Array.from(w0)] };
    let stopped = false;
    let last = 0;
    traceRole(subject, { role, hyper, objective: obj, w0, checkpoints: part, protect }, (t, s) => {
      // runOptimizer's finiteness check of the whole state at each checkpoint, as traceOptimizer has it
      assertFiniteState(`${subject.name} ${role}`, s, last);
      last = t;
      trace.t.push(t);
      trace.w.push(Float64Array.from(s.w));
      if (stop?.(s.w)) return !(stopped = true);
    });
    if (stopped || part === checkpoints) return trace;
  }
  throw new Error('stagedTrace: unreachable (the last stage is the whole horizon)');
}

/** traceRole may hand the run to the implementation's whole-run hook (it may still decline: then each stage steps). */
function mayBatch(subject: Subject, role: OptimizerRole, obj: Objective): boolean {
  const impl = subject.implementation;
  return !!impl?.runBatched && !!subject.factory(role) && !!obj.problem && describable(impl, obj.problem) && settings().batched;
}

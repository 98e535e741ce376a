/**
 * A subject's optimizer of one role run from w0 and recorded at geometric checkpoints, stopping at the first
 * checkpoint where `stop(w)` holds — traceOptimizer's trace (src/experiments/least-squares.ts) — but through the
 * implementation's whole-run hook (src/impl/batched.ts) when it has one and the objective is describable: the stop
 * rule is then evaluated by the harness on the returned checkpoints, so a run is one message instead of one per
 * step. A rule that may stop early is given whole runs of FIRST_STAGE, ×8, ×64, … steps (each from w0, the last
 * the full horizon) until one stops it: a run that converges in a few dozen steps is not run to 50,000, and the
 * stages cost at most 1/7 more than the horizon that decides. Without the hook
 * (our reference, a module without it, a child of version 1) the steps run here, exactly as traceOptimizer does.
 * (Not src/impl/trace-role.ts's traceRole of main, which sends one whole run to the horizon and has no stages.)
 */
import type { Hyper, OptimizerRole } from '../impl/interface.js';
import { batchedRun, runCheckpoints } from '../impl/batched.js';
import type { Subject } from '../impl/subject.js';
import type { Objective } from '../optimizers/types.js';
import { traceOptimizer, type LsTrace } from './least-squares.js';

/** Steps of the first whole run when a stop rule may end the run early; each next stage is STAGE_GROWTH× longer. */
export const FIRST_STAGE = 1000;
const STAGE_GROWTH = 8;

export function stagedTrace(subject: Subject, role: OptimizerRole, hyper: Hyper, obj: Objective, w0: Float64Array, steps: number, ratio = 1.25, stop?: (w: Float64Array) => boolean): LsTrace {
  const impl = subject.implementation;
  if (impl && subject.factory(role) && obj.problem) {
    const checkpoints = runCheckpoints(steps, ratio);
    const stages: number[][] = [];
    for (let h = FIRST_STAGE; stop && h < steps; h *= STAGE_GROWTH) stages.push(checkpoints.filter((t) => t <= h));
    stages.push(checkpoints);
    for (const part of stages) {
      const ws = batchedRun(impl, role, hyper, obj.problem, w0, part);
      if (!ws) break; // declined: step by step below
      const trace: LsTrace = { t: [0], w: [Float64Array.from(w0)] };
      for (let j = 0; j < ws.length; j++) {
        trace.t.push(part[j]);
        trace.w.push(ws[j]);
        if (stop?.(ws[j])) return trace;
      }
      if (part.length === checkpoints.length) return trace;
    }
  }
  const opt = subject.optimizer(role, hyper);
  const trace = traceOptimizer(opt, obj, w0, steps, ratio, stop);
  opt.verifyInputs();
  return trace;
}

/**
 * The one checkpoint-recording loop: a run of the subject's optimizer of a role, seen only at given step counts.
 * Every claim that needs the iterates at checkpoints (not every step) runs through it — GD through the subject
 * (runGdOnSubject, src/impl/run-gd-role.ts), any role as a GD-like run (roleExperiment, src/experiments/role-runs.ts),
 * multi-class GD (src/experiments/multiclass.ts), scheduled Adam (src/experiments/adam-linf.ts) — so the guard, the
 * batched hook, the input check at the end and the risk record are written once.
 *
 * @example traceRole(ctx.subject, { role: 'adam', hyper: { eta: 1e-3 }, objective: obj, w0, checkpoints: geometricCheckpoints(1e5), protect: [Z] }, (t, s) => void ws.push(Float64Array.from(s.w)))
 */
import type { Loss } from '../losses/loss.js';
import { logRisk } from '../metrics/margins.js';
import { assertCheckpoints } from '../optimizers/checkpoints.js';
import { pushRisk, type GdTrace } from '../optimizers/gd.js';
import { advanceThrough } from '../optimizers/run.js';
import type { MarginData, Objective, OptState, Optimizer } from '../optimizers/types.js';
import { batchedRun } from './batched.js';
import type { Hyper, OptimizerRole, StepSchedule } from './interface.js';
import { withStepSchedule } from './step-schedule.js';
import { withProjection } from './wrappers.js';
import type { Subject } from './subject.js';

/** One run of a role: what runs, on what, from where, and when it is seen. */
export interface RoleRun {
  role: OptimizerRole;
  hyper: Hyper;
  /** what the optimizer minimizes, a control already wrapped on (withWeightDecay, src/impl/wrappers.ts) */
  objective: Objective;
  w0: Float64Array;
  /** strictly increasing whole step counts ≥ 1; the run ends at the last (geometricCheckpoints(T) for a GD-like trace, runCheckpoints(T) for Subject.run) */
  checkpoints: readonly number[];
  /** the arrays the optimizer must not write (the data): checked by the guard and at the end */
  protect: Float64Array[];
  /**
   * a step schedule (src/impl/step-schedule.ts withStepSchedule): batched when the implementation takes the
   * "schedule" extension (src/impl/batched.ts), else the guarded optimizer is wrapped with it
   */
  schedule?: StepSchedule;
  /**
   * the radius of a projection after every update (src/impl/wrappers.ts withProjection, the projected-GD controls):
   * batched when the implementation takes the "projection" extension, else the optimizer is wrapped with it
   */
  projection?: number;
  /** another wrapper around the guarded optimizer; a wrapped run is never batched */
  wrap?: (opt: Optimizer<OptState>) => Optimizer<OptState>;
}

/**
 * Called at each checkpoint with our count of updates and the state (live: copy what you keep; of a batched run, a
 * state holding only w and t); returning false stops the run there.
 */
export type CheckpointVisit = (t: number, state: OptState) => boolean | void;

/**
 * init(w0), then updates through the checkpoints, calling `visit` at each (advanceThrough, src/optimizers/run.ts: the
 * one checkpoint loop); a visit returning false stops the run there (early stop). Where the implementation offers a
 * batched run and nothing wraps the optimizer, the whole run is delegated to it (src/impl/batched.ts, same contract
 * checks). The inputs are verified at the end, after an early stop too. Nothing is allocated per step. Returns the
 * final state.
 */
export function traceRole(subject: Subject, run: RoleRun, visit: CheckpointVisit): OptState {
  const cps = run.checkpoints;
  assertCheckpoints(cps);
  const ws = run.wrap || cps.length === 0 ? undefined : batchedRun(subject.implementation, run.role, run.hyper, run.objective.problem, run.w0, cps, run.schedule, run.projection);
  if (ws) {
    const state = { w: Float64Array.from(run.w0), t: 0 };
    for (let j = 0; j < ws.length; j++) {
      state.w.set(ws[j]);
      state.t = cps[j];
      if (visit(cps[j], state) === false) break;
    }
    return state;
  }
  const guarded = subject.optimizer(run.role, run.hyper, run.protect);
  const scheduled = run.schedule ? withStepSchedule(guarded, run.schedule.eta, run.schedule.power) : guarded;
  const projected = run.projection !== undefined ? withProjection(scheduled, run.projection) : scheduled;
  const opt = run.wrap ? run.wrap(projected) : projected;
  const state = opt.init(run.w0, run.objective);
  advanceThrough(opt, state, run.objective, cps, visit);
  guarded.verifyInputs();
  return state;
}

/** log L(w) at a checkpoint; t for the message of a failure. */
export type LogRiskAt = (w: Float64Array, t: number) => number;

/** log of the margin risk Σ_i ℓ(⟨w, z_i⟩) (or its mean) by log-sum-exp (src/metrics/margins.ts logRisk). */
export function marginLogRisk(data: MarginData, loss: Loss, mean = false): LogRiskAt {
  const shift = mean ? Math.log(data.n) : 0;
  return (w) => logRisk(data.Z, data.n, data.d, w, loss) - shift;
}

/**
 * A role's run recorded as a GD trace (src/optimizers/gd.ts GdTrace: w_t copied at each checkpoint, L(w_t) in log
 * form), so that the trials of src/experiments/gd-trials.ts apply to any role. `iterations` is the horizon reported.
 */
export function traceRoleAsGd(subject: Subject, run: RoleRun, o: { logRisk: LogRiskAt; etaBound?: number; what?: string }): GdTrace {
  const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound: o.etaBound ?? NaN, iterations: run.checkpoints[run.checkpoints.length - 1] };
  traceRole(subject, run, (t, s) => pushRisk(trace, t, s.w, o.logRisk(s.w, t), o.what ?? run.role));
  return trace;
}

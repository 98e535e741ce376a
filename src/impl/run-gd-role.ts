import { marginObjective } from '../optimizers/objectives.js';
import { recordCheckpoint, type GdConfig, type GdTrace } from '../optimizers/gd.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import { batchedRun } from './batched.js';
import type { Subject } from './subject.js';
import { withProjection, withWeightDecay } from './wrappers.js';

export { ImplementationError } from './faults.js';

/**
 * Runs a subject's `gd` on the margin risk with the same checkpoints as runGd and returns the same trace. The
 * controls of runGd's config apply as wrappers around the subject (src/impl/wrappers.ts): weight decay on the
 * objective, projection after each update, another loss as the objective — so a control exercises the subject,
 * not our kernel. The recorded L(w_t) is always the claim's loss `cfg.loss` (without the decay term), as runGd
 * records it. The subject's optimizer is guarded: a throw, a wrong shape, a non-finite iterate, a mutation of the
 * data or of w0, or a run over the time limit is an ImplementationError naming the fault.
 */
export function runGdOnSubject(subject: Subject, Z: Float64Array, n: number, d: number, w0: Float64Array, horizon: number, cfg: GdConfig, perDecade = 20, etaBound = NaN): GdTrace {
  let obj: Objective = marginObjective({ Z, n, d }, cfg.gradientLoss ?? cfg.loss, { mean: cfg.mean });
  if (cfg.weightDecay) obj = withWeightDecay(obj, cfg.weightDecay);
  const checkpoints = geometricCheckpoints(horizon, perDecade);
  // only checkpoints are recorded: a whole run at once when the implementation offers it (src/impl/batched.ts)
  const ws = cfg.projectRadius ? undefined : batchedRun(subject.implementation, 'gd', { eta: cfg.eta }, obj.problem, w0, checkpoints);
  if (ws) {
    const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound, iterations: horizon };
    ws.forEach((w, j) => recordCheckpoint(trace, checkpoints[j], w, Z, n, d, cfg.loss, cfg.mean ?? false));
    return trace;
  }
  const guarded = subject.optimizer('gd', { eta: cfg.eta }, [Z]);
  const opt: Optimizer<OptState> = cfg.projectRadius ? withProjection(guarded, cfg.projectRadius) : guarded;
  const state = opt.init(w0, obj);
  const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound, iterations: horizon };
  let next = 0;
  for (let t = 1; t <= horizon; t++) {
    opt.update(state, obj);
    if (t === checkpoints[next]) {
      next++;
      recordCheckpoint(trace, t, state.w, Z, n, d, cfg.loss, cfg.mean ?? false);
    }
  }
  guarded.verifyInputs();
  return trace;
}


/**
 * A run of any optimizer role of the subject on a margin risk, recorded like a GD run (src/optimizers/gd.ts
 * GdTrace: geometric checkpoints, L(w_t) in log form), so that the trials of src/experiments/gd-trials.ts
 * (direction, loss constant, rates) apply to SGD, normalized GD or any other role unchanged. Controls wrap the
 * objective (weight decay, with minibatch gradients too), as runGdOnSubject does for `gd`.
 *
 * @example roleExperiment(ds, ctx.subject, { role: 'sgd', hyper: { eta: 0.1 }, loss: logistic, horizon: 1e5 })
 */
import type { Dataset } from '../data/dataset.js';
import type { Loss } from '../losses/loss.js';
import type { Hyper, OptimizerRole } from '../impl/interface.js';
import type { Subject } from '../impl/subject.js';
import { withWeightDecay } from '../impl/wrappers.js';
import { batchedRun } from '../impl/batched.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import { recordCheckpoint, type GdTrace } from '../optimizers/gd.js';
import { marginObjective } from '../optimizers/objectives.js';
import { hardMarginSVM } from '../solvers/svm.js';
import type { GdExperiment } from './gd-separable.js';

export interface RoleRunOptions {
  role: OptimizerRole;
  hyper: Hyper;
  loss: Loss;
  horizon: number;
  /** risk as the mean (1/n)Σ (default: the sum) */
  mean?: boolean;
  w0?: Float64Array;
  /** weight decay λ on the objective (a control: the iterates settle at the regularized solution) */
  weightDecay?: number;
  perDecade?: number;
  /**
   * The step of GD on the summed risk that the run follows on average, recorded as `cfg.eta` for the trials'
   * predicted limits (default `hyper.eta`): SGD with batch 1 on the mean risk at step η follows GD on the sum at η/n.
   */
  gdEquivalentEta?: number;
}

/**
 * Runs the subject's optimizer of `o.role` from w0 for `o.horizon` steps and records it at the checkpoints of
 * runGd; returns a GdExperiment whose `cfg.eta` is the role's base step (the trials' predicted limits read it).
 * The hard-margin SVM is verified (it throws otherwise: "error", never a verdict).
 */
export function roleExperiment(ds: Dataset, subject: Subject, o: RoleRunOptions): GdExperiment {
  const { Z, n, d } = ds;
  const w0 = o.w0 ?? new Float64Array(d);
  const base = marginObjective(ds, o.loss, { mean: o.mean });
  const obj = o.weightDecay ? withWeightDecay(base, o.weightDecay) : base;
  const checkpoints = geometricCheckpoints(o.horizon, o.perDecade ?? 20);
  const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound: NaN, iterations: o.horizon };
  // only checkpoints are recorded: a whole run at once when the implementation offers it (src/impl/batched.ts)
  const ws = subject.factory(o.role) ? batchedRun(subject.implementation, o.role, o.hyper, obj.problem, w0, checkpoints) : undefined;
  ws?.forEach((w, j) => recordCheckpoint(trace, checkpoints[j], w, Z, n, d, o.loss, o.mean ?? false));
  const opt = subject.optimizer(o.role, o.hyper, [Z]);
  const state = opt.init(w0, obj);
  let next = 0;
  for (let t = 1; !ws && t <= o.horizon; t++) {
    opt.update(state, obj);
    if (t === checkpoints[next]) {
      next++;
      recordCheckpoint(trace, t, state.w, Z, n, d, o.loss, o.mean ?? false);
    }
  }
  opt.verifyInputs();
  const svm = hardMarginSVM(Z, n, d);
  return { ds, svm, trace, cfg: { loss: o.loss, eta: o.gdEquivalentEta ?? o.hyper.eta, mean: o.mean, weightDecay: o.weightDecay }, horizon: o.horizon, w0 };
}

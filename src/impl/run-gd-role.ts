import { marginObjective } from '../optimizers/objectives.js';
import type { GdConfig, GdTrace } from '../optimizers/gd.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import type { Subject } from './subject.js';
import { marginLogRisk, traceRoleAsGd } from './trace-role.js';
import { withWeightDecay } from './wrappers.js';

export { ImplementationError } from './faults.js';

/**
 * Runs a subject's `gd` on the margin risk with the same checkpoints as runGd and returns the same trace. The
 * controls of runGd's config apply as wrappers around the subject (src/impl/wrappers.ts): weight decay on the
 * objective, projection after each update, another loss as the objective — so a control exercises the subject,
 * not our kernel. The recorded L(w_t) is always the claim's loss `cfg.loss` (without the decay term), as runGd
 * records it. The run is traceRole's (src/impl/trace-role.ts): the subject's optimizer is guarded (a throw, a wrong
 * shape, a non-finite iterate, a mutation of the data or of w0, or a run over the time limit is an
 * ImplementationError naming the fault), and a whole run goes to the implementation's batched hook when it has one.
 */
export function runGdOnSubject(subject: Subject, Z: Float64Array, n: number, d: number, w0: Float64Array, horizon: number, cfg: GdConfig, perDecade = 20, etaBound = NaN): GdTrace {
  const data = { Z, n, d };
  const base = marginObjective(data, cfg.gradientLoss ?? cfg.loss, { mean: cfg.mean });
  const radius = cfg.projectRadius;
  return traceRoleAsGd(subject, {
    role: 'gd',
    hyper: { eta: cfg.eta },
    objective: cfg.weightDecay ? withWeightDecay(base, cfg.weightDecay) : base,
    w0,
    checkpoints: geometricCheckpoints(horizon, perDecade),
    protect: [Z],
    projection: radius || undefined,
  }, { logRisk: marginLogRisk(data, cfg.loss, cfg.mean ?? false), etaBound });
}

import { AssumptionError } from '../harness/errors.js';
import { marginObjective } from '../optimizers/objectives.js';
import type { GdConfig, GdTrace } from '../optimizers/gd.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import { guardedOptimizer } from './guard.js';
import type { OptimizerFactory } from './interface.js';

export { ImplementationError } from './faults.js';

/**
 * Runs an implementation's `gd` factory on the margin risk with the same checkpoints as runGd and returns the
 * same trace. The implementation runs guarded (src/impl/guard.ts): a throw, a state.w of the wrong shape, a
 * non-finite iterate, a mutation of the data or of w0, or a run over the time limit is an ImplementationError
 * naming the fault — the claim's verdict is then "error", never a measurement of a broken run.
 */
export function runGdRole(factory: OptimizerFactory, implName: string, Z: Float64Array, n: number, d: number, w0: Float64Array, horizon: number, cfg: GdConfig, perDecade = 20, etaBound = NaN): GdTrace {
  if (cfg.weightDecay || cfg.projectRadius || cfg.gradientLoss) throw new AssumptionError('an implementation under test runs plain GD: weight decay, projection and wrong-loss controls apply to the reference only');
  const obj = marginObjective({ Z, n, d }, cfg.loss, { mean: cfg.mean });
  const opt = guardedOptimizer(factory, implName, 'gd', { eta: cfg.eta }, [Z]);
  const state = opt.init(w0, obj);
  const checkpoints = geometricCheckpoints(horizon, perDecade);
  const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound, iterations: horizon };
  let next = 0;
  for (let t = 1; t <= horizon; t++) {
    opt.update(state, obj);
    if (t === checkpoints[next]) {
      next++;
      record(trace, t, state.w, Z, n, d, cfg);
    }
  }
  opt.verifyInputs();
  return trace;
}

/** The checkpoint record of runGd (src/optimizers/gd.ts), computed the same way: log-sum-exp over log ℓ(u_i), so L survives underflow. */
function record(trace: GdTrace, t: number, w: Float64Array, Z: Float64Array, n: number, d: number, cfg: GdConfig): void {
  let maxLog = -Infinity;
  const logs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = 0;
    for (let k = 0; k < d; k++) u += w[k] * Z[i * d + k];
    logs[i] = cfg.loss.logValue(u);
    if (logs[i] > maxLog) maxLog = logs[i];
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(logs[i] - maxLog);
  const logL = maxLog + Math.log(s) - (cfg.mean ? Math.log(n) : 0);
  trace.t.push(t);
  trace.w.push(Float64Array.from(w));
  trace.loss.push(Math.exp(logL));
  trace.logLoss.push(logL);
}

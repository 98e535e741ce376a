import { AssumptionError, NumericalError } from '../harness/errors.js';
import { marginObjective } from '../optimizers/objectives.js';
import type { GdConfig, GdTrace } from '../optimizers/gd.js';
import { geometricCheckpoints } from '../optimizers/checkpoints.js';
import type { OptimizerFactory } from './interface.js';

/** A fault of an implementation under test (wrong shape, mutation, time): always the verdict "error". */
export class ImplementationError extends Error {
  override name = 'ImplementationError';
}

/** Default wall-clock limit of one run of an implementation under test, per claim trial. */
export const IMPL_TIME_LIMIT_MS = Number(process.env.CLAIMS_IMPL_TIME_LIMIT_MS ?? 60_000);

/**
 * Runs an implementation's `gd` factory on the margin risk with the same checkpoints as runGd and returns the
 * same trace, checking the implementation as it goes: init and update must not throw (their exception is
 * reported as the implementation's fault), state.w must keep length d and stay finite, the data and w0 must not
 * be mutated, and the run must finish within the time limit (checked at checkpoints; an update that never
 * returns is caught only when the run is isolated in a worker, see the `check` command).
 */
export function runGdRole(factory: OptimizerFactory, implName: string, Z: Float64Array, n: number, d: number, w0: Float64Array, horizon: number, cfg: GdConfig, perDecade = 20, etaBound = NaN): GdTrace {
  if (cfg.weightDecay || cfg.projectRadius || cfg.gradientLoss) throw new AssumptionError('an implementation under test runs plain GD: weight decay, projection and wrong-loss controls apply to the reference only');
  const zCopy = Float64Array.from(Z);
  const w0Copy = Float64Array.from(w0);
  const obj = marginObjective({ Z, n, d }, cfg.loss, { mean: cfg.mean });
  const started = performance.now();
  const fault = (what: string, e?: unknown) => new ImplementationError(`${implName} gd: ${what}${e ? `: ${(e as Error)?.message ?? String(e)}` : ''}`);
  let opt;
  let state;
  try {
    opt = factory({ eta: cfg.eta });
    state = opt.init(w0, obj);
  } catch (e) {
    throw fault('init threw', e);
  }
  if (!(state?.w instanceof Float64Array) || state.w.length !== d) throw fault(`init returned a state whose w is ${state?.w?.constructor?.name ?? typeof state?.w} of length ${state?.w?.length}, expected Float64Array(${d})`);
  const checkpoints = geometricCheckpoints(horizon, perDecade);
  const trace: GdTrace = { t: [], w: [], loss: [], logLoss: [], etaBound, iterations: horizon };
  const g = new Float64Array(d);
  let next = 0;
  for (let t = 1; t <= horizon; t++) {
    try {
      opt.update(state, obj);
    } catch (e) {
      throw fault(`update threw at step ${t}`, e);
    }
    if (t === checkpoints[next]) {
      next++;
      const w = state.w;
      if (!(w instanceof Float64Array) || w.length !== d) throw fault(`after step ${t} w has length ${w?.length}, expected ${d}`);
      for (let k = 0; k < d; k++) if (!Number.isFinite(w[k])) throw new NumericalError(`${implName} gd: w[${k}] = ${w[k]} after step ${t}`);
      const L = obj.valueAndGrad(w, g);
      trace.t.push(t);
      trace.w.push(Float64Array.from(w));
      trace.loss.push(L);
      trace.logLoss.push(Math.log(L));
      if (performance.now() - started > IMPL_TIME_LIMIT_MS) throw fault(`exceeded the time limit of ${IMPL_TIME_LIMIT_MS} ms at step ${t} of ${horizon}`);
    }
  }
  for (let k = 0; k < Z.length; k++) if (!Object.is(Z[k], zCopy[k])) throw fault(`mutated the data (Z[${k}] changed)`);
  for (let k = 0; k < d; k++) if (!Object.is(w0[k], w0Copy[k])) throw fault(`mutated w0 (w0[${k}] changed)`);
  return trace;
}

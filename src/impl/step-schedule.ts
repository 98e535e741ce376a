/**
 * A step schedule around any subject's optimizer (after optax's `scale_by_schedule`): the optimizer runs with
 * η = 1 and each of its steps Δ_t = w_{t+1} − w_t is scaled by η_t = η·(t + 1)^{−a}, w_{t+1} ← w_t + η_t Δ_t.
 * Exact for methods whose step is η times a function of the gradients seen so far (GD, AdaGrad, RMSProp, Adam with
 * its bias corrections: m_t and v_t do not depend on η), so a claim about "Adam with steps η_t = Θ(t^{−a})" runs
 * the user's own Adam unchanged. Allocates only at init.
 */
import type { OptState, Optimizer } from '../optimizers/types.js';

export function withStepSchedule<S extends OptState>(opt: Optimizer<S>, eta: number, a: number): Optimizer<S> {
  if (!(eta > 0 && Number.isFinite(eta))) throw new RangeError(`withStepSchedule: η must be finite and > 0, got ${eta}`);
  if (!(a >= 0 && a <= 1)) throw new RangeError(`withStepSchedule: a must be in [0, 1], got ${a}`);
  let prev = new Float64Array(0);
  let t = 0; // our own count: an implementation's state.t is not trusted
  return {
    name: `${opt.name}+schedule(${eta}·(t+1)^-${a})`,
    params: { ...opt.params, scheduleEta: eta, schedulePower: a },
    init(w0, obj) {
      prev = new Float64Array(w0.length);
      t = 0;
      return opt.init(w0, obj);
    },
    update(s, obj) {
      prev.set(s.w);
      opt.update(s, obj);
      const et = eta * (t + 1) ** -a;
      t++;
      for (let k = 0; k < s.w.length; k++) s.w[k] = prev[k] + et * (s.w[k] - prev[k]);
    },
  };
}

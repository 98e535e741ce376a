/**
 * RMSProp (Tieleman & Hinton, Coursera "Neural networks for machine learning", lecture 6.5, 2012):
 *
 *   v_{t+1} = ρ v_t + (1 − ρ) g_t²,   w_{t+1} = w_t − η g_t / (√v_{t+1} + ε),   g_t = ∇F(w_t),  v_0 = 0
 *
 * (per coordinate; no momentum, no centring).
 */
import { checkDims, checkNonNegative, checkPositive, checkUnitInterval } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface RmsPropOptions {
  /** step η */
  eta: number;
  /** decay ρ ∈ [0, 1); default 0.9 */
  decay?: number;
  /** ε added to √v; default 1e-8 */
  eps?: number;
}

export interface RmsPropState extends OptState {
  /** v_t, the running mean of g² */
  readonly meanSq: Float64Array;
  /** g_{t−1} */
  readonly g: Float64Array;
}

export function rmsprop(opts: RmsPropOptions): Optimizer<RmsPropState> {
  const name = 'rmsprop';
  const eta = checkPositive(name, 'eta', opts.eta);
  const rho = checkUnitInterval(name, 'decay', opts.decay ?? 0.9);
  const eps = checkNonNegative(name, 'eps', opts.eps ?? 1e-8);
  return {
    name,
    params: { eta, decay: rho, eps },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      return { w: Float64Array.from(w0), t: 0, meanSq: new Float64Array(d), g: new Float64Array(d) };
    },
    update(s, obj) {
      const { w, meanSq: v, g } = s;
      obj.valueAndGrad(w, g);
      for (let k = 0; k < w.length; k++) {
        v[k] = rho * v[k] + (1 - rho) * g[k] * g[k];
        if (g[k] !== 0) w[k] -= (eta * g[k]) / (Math.sqrt(v[k]) + eps);
      }
      s.t++;
    },
  };
}

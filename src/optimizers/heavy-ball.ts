/**
 * Heavy ball, Polyak's momentum (B. T. Polyak, "Some methods of speeding up the convergence of iteration
 * methods", USSR Comp. Math. & Math. Phys. 4(5), 1964):
 *
 *   v_{t+1} = β v_t − η ∇F(w_t),   w_{t+1} = w_t + v_{t+1},   v_0 = 0,
 *
 * i.e. w_{t+1} = w_t − η ∇F(w_t) + β (w_t − w_{t−1}). From w_0 = 0 on least squares the iterates stay in
 * span{x_i} (seed 001, `ls-span-methods-find-min-norm`).
 */
import { checkDims, checkPositive, checkUnitInterval } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface HeavyBallOptions {
  /** step η */
  eta: number;
  /** momentum β ∈ [0, 1); default 0.9 */
  momentum?: number;
}

export interface HeavyBallState extends OptState {
  /** velocity v_t = w_t − w_{t−1} */
  readonly v: Float64Array;
  /** ∇F(w_{t−1}) of the last step */
  readonly g: Float64Array;
}

export function heavyBall(opts: HeavyBallOptions): Optimizer<HeavyBallState> {
  const name = 'heavy-ball';
  const eta = checkPositive(name, 'eta', opts.eta);
  const beta = checkUnitInterval(name, 'momentum', opts.momentum ?? 0.9);
  return {
    name,
    params: { eta, momentum: beta },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      return { w: Float64Array.from(w0), t: 0, v: new Float64Array(d), g: new Float64Array(d) };
    },
    update(s, obj) {
      const { w, v, g } = s;
      obj.valueAndGrad(w, g);
      for (let k = 0; k < w.length; k++) {
        v[k] = beta * v[k] - eta * g[k];
        w[k] += v[k];
      }
      s.t++;
    },
  };
}

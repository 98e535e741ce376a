/**
 * Nesterov's accelerated gradient (Y. Nesterov, "A method of solving a convex programming problem with
 * convergence rate O(1/k²)", Soviet Math. Dokl. 27, 1983), in the momentum form of Sutskever, Martens, Dahl &
 * Hinton (ICML 2013, eqs. 3–4): the gradient is taken at the look-ahead point w_t + β_t v_t,
 *
 *   v_{t+1} = β_t v_t − η ∇F(w_t + β_t v_t),   w_{t+1} = w_t + v_{t+1},   v_0 = 0.
 *
 * `schedule: 'constant'` (default) uses β_t = β; `schedule: 'convex'` uses Nesterov's β_t = t/(t+3)
 * (t = 0, 1, …; the (k−1)/(k+2) of Su, Boyd & Candès 2016 with k = t+1), for which F(w_t) − F* = O(1/t²) on smooth
 * convex F with η ≤ 1/L. From w_0 = 0 on least squares the iterates stay in span{x_i}.
 */
import { checkDims, checkPositive, checkUnitInterval } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface NesterovOptions {
  /** step η */
  eta: number;
  /** constant momentum β ∈ [0, 1) (schedule 'constant'); default 0.9 */
  momentum?: number;
  /** 'constant' (default) or 'convex' (β_t = t/(t+3)) */
  schedule?: 'constant' | 'convex';
}

export interface NesterovState extends OptState {
  /** velocity v_t = w_t − w_{t−1} */
  readonly v: Float64Array;
  /** the look-ahead point w_t + β_t v_t of the last step */
  readonly lookahead: Float64Array;
  /** ∇F(lookahead) of the last step */
  readonly g: Float64Array;
}

export function nesterov(opts: NesterovOptions): Optimizer<NesterovState> {
  const name = 'nesterov';
  const eta = checkPositive(name, 'eta', opts.eta);
  const schedule = opts.schedule ?? 'constant';
  if (schedule !== 'constant' && schedule !== 'convex')
    throw new RangeError(`${name}: schedule must be 'constant' or 'convex', got ${String(schedule)}`);
  const beta = checkUnitInterval(name, 'momentum', opts.momentum ?? 0.9);
  return {
    name,
    params: schedule === 'constant' ? { eta, momentum: beta, schedule } : { eta, schedule },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      return { w: Float64Array.from(w0), t: 0, v: new Float64Array(d), lookahead: new Float64Array(d), g: new Float64Array(d) };
    },
    update(s, obj) {
      const { w, v, lookahead: y, g } = s;
      const bt = schedule === 'constant' ? beta : s.t / (s.t + 3);
      for (let k = 0; k < w.length; k++) y[k] = w[k] + bt * v[k];
      obj.valueAndGrad(y, g);
      for (let k = 0; k < w.length; k++) {
        v[k] = bt * v[k] - eta * g[k];
        w[k] += v[k];
      }
      s.t++;
    },
  };
}

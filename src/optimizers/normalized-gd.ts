/**
 * Normalized gradient descent for separable classification (Nacson, Lee, Gunasekar, Savarese, Srebro & Soudry,
 * "Convergence of gradient descent on separable data", AISTATS 2019): GD with the step scaled by 1/F,
 *
 *   w_{t+1} = w_t − η_t ∇F(w_t),   η_t = η / (F(w_t) · (t + 1)^p),   p = `decayPower` (default 0: η_t = η / F(w_t)).
 *
 * For exponentially tailed losses ∇F/F stays of order one while ∇F → 0, so the iterates move at a constant pace
 * and the direction converges much faster than GD's 1/log t. The paper's rate theorem for the exponential loss
 * uses a step decaying like 1/√(t+1) on top of the 1/F normalization (p = ½ here) — check the exact form
 * against the paper before a claim cites it. The step needs only ∇F/F = ∇log F: on an objective that provides
 * `logValueAndGrad` (every margin objective) it is read in the log domain, so the run never underflows however large
 * the margins grow. On another objective (least squares) the step is η_t = η/(F(t+1)^p) from valueAndGrad, and
 * F(w_t) = 0 (or F = ∞) throws a NumericalError rather than stalling silently.
 */
import { NumericalError } from '../harness/errors.js';
import { checkDims, checkNonNegative, checkPositive } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface NormalizedGdOptions {
  /** base step η */
  eta: number;
  /** p in η_t = η / (F(w_t)(t+1)^p); default 0 */
  decayPower?: number;
}

export interface NormalizedGdState extends OptState {
  /** ∇F(w_{t−1}) */
  readonly g: Float64Array;
  /** log F(w_{t−1}), the value that set the last step (0 before the first step) */
  logValue: number;
  /** η/t^p, the coefficient of ∇F/F at the last step (0 before the first step): the step on ∇F is rate/F */
  rate: number;
}

export function normalizedGd(opts: NormalizedGdOptions): Optimizer<NormalizedGdState> {
  const name = 'normalized-gd';
  const eta = checkPositive(name, 'eta', opts.eta);
  const p = checkNonNegative(name, 'decayPower', opts.decayPower ?? 0);
  return {
    name,
    params: { eta, decayPower: p },
    init(w0, obj) {
      checkDims(name, w0, obj);
      return { w: Float64Array.from(w0), t: 0, g: new Float64Array(w0.length), logValue: 0, rate: 0 };
    },
    update(s, obj) {
      const { w, g } = s;
      const rate = p === 0 ? eta : eta / Math.pow(s.t + 1, p);
      if (obj.logValueAndGrad) {
        // g = ∇F/F directly
        const lf = obj.logValueAndGrad(w, g);
        if (!(lf > -Infinity && lf < Infinity)) throw new NumericalError(`${name}: log F(w_t) = ${lf} at step ${s.t}; the step η∇F/F needs 0 < F < ∞`);
        for (let k = 0; k < w.length; k++) w[k] -= rate * g[k];
        s.logValue = lf;
      } else {
        const f = obj.valueAndGrad(w, g);
        if (!(f > 0 && f < Infinity))
          throw new NumericalError(`${name}: F(w_t) = ${f} at step ${s.t}; the step η/F needs 0 < F < ∞ (an objective without logValueAndGrad)`);
        const et = p === 0 ? eta / f : eta / (f * Math.pow(s.t + 1, p));
        for (let k = 0; k < w.length; k++) w[k] -= et * g[k];
        s.logValue = Math.log(f);
      }
      s.rate = rate;
      s.t++;
    },
  };
}

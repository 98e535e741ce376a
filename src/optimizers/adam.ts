/**
 * Adam (Kingma & Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1), per coordinate,
 * with g_t = ∇F(w_t) and the step count t' = t + 1:
 *
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   m̂ = m / (1 − β₁^{t'}),   v̂ = v / (1 − β₂^{t'}),   w ← w − η m̂ / (√v̂ + ε),   m_0 = v_0 = 0.
 *
 * `biasCorrection: false` uses m and v in place of m̂ and v̂ (a mutant, or the pre-publication form). Soudry et
 * al. (JMLR 2018, Sec. 5) show Adam does not converge to the l2 max-margin direction
 * (`adam-does-not-find-l2-max-margin`); Wilson et al. (2017) that it leaves the min-norm solution.
 */
import { checkDims, checkNonNegative, checkPositive, checkUnitInterval } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface AdamOptions {
  /** step η */
  eta: number;
  /** β₁ ∈ [0, 1); default 0.9 */
  beta1?: number;
  /** β₂ ∈ [0, 1); default 0.999 */
  beta2?: number;
  /** ε added to √v̂; default 1e-8 */
  eps?: number;
  /** divide by 1 − β^t; default true */
  biasCorrection?: boolean;
}

export interface AdamState extends OptState {
  /** first moment m_t */
  readonly mu: Float64Array;
  /** second moment v_t */
  readonly nu: Float64Array;
  /** g_{t−1} */
  readonly g: Float64Array;
}

export function adam(opts: AdamOptions): Optimizer<AdamState> {
  const name = 'adam';
  const eta = checkPositive(name, 'eta', opts.eta);
  const b1 = checkUnitInterval(name, 'beta1', opts.beta1 ?? 0.9);
  const b2 = checkUnitInterval(name, 'beta2', opts.beta2 ?? 0.999);
  const eps = checkNonNegative(name, 'eps', opts.eps ?? 1e-8);
  const biasCorrection = opts.biasCorrection ?? true;
  return {
    name,
    params: { eta, beta1: b1, beta2: b2, eps, biasCorrection },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      return { w: Float64Array.from(w0), t: 0, mu: new Float64Array(d), nu: new Float64Array(d), g: new Float64Array(d) };
    },
    update(s, obj) {
      const { w, mu: m, nu: v, g } = s;
      obj.valueAndGrad(w, g);
      const tp = s.t + 1;
      const c1 = biasCorrection ? 1 / (1 - Math.pow(b1, tp)) : 1;
      const c2 = biasCorrection ? 1 / (1 - Math.pow(b2, tp)) : 1;
      for (let k = 0; k < w.length; k++) {
        m[k] = b1 * m[k] + (1 - b1) * g[k];
        v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
        const mh = m[k] * c1;
        // a coordinate whose moments are both 0 does not move, even with ε = 0
        if (mh !== 0) w[k] -= (eta * mh) / (Math.sqrt(v[k] * c2) + eps);
      }
      s.t++;
    },
  };
}

/**
 * Sign descent: steepest descent with respect to the l∞ norm. With g = ∇F(w_t) and sign(0) = 0:
 *
 *   scale 'dual-norm' (default):  w_{t+1} = w_t − η ‖g‖₁ sign(g)
 *   scale 'none':                 w_{t+1} = w_t − η sign(g)
 *
 * The 'dual-norm' form is the normalized steepest-descent step Δw = −η ‖g‖_* argmax_{‖v‖∞ ≤ 1} ⟨v, g⟩ of
 * Gunasekar, Lee, Soudry & Srebro ("Characterizing implicit bias in terms of optimization geometry", ICML 2018,
 * steepest descent for ‖·‖ = l∞, whose dual norm is l1); its direction tends to the l∞ max-margin separator on separable data
 * for small η (`optimizer-determines-solution`). The 'none' form is signSGD (Bernstein, Wang, Azizzadenesheli &
 * Anandkumar, ICML 2018), a fixed-length step that only reaches an O(η) neighbourhood of a minimizer.
 * `decayPower` p replaces η by η_t = η/(t+1)^p (default 0: the fixed η).
 */
import { checkDims, checkNonNegative, checkPositive } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface SignDescentOptions {
  /** step η */
  eta: number;
  /** 'dual-norm' (default, η‖g‖₁ sign g) or 'none' (η sign g) */
  scale?: 'dual-norm' | 'none';
  /** p in η_t = η/(t+1)^p; default 0 */
  decayPower?: number;
}

export interface SignDescentState extends OptState {
  /** g_{t−1} = ∇F(w_{t−1}) */
  readonly g: Float64Array;
}

export function signDescent(opts: SignDescentOptions): Optimizer<SignDescentState> {
  const name = 'sign-descent';
  const eta = checkPositive(name, 'eta', opts.eta);
  const scale = opts.scale ?? 'dual-norm';
  const p = checkNonNegative(name, 'decayPower', opts.decayPower ?? 0);
  if (scale !== 'dual-norm' && scale !== 'none')
    throw new RangeError(`${name}: scale must be 'dual-norm' or 'none', got ${String(scale)}`);
  return {
    name,
    params: p === 0 ? { eta, scale } : { eta, scale, decayPower: p },
    init(w0, obj) {
      checkDims(name, w0, obj);
      return { w: Float64Array.from(w0), t: 0, g: new Float64Array(w0.length) };
    },
    update(s, obj) {
      const { w, g } = s;
      obj.valueAndGrad(w, g);
      let c = p === 0 ? eta : eta / Math.pow(s.t + 1, p);
      if (scale === 'dual-norm') {
        let l1 = 0;
        for (let k = 0; k < g.length; k++) l1 += Math.abs(g[k]);
        c *= l1;
      }
      // Math.sign(NaN) = NaN, so a NaN gradient reaches w instead of being dropped
      for (let k = 0; k < w.length; k++) w[k] -= c * Math.sign(g[k]);
      s.t++;
    },
  };
}

/**
 * Mirror descent with the potential ψ(w) = ‖w‖_p^p / p ("p-GD"; Sun, Ahn, Thrampoulidis, Azizan, NeurIPS 2022):
 *
 *   ∇ψ(w_{t+1}) = ∇ψ(w_t) − η ∇F(w_t),   ∇ψ(w)_k = sign(w_k)|w_k|^{p−1},   w_k = sign(θ_k)|θ_k|^{1/(p−1)}.
 *
 * The state keeps the mirror (dual) variable θ = ∇ψ(w) and recomputes w from it after each step, so the update is
 * exact in θ (no round trip w → θ → w per step). p = 2 is GD. On separable data with an exponentially tailed loss
 * and a small step, the direction converges to the l_p max-margin separator (Sun et al., Thm 1).
 */
import { checkDims, checkPositive } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface MirrorDescentOptions {
  /** step η */
  eta: number;
  /** the exponent p > 1 of the potential ‖w‖_p^p / p */
  p: number;
}

export interface MirrorDescentState extends OptState {
  /** θ_t = ∇ψ(w_t) */
  readonly theta: Float64Array;
  /** ∇F(w_{t−1}) */
  readonly g: Float64Array;
}

export function mirrorDescent(opts: MirrorDescentOptions): Optimizer<MirrorDescentState> {
  const name = 'mirror-descent';
  const eta = checkPositive(name, 'eta', opts.eta);
  const p = opts.p;
  if (!(p > 1 && Number.isFinite(p))) throw new RangeError(`${name}: p must be a finite number > 1, got ${p}`);
  const up = p - 1;
  const down = 1 / (p - 1);
  return {
    name,
    params: { eta, p },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const theta = Float64Array.from(w0, (v) => Math.sign(v) * Math.abs(v) ** up);
      return { w: Float64Array.from(w0), t: 0, theta, g: new Float64Array(w0.length) };
    },
    update(s, obj) {
      const { w, theta, g } = s;
      obj.valueAndGrad(w, g);
      for (let k = 0; k < w.length; k++) {
        theta[k] -= eta * g[k];
        w[k] = Math.sign(theta[k]) * Math.abs(theta[k]) ** down;
      }
      s.t++;
    },
  };
}

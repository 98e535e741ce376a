/**
 * AdaGrad, diagonal form (Duchi, Hazan & Singer, "Adaptive subgradient methods for online learning and
 * stochastic optimization", JMLR 12, 2011; McMahan & Streeter, COLT 2010):
 *
 *   G_{t+1} = G_t + g_t²,   w_{t+1} = w_t − η g_t / (√G_{t+1} + ε),   g_t = ∇F(w_t),  G_0 = g0 (default 0)
 *
 * (squares and roots per coordinate). Wilson et al. (NeurIPS 2017, Sec. 3.3) show it leaves the min-norm
 * solution of least squares (`adaptive-methods-find-other-solutions`).
 */
import { checkDims, checkNonNegative, checkPositive } from './validate.js';
import type { OptState, Optimizer } from './types.js';

export interface AdaGradOptions {
  /** step η */
  eta: number;
  /** ε added to √G; default 1e-10 */
  eps?: number;
  /** initial accumulator G_0 (every coordinate); default 0 (optax uses 0.1) */
  initialAccumulator?: number;
}

export interface AdaGradState extends OptState {
  /** G_t = G_0 + Σ_{s<t} g_s², per coordinate */
  readonly sumSq: Float64Array;
  /** g_{t−1} */
  readonly g: Float64Array;
}

export function adagrad(opts: AdaGradOptions): Optimizer<AdaGradState> {
  const name = 'adagrad';
  const eta = checkPositive(name, 'eta', opts.eta);
  const eps = checkNonNegative(name, 'eps', opts.eps ?? 1e-10);
  const g0 = checkNonNegative(name, 'initialAccumulator', opts.initialAccumulator ?? 0);
  return {
    name,
    params: { eta, eps, initialAccumulator: g0 },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const d = w0.length;
      return { w: Float64Array.from(w0), t: 0, sumSq: new Float64Array(d).fill(g0), g: new Float64Array(d) };
    },
    update(s, obj) {
      const { w, sumSq: G, g } = s;
      obj.valueAndGrad(w, g);
      for (let k = 0; k < w.length; k++) {
        G[k] += g[k] * g[k];
        // a coordinate with no gradient yet (G = g = 0) does not move, even with ε = 0
        if (g[k] !== 0) w[k] -= (eta * g[k]) / (Math.sqrt(G[k]) + eps);
      }
      s.t++;
    },
  };
}

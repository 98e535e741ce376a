import type { Objective, OptState, Optimizer } from './types.js';

/** State of plain gradient descent: the iterate, the step counter and the gradient buffer. */
export interface GdState extends OptState {
  readonly g: Float64Array;
}

/**
 * Gradient descent with a fixed step as an init/update pair: w_{t+1} = w_t − η ∇F(w_t).
 * The same update as the fused kernel of gd.ts (runGd), through the generic Objective interface; it is the
 * reference adapter of the `gd` role (src/impl/reference.ts).
 */
export function gradientDescent(opts: { eta: number }): Optimizer<GdState> {
  const { eta } = opts;
  if (!(eta > 0)) throw new RangeError(`gradientDescent: eta must be > 0, got ${eta}`);
  return {
    name: 'gd',
    params: { eta },
    init: (w0: Float64Array, obj: Objective) => ({ w: Float64Array.from(w0), t: 0, g: new Float64Array(obj.dim) }),
    update(s: GdState, obj: Objective) {
      obj.valueAndGrad(s.w, s.g);
      for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * s.g[k];
      s.t++;
    },
  };
}

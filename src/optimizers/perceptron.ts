/**
 * The perceptron (Rosenblatt 1958), one example per update in cyclic order i = t mod n:
 *
 *   if ⟨w, z_i⟩ ≤ 0 (a mistake):  w ← w + η z_i,  mistakes ← mistakes + 1
 *
 * On data separable with margin γ by a unit vector, from w_0 = 0, the number of mistakes is at most (R/γ)²,
 * R = max_i ‖z_i‖ (Novikoff, "On convergence proofs on perceptrons", 1962; `perceptron-mistake-bound`); η > 0 only
 * rescales w when w_0 = 0. The run has converged once a full pass makes no mistake (`sinceMistake ≥ n`). Reads the
 * objective's `examples` (z_i = y_i x_i); the loss is ignored. A NaN margin counts as a mistake, so NaN data reach w.
 */
import { checkDims, checkPositive } from './validate.js';
import type { MarginData, Objective, OptState, Optimizer } from './types.js';

export interface PerceptronOptions {
  /** step η; default 1 */
  eta?: number;
}

export interface PerceptronState extends OptState {
  /** t counts examples visited */
  t: number;
  /** updates made (examples with ⟨w, z_i⟩ ≤ 0 when visited) */
  mistakes: number;
  /** the next example to visit */
  cursor: number;
  /** visits since the last mistake; ≥ n means a full pass without a mistake (the perceptron has stopped) */
  sinceMistake: number;
  /** number of examples */
  readonly n: number;
}

export function perceptron(opts: PerceptronOptions = {}): Optimizer<PerceptronState> {
  const name = 'perceptron';
  const eta = checkPositive(name, 'eta', opts.eta ?? 1);
  return {
    name,
    params: { eta },
    init(w0, obj) {
      checkDims(name, w0, obj);
      const { n } = examplesOf(obj, name);
      return { w: Float64Array.from(w0), t: 0, mistakes: 0, cursor: 0, sinceMistake: 0, n };
    },
    update(s, obj) {
      const { Z, n, d } = examplesOf(obj, name);
      const { w } = s;
      const o = s.cursor * d;
      let u = 0;
      for (let k = 0; k < d; k++) u += w[k] * Z[o + k];
      if (!(u > 0)) {
        for (let k = 0; k < d; k++) w[k] += eta * Z[o + k];
        s.mistakes++;
        s.sinceMistake = 0;
      } else {
        s.sinceMistake++;
      }
      s.cursor = s.cursor + 1 === n ? 0 : s.cursor + 1;
      s.t++;
    },
  };
}

/** True once a full cyclic pass has made no mistake: w separates the data and the perceptron will not move again. */
export function perceptronConverged(s: PerceptronState): boolean {
  return s.sinceMistake >= s.n;
}

function examplesOf(obj: Objective, name: string): MarginData {
  const M = obj.examples;
  if (!M) throw new RangeError(`${name}: the objective carries no examples (use marginObjective)`);
  return M;
}

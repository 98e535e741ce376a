/**
 * Controls as wrappers (after optax's chained transformations): a variant of an optimizer or of its objective
 * that any subject — ours, a user's module, a protocol child — can run, so that a negative control exercises the
 * implementation under test instead of silently falling back to ours.
 *
 * - withWeightDecay(obj, λ): the objective F(w) + (λ/2)‖w‖², gradient ∇F(w) + λw — GD on it is GD with weight
 *   decay, w ← w − η(∇F + λw) (its limit is the regularized solution, finite: the direction claims must fail);
 * - withProjection(opt, r): after each update, w ← w·min(1, r/‖w‖) (projected GD: the norm cannot diverge);
 * - withPerturbation(opt, seed): after the t-th update, w_k += 0.1·0.99^t·U(−1, 1) in every coordinate (a bug that
 *   adds decaying noise: the run still converges, but its part outside span{x_i} is never removed).
 * A control on another loss needs no wrapper: it is another objective (src/optimizers/objectives.ts).
 */
import { norm2 } from '../linalg/vec.js';
import { rngUniform, seedRng } from '../optimizers/rng.js';
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';

/**
 * F(w) + (λ/2)‖w‖² with gradient ∇F(w) + λw, for full and (when F has them) minibatch gradients; `examples` is
 * dropped (the perceptron and AdaBoost ignore F). A describable F stays describable with `l2: λ` (its whole runs
 * go to an implementation that lists the extension 'l2', src/impl/batched.ts).
 */
export function withWeightDecay(obj: Objective, lambda: number): Objective {
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new RangeError(`withWeightDecay: λ must be finite and ≥ 0, got ${lambda}`);
  const dim = obj.dim;
  const add = (w: Float64Array, g: Float64Array, f: number) => {
    let sq = 0;
    for (let k = 0; k < dim; k++) {
      g[k] += lambda * w[k];
      sq += w[k] * w[k];
    }
    return f + 0.5 * lambda * sq;
  };
  const batch = obj.gradBatch?.bind(obj);
  return {
    dim,
    n: obj.n,
    ...(obj.problem && obj.problem.l2 === undefined ? { problem: { ...obj.problem, l2: lambda } } : {}),
    valueAndGrad: (w, g) => add(w, g, obj.valueAndGrad(w, g)),
    gradBatch: batch && ((w, idx, len, g) => add(w, g, batch(w, idx, len, g))),
  };
}

/** The optimizer followed by the projection onto the ball ‖w‖ ≤ r after every update. */
export function withProjection<S extends OptState>(opt: Optimizer<S>, radius: number): Optimizer<S> {
  if (!(radius > 0)) throw new RangeError(`withProjection: the radius must be > 0, got ${radius}`);
  const project = (w: Float64Array) => {
    const r = norm2(w);
    if (r > radius) for (let k = 0; k < w.length; k++) w[k] *= radius / r;
  };
  return {
    name: `${opt.name}+projection(${radius})`,
    params: { ...opt.params, projectRadius: radius },
    // w0 is not projected (as in runGd): the projection applies to the updates
    init: (w0, obj) => opt.init(w0, obj),
    update(s, obj) {
      opt.update(s, obj);
      project(s.w);
    },
  };
}

/** The optimizer followed by a decaying random perturbation 0.1·0.99^t·U(−1, 1) per coordinate (seeded). */
export function withPerturbation<S extends OptState>(opt: Optimizer<S>, seed: number): Optimizer<S> {
  let noise = seedRng(seed);
  let t = 0; // our own count: an implementation's state.t is not trusted
  return {
    name: `${opt.name}+perturbation`,
    params: { ...opt.params, perturbation: '0.1·0.99^t' },
    init(w0, obj) {
      noise = seedRng(seed);
      t = 0;
      return opt.init(w0, obj);
    },
    update(s, obj) {
      opt.update(s, obj);
      t++;
      const size = 0.1 * 0.99 ** t;
      for (let k = 0; k < s.w.length; k++) s.w[k] += size * (2 * rngUniform(noise) - 1);
    },
  };
}

/**
 * The optimizers of TensorFlow.js (`tf.train.*`, @tensorflow/tfjs 4.22) as an Implementation: real
 * implementations nobody here wrote, checked by the same claims as ours (`claims check --impl builtin:tfjs`, or
 * `--impl src/impl/tfjs.ts`). Roles and the tfjs rule each one runs:
 *
 *   gd, sgd     tf.train.sgd(η)                        w ← w − η g
 *   heavyBall   tf.train.momentum(η, β)                a ← βa + g;  w ← w − η a        (= Polyak with v = −ηa)
 *   nesterov    tf.train.momentum(η, β, true)          a ← βa + g;  w ← w − η(g + βa)  (the look-ahead
 *               reparametrization: tfjs's variable is the look-ahead point w_t + βv_t of src/optimizers/nesterov.ts)
 *   adagrad     tf.train.adagrad(η, G₀)                G ← G + g²;  w ← w − η g/√(G + ε_f32)  (G₀ = 0.1 tfjs default)
 *   rmsprop     tf.train.rmsprop(η, ρ, 0, ε)           s ← ρs + (1−ρ)g²;  w ← w − η g/√(s + ε)
 *   adam        tf.train.adam(η, β₁, β₂, ε)            Kingma–Ba with bias correction
 *
 * The gradient is the harness's (obj.valueAndGrad / gradBatch in float64), handed to tfjs as a float32 tensor;
 * tfjs computes the step in float32 (every backend is float32).
 *
 * Precision of the iterate. tfjs keeps variables in float32. Late in a run on separable data the GD step
 * η‖∇L‖ ≈ ‖ŵ‖²/t falls below half an ulp of the coordinates of w ≈ ŵ log t and is rounded away, so a float32
 * iterate falls behind GD: with the iterate rounded to float32 after each step, on the first four datasets of the smoke
 * profile, from t = 1e6 to 1e7 its norm grew by 0.45–3.8 where float64 GD's grew by 3.8–11.5 (= ‖ŵ‖ log 10). That is a property
 * of float32 storage, not of the optimizer's rule. The default adapter ('delta' mode)
 * therefore asks tfjs for each step's increment — the variable is reset to 0, tfjs applies its update (which
 * for every rule above does not depend on the variable's value) and the increment is read back — and
 * accumulates the iterate in float64. The 'float32' mode (builtin:tfjs-f32, tfjs-<opt>-f32) keeps the iterate in
 * the tfjs variable, as a tfjs training loop would; its verdicts show what float32 storage does to the claims.
 */
import * as tfjs from '@tensorflow/tfjs';
import { loadTf, tfBackendName } from '../models/tf-backend.js';
import { seedRng, shuffleInPlace } from '../optimizers/rng.js';
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import type { Hyper, Implementation, OptimizerRole } from './interface.js';

const tf = await loadTf();

/** 'delta': float64 iterate, tfjs computes each increment; 'float32': the iterate lives in the tfjs variable. */
export type TfjsMode = 'delta' | 'float32';

const num = (h: Hyper, k: string, dflt: number) => (typeof h[k] === 'number' ? (h[k] as number) : dflt);

/** The tf.train optimizer of each role, from the claim's hyperparameters. */
const MAKERS: Record<string, { roles: OptimizerRole[]; make(h: Hyper): tfjs.Optimizer; rule: string }> = {
  sgd: { roles: ['gd', 'sgd'], make: (h) => tf.train.sgd(h.eta), rule: 'tf.train.sgd' },
  momentum: { roles: ['heavyBall'], make: (h) => tf.train.momentum(h.eta, num(h, 'momentum', 0.9)), rule: 'tf.train.momentum' },
  nesterov: { roles: ['nesterov'], make: (h) => tf.train.momentum(h.eta, num(h, 'momentum', 0.9), true), rule: 'tf.train.momentum(useNesterov)' },
  adagrad: { roles: ['adagrad'], make: (h) => tf.train.adagrad(h.eta, num(h, 'initialAccumulator', 0) > 0 ? num(h, 'initialAccumulator', 0.1) : 0.1), rule: 'tf.train.adagrad' },
  rmsprop: { roles: ['rmsprop'], make: (h) => tf.train.rmsprop(h.eta, num(h, 'decay', 0.9), 0, num(h, 'eps', 1e-8)), rule: 'tf.train.rmsprop' },
  adam: { roles: ['adam'], make: (h) => tf.train.adam(h.eta, num(h, 'beta1', 0.9), num(h, 'beta2', 0.999), num(h, 'eps', 1e-8)), rule: 'tf.train.adam' },
};

interface TfState extends OptState {
  readonly g: Float64Array;
  readonly g32: Float32Array;
  readonly variable: tfjs.Variable;
  readonly optimizer: tfjs.Optimizer;
  readonly zeros: tfjs.Tensor;
  /** minibatch sampling of the sgd role (reshuffled epochs, as src/optimizers/sgd.ts) */
  readonly perm: Int32Array;
  cursor: number;
  readonly rng: Uint32Array;
}

// a state's tensors are freed when the state is garbage-collected (the contract has no dispose)
const registry = new FinalizationRegistry<tfjs.Tensor[]>((ts) => ts.forEach((t) => t.dispose()));

function tfOptimizer(key: keyof typeof MAKERS, role: OptimizerRole, h: Hyper, mode: TfjsMode): Optimizer<TfState> {
  const spec = MAKERS[key];
  const stochastic = role === 'sgd';
  const batch = Math.max(1, Math.floor(num(h, 'batchSize', 1)));
  return {
    name: `${spec.rule}${mode === 'float32' ? ' (float32 iterate)' : ''}`,
    params: { ...h, mode, backend: tfBackendName() },
    init(w0: Float64Array, obj: Objective): TfState {
      const d = obj.dim;
      const variable = tf.variable(mode === 'float32' ? tf.tensor1d(Float32Array.from(w0)) : tf.zeros([d]), true);
      const zeros = tf.zeros([d]);
      const s: TfState = {
        w: Float64Array.from(mode === 'float32' ? Float32Array.from(w0) : w0),
        t: 0,
        g: new Float64Array(d),
        g32: new Float32Array(d),
        variable,
        optimizer: spec.make(h),
        zeros,
        perm: Int32Array.from({ length: obj.n }, (_, i) => i),
        cursor: obj.n,
        rng: seedRng(num(h, 'seed', 0)),
      };
      registry.register(s, [variable, zeros]);
      return s;
    },
    update(s: TfState, obj: Objective) {
      if (stochastic) {
        if (s.cursor >= obj.n) {
          shuffleInPlace(s.rng, s.perm);
          s.cursor = 0;
        }
        const len = Math.min(batch, obj.n - s.cursor);
        obj.gradBatch!(s.w, s.perm.subarray(s.cursor, s.cursor + len), len, s.g);
        s.cursor += len;
      } else obj.valueAndGrad(s.w, s.g);
      s.g32.set(s.g);
      const grad = tf.tensor1d(s.g32);
      if (mode === 'delta') s.variable.assign(s.zeros);
      s.optimizer.applyGradients({ [s.variable.name]: grad });
      grad.dispose();
      const v = s.variable.dataSync() as Float32Array;
      if (mode === 'delta') for (let k = 0; k < s.w.length; k++) s.w[k] += v[k];
      else s.w.set(v);
      s.t++;
    },
  };
}

/**
 * The tfjs adapters: all of them, or the one named (`sgd`, `momentum`, `nesterov`, `adagrad`, `rmsprop`, `adam`),
 * with a `-f32` suffix (or mode 'float32') for the float32 iterate.
 */
export function tfjsImplementation(which?: string, mode: TfjsMode = 'delta'): Implementation {
  let key = which;
  if (key?.endsWith('-f32')) [key, mode] = [key.slice(0, -4), 'float32'];
  if (key === 'f32') [key, mode] = [undefined, 'float32'];
  const keys = key ? [key] : Object.keys(MAKERS);
  for (const k of keys) if (!(k in MAKERS)) throw new Error(`tfjs: no optimizer "${k}" (${Object.keys(MAKERS).join(', ')})`);
  const optimizers: Implementation['optimizers'] = {};
  for (const k of keys) for (const role of MAKERS[k].roles) optimizers[role] = (h: Hyper) => tfOptimizer(k, role, h, mode);
  return { name: `tfjs ${tf.version.tfjs}${key ? ` ${key}` : ''} [${tfBackendName()}${mode === 'float32' ? ', float32 iterate' : ''}]`, precision: 'float32', optimizers };
}

// `--impl src/impl/tfjs.ts` loads the module like a user's: every adapter, float64 iterate
const all = tfjsImplementation();
export const name = all.name;
export const optimizers = all.optimizers;
export const precision = all.precision;

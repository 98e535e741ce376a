/**
 * Deliberately broken implementations ("mutants"): each is a correct optimizer of src/optimizers with one bug of
 * the kind people write, in one role. `npm run power` runs every mutant as the implementation under test against
 * the claims that exercise its role, and reports which claims caught it (src/impl/power.ts): the measured power
 * of the catalogue. None of them breaks the contract (no throw, NaN, wrong length, mutation or hang — those are
 * faults, reported as "error" by the guard, and would make the catch rate meaningless): every one returns a
 * plausible-looking iterate of the right shape at every step.
 *
 * The catalogue was written from the list of bugs before running it, and is not tuned to what the claims catch.
 */
import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import { adaboost, adam, heavyBall, rmsprop, sgd, type AdaBoostState } from '../optimizers/index.js';
import type { Hyper, Implementation, OptimizerRole } from './interface.js';
import { reference } from './reference.js';

/** A mutant: the reference implementation with one named bug in one role. */
export interface Mutant extends Implementation {
  /** the catalogue name (the implementation's `name` is "mutant <key>") */
  key: string;
  role: OptimizerRole;
  /** the bug, in words */
  bug: string;
}

const num = (h: Hyper, k: string, dflt: number) => (typeof h[k] === 'number' ? (h[k] as number) : dflt);

interface GdLikeState extends OptState {
  g: Float64Array;
  prev: Float64Array;
  aux: Float64Array;
}

/**
 * A GD-like optimizer from a step rule: `step(s, obj, eta)` updates s.w in place given the state's buffers
 * (g = the gradient buffer, prev / aux = scratch the rule may keep across steps).
 */
function gdLike(name: string, step: (s: GdLikeState, obj: Objective, eta: number) => void) {
  return (h: Hyper): Optimizer<GdLikeState> => ({
    name,
    params: { eta: h.eta },
    init: (w0, obj) => ({ w: Float64Array.from(w0), t: 0, g: new Float64Array(obj.dim), prev: new Float64Array(obj.dim), aux: new Float64Array(obj.dim) }),
    update(s, obj) {
      step(s, obj, h.eta);
      s.t++;
    },
  });
}

/** The reference implementation with one role replaced by its buggy version (so multi-role claims run too). */
function mutant(name: string, role: OptimizerRole, bug: string, factory: Implementation['optimizers'][OptimizerRole]): Mutant {
  return { name: `mutant ${name}`, key: name, role, bug, optimizers: { ...reference.optimizers, [role]: factory } };
}

export const MUTANTS: Mutant[] = [
  // ---- gd ----
  mutant('gd-sign-slip', 'gd', 'the last coordinate is updated with +η g instead of −η g', gdLike('gd-sign-slip', (s, obj, eta) => {
    obj.valueAndGrad(s.w, s.g);
    const last = s.w.length - 1;
    for (let k = 0; k < s.w.length; k++) s.w[k] += (k === last ? eta : -eta) * s.g[k];
  })),
  mutant('gd-mean-for-sum', 'gd', 'the gradient divided by n again (the sum treated as a sum of means): the step is η/n', gdLike('gd-mean-for-sum', (s, obj, eta) => {
    obj.valueAndGrad(s.w, s.g);
    for (let k = 0; k < s.w.length; k++) s.w[k] -= (eta / obj.n) * s.g[k];
  })),
  mutant('gd-hidden-weight-decay', 'gd', 'weight decay λ = 1e-4 left on: w ← w − η(∇F + λw)', gdLike('gd-hidden-weight-decay', (s, obj, eta) => {
    obj.valueAndGrad(s.w, s.g);
    for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * (s.g[k] + 1e-4 * s.w[k]);
  })),
  mutant('gd-stale-gradient', 'gd', 'the gradient of the previous iterate is applied (a one-step delay: the buffer is read before it is refreshed)', gdLike('gd-stale-gradient', (s, obj, eta) => {
    // prev holds ∇F(w_{t−1}) (0 at the first step); apply it, then compute ∇F(w_t) for the next step
    obj.valueAndGrad(s.w, s.g);
    for (let k = 0; k < s.w.length; k++) {
      s.w[k] -= eta * s.prev[k];
      s.prev[k] = s.g[k];
    }
  })),
  mutant('gd-gradient-clipping', 'gd', 'the gradient clipped to norm ≤ 1 (clipnorm = 1 left on)', gdLike('gd-gradient-clipping', (s, obj, eta) => {
    obj.valueAndGrad(s.w, s.g);
    const r = Math.hypot(...s.g);
    const c = r > 1 ? 1 / r : 1;
    for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * c * s.g[k];
  })),
  mutant('gd-decaying-step', 'gd', 'a step schedule left on: η_t = η/√(t+1) instead of the fixed η', gdLike('gd-decaying-step', (s, obj, eta) => {
    obj.valueAndGrad(s.w, s.g);
    const et = eta / Math.sqrt(s.t + 1);
    for (let k = 0; k < s.w.length; k++) s.w[k] -= et * s.g[k];
  })),
  mutant('gd-float32-iterate', 'gd', 'the iterate kept in float32 (Math.fround after every step), as in a Float32Array', gdLike('gd-float32-iterate', (s, obj, eta) => {
    obj.valueAndGrad(s.w, s.g);
    for (let k = 0; k < s.w.length; k++) s.w[k] = Math.fround(s.w[k] - eta * s.g[k]);
  })),
  mutant('gd-skips-first-example', 'gd', 'the gradient summed from i = 1 (an off-by-one: example 0 never pulls)', (h) => {
    let idx: Int32Array | null = null;
    return gdLike('gd-skips-first-example', (s, obj, eta) => {
      if (obj.n < 2) return; // the loop from i = 1 has no term: the iterate never moves
      idx ??= Int32Array.from({ length: obj.n - 1 }, (_, j) => j + 1);
      // gradBatch returns (n/len)·Σ_{i∈idx}; times len/n it is the objective's own sum without example 0
      obj.gradBatch!(s.w, idx, idx.length, s.g);
      const c = idx.length / obj.n;
      for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * c * s.g[k];
    })(h);
  }),
  mutant('gd-fixed-first-gradient', 'gd', 'the gradient computed once at w_0 and reused (a cache never invalidated)', gdLike('gd-fixed-first-gradient', (s, obj, eta) => {
    if (s.t === 0) obj.valueAndGrad(s.w, s.prev);
    for (let k = 0; k < s.w.length; k++) s.w[k] -= eta * s.prev[k];
  })),
  // ---- momentum methods ----
  mutant('heavy-ball-off-by-one', 'heavyBall', 'momentum off by one step: w_{t+1} = w_t − η∇F(w_t) + β(w_{t−1} − w_{t−2})', (h) => {
    const beta = num(h, 'momentum', 0.9);
    return gdLike('heavy-ball-off-by-one', (s, obj, eta) => {
      obj.valueAndGrad(s.w, s.g);
      // prev = w_{t−1} − w_{t−2} (the velocity of the step before the last), aux = w_t − w_{t−1}
      for (let k = 0; k < s.w.length; k++) {
        const v = -eta * s.g[k] + beta * s.prev[k];
        s.prev[k] = s.aux[k];
        s.aux[k] = v;
        s.w[k] += v;
      }
    })(h);
  }),
  mutant('nesterov-no-lookahead', 'nesterov', 'Nesterov with the gradient taken at w_t instead of the look-ahead w_t + βv_t (i.e. heavy ball)', (h) => heavyBall({ eta: h.eta, momentum: num(h, 'momentum', 0.9) })),
  // ---- adaptive methods ----
  mutant('adam-no-bias-correction', 'adam', 'Adam without the bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ)', (h) =>
    adam({ eta: h.eta, beta1: num(h, 'beta1', 0.9), beta2: num(h, 'beta2', 0.999), eps: num(h, 'eps', 1e-8), biasCorrection: false }),
  ),
  mutant('adam-betas-swapped', 'adam', 'β₁ and β₂ passed in the wrong order (β₁ = 0.999, β₂ = 0.9)', (h) => adam({ eta: h.eta, beta1: num(h, 'beta2', 0.999), beta2: num(h, 'beta1', 0.9), eps: num(h, 'eps', 1e-8) })),
  mutant('adagrad-no-sqrt', 'adagrad', 'AdaGrad dividing by the accumulated Σg² instead of its square root', (h) => {
    const eps = num(h, 'eps', 1e-10);
    return {
      name: 'adagrad-no-sqrt',
      params: { eta: h.eta, eps },
      init: (w0: Float64Array, obj: Objective) => ({ w: Float64Array.from(w0), t: 0, G: new Float64Array(obj.dim), g: new Float64Array(obj.dim) }),
      update(s: OptState & { G: Float64Array; g: Float64Array }, obj: Objective) {
        obj.valueAndGrad(s.w, s.g);
        for (let k = 0; k < s.w.length; k++) {
          s.G[k] += s.g[k] * s.g[k];
          if (s.g[k] !== 0) s.w[k] -= (h.eta * s.g[k]) / (s.G[k] + eps);
        }
        s.t++;
      },
    };
  }),
  mutant('rmsprop-decay-as-rate', 'rmsprop', 'RMSProp with decay and 1 − decay swapped (v ← 0.1 v + 0.9 g²)', (h) => rmsprop({ eta: h.eta, decay: 1 - num(h, 'decay', 0.9), eps: num(h, 'eps', 1e-8) })),
  mutant('sgd-same-batch', 'sgd', 'SGD that reuses the first minibatch forever (the shuffle never advances)', (h) => {
    const inner = sgd({ eta: h.eta, batchSize: num(h, 'batchSize', 1), seed: num(h, 'seed', 0) });
    return {
      name: 'sgd-same-batch',
      params: inner.params,
      init: (w0: Float64Array, obj: Objective) => inner.init(w0, obj),
      update(s, obj) {
        if (s.t === 0) return inner.update(s, obj);
        // the first batch again: gradBatch on the stored batch, same step
        obj.gradBatch!(s.w, s.batch, s.batchLen, s.g);
        for (let k = 0; k < s.w.length; k++) s.w[k] -= h.eta * s.g[k];
        s.t++;
      },
    } as Optimizer<ReturnType<typeof inner.init>>;
  }),
];

// ---- the classification roles (issue 11): perceptron, AdaBoost, coordinate descent, sign descent, normalized GD ----
MUTANTS.push(...CLASSIFICATION_MUTANTS());

/** The mutants that exercise a role, for tests and reports. */
export function mutantsOf(role: OptimizerRole): Mutant[] {
  return MUTANTS.filter((m) => m.role === role);
}

/** Mutants of the five roles that the claims exercised under `check` only from issue 11 on (two or more each). */
function CLASSIFICATION_MUTANTS(): Mutant[] {
  return [
    mutant('perceptron-strict-mistake', 'perceptron', 'a mistake tested as ⟨w, z_i⟩ < 0 instead of ≤ 0: from w_0 = 0 no example is ever a mistake, so w never moves', perceptronLike((u) => u < 0, 1)),
    mutant('perceptron-subtracts', 'perceptron', 'the update w ← w − η z_i (the sign of the label dropped)', perceptronLike((u) => !(u > 0), -1)),
    mutant('adaboost-inverted-step', 'adaboost', 'the step\'s ratio inverted, α_t = ½ ln((1 − γ_t)/(1 + γ_t))', () => adaboostWithStep('adaboost-inverted-step', (g) => -Math.atanh(g))),
    mutant('adaboost-no-half', 'adaboost', 'the ½ of α_t = ½ ln((1 + γ_t)/(1 − γ_t)) dropped (the step doubled)', () => adaboostWithStep('adaboost-no-half', (g) => 2 * Math.atanh(g))),
    mutant('coordinate-descent-signed-argmax', 'coordinateDescent', 'the coordinate chosen as argmax_k ∂_kF instead of argmax_k |∂_kF|', coordinateLike('coordinate-descent-signed-argmax', (g) => {
      let k = 0;
      for (let j = 1; j < g.length; j++) if (g[j] > g[k]) k = j;
      return k;
    })),
    mutant('coordinate-descent-cyclic', 'coordinateDescent', 'the coordinates visited cyclically (k = t mod d) instead of greedily', coordinateLike('coordinate-descent-cyclic', (g, t) => t % g.length)),
    mutant('sign-descent-no-scale', 'signDescent', 'the step η sign g: the dual-norm factor ‖g‖₁ forgotten', signLike('sign-descent-no-scale', () => 1)),
    mutant('sign-descent-l2-scale', 'signDescent', 'the step η‖g‖₂ sign g: the wrong dual norm', signLike('sign-descent-l2-scale', (g) => Math.sqrt(g.reduce((s, v) => s + v * v, 0)))),
    mutant('normalized-gd-unnormalized', 'normalizedGd', 'the division by F forgotten: the step η_t∇F (plain GD)', (h) => {
      const p = num(h, 'decayPower', 0);
      return gdLike('normalized-gd-unnormalized', (s, obj, eta) => {
        obj.valueAndGrad(s.w, s.g);
        for (let k = 0; k < s.w.length; k++) s.w[k] -= (eta / Math.pow(s.t + 1, p)) * s.g[k];
      })(h);
    }),
    mutant('normalized-gd-gradient-norm', 'normalizedGd', 'normalized by ‖∇F‖ instead of F: the step η_t∇F/‖∇F‖ (the other "normalized GD")', (h) => {
      const p = num(h, 'decayPower', 0);
      return gdLike('normalized-gd-gradient-norm', (s, obj, eta) => {
        if (obj.logValueAndGrad) obj.logValueAndGrad(s.w, s.g);
        else obj.valueAndGrad(s.w, s.g);
        let r = 0;
        for (let k = 0; k < s.g.length; k++) r += s.g[k] * s.g[k];
        r = Math.sqrt(r);
        if (r > 0) for (let k = 0; k < s.w.length; k++) s.w[k] -= (eta / Math.pow(s.t + 1, p)) * (s.g[k] / r);
      })(h);
    }),
  ];
}

/** A perceptron (cyclic order from example 0) with the mistake test and the update's sign as given. */
function perceptronLike(mistake: (u: number) => boolean, sign: 1 | -1) {
  return (h: Hyper): Optimizer<OptState & { cursor: number }> => ({
    name: 'perceptron-mutant',
    params: { eta: h.eta },
    init: (w0) => ({ w: Float64Array.from(w0), t: 0, cursor: 0 }),
    update(s, obj) {
      const { Z, n, d } = obj.examples!;
      const o = s.cursor * d;
      let u = 0;
      for (let k = 0; k < d; k++) u += s.w[k] * Z[o + k];
      if (mistake(u)) for (let k = 0; k < d; k++) s.w[k] += sign * h.eta * Z[o + k];
      s.cursor = (s.cursor + 1) % n;
      s.t++;
    },
  });
}

/** Our AdaBoost with α_t = step(γ_t) in place of atanh γ_t (margins and D recomputed as the kernel does). */
function adaboostWithStep(name: string, step: (gamma: number) => number): Optimizer<AdaBoostState> {
  const inner = adaboost();
  return {
    name,
    params: inner.params,
    init: (a0, obj) => inner.init(a0, obj),
    update(s, obj) {
      inner.update(s, obj);
      const { Z, n, d: m } = obj.examples!;
      const j = s.coord;
      const delta = step(Math.min(1 - 1e-12, Math.max(-(1 - 1e-12), s.edge))) - s.alpha;
      s.w[j] += delta;
      for (let i = 0; i < n; i++) s.margins[i] += delta * Z[i * m + j];
      let lo = Infinity;
      for (let i = 0; i < n; i++) lo = Math.min(lo, s.margins[i]);
      let total = 0;
      for (let i = 0; i < n; i++) total += s.dist[i] = Math.exp(lo - s.margins[i]);
      for (let i = 0; i < n; i++) s.dist[i] /= total;
      s.alpha += delta;
    },
  };
}

/**
 * Coordinate descent with the coordinate chosen by `pick` (the bug): the fixed step η/(t+1)^p, or an Armijo
 * search from η halving (c = 1e-4, as the reference's, without its warm start) when lineSearch is not 'fixed'.
 */
function coordinateLike(name: string, pick: (g: Float64Array, t: number) => number) {
  return (h: Hyper) => {
    const fixed = h.lineSearch === 'fixed';
    const p = num(h, 'decayPower', 0);
    return gdLike(name, (s, obj, eta) => {
      const f = obj.valueAndGrad(s.w, s.g);
      const k = pick(s.g, s.t);
      const gk = s.g[k];
      if (gk === 0) return;
      if (fixed) {
        s.w[k] -= (eta / Math.pow(s.t + 1, p)) * gk;
        return;
      }
      const wk = s.w[k];
      for (let step = eta; ; step *= 0.5) {
        const trial = wk - step * gk;
        if (trial === wk) return void (s.w[k] = wk);
        s.w[k] = trial;
        if (obj.valueAndGrad(s.w, s.aux) <= f - 1e-4 * step * gk * gk) return;
      }
    })(h);
  };
}

/** Sign descent with the step η_t·scale(g)·sign g (the bug is the scale). */
function signLike(name: string, scale: (g: Float64Array) => number) {
  return (h: Hyper) => {
    const p = num(h, 'decayPower', 0);
    return gdLike(name, (s, obj, eta) => {
      obj.valueAndGrad(s.w, s.g);
      const c = (eta / Math.pow(s.t + 1, p)) * scale(s.g);
      for (let k = 0; k < s.w.length; k++) s.w[k] -= c * Math.sign(s.g[k]);
    })(h);
  };
}

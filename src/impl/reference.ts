import { adaboost, adagrad, adam, coordinateDescent, heavyBall, mirrorDescent, nesterov, normalizedGd, perceptron, rmsprop, sgd, signDescent } from '../optimizers/index.js';
import { gradientDescent } from '../optimizers/gd-step.js';
import type { Hyper, Implementation } from './interface.js';

const num = (h: Hyper, k: string, dflt?: number) => (typeof h[k] === 'number' ? (h[k] as number) : dflt);
const bool = (h: Hyper, k: string) => (typeof h[k] === 'boolean' ? (h[k] as boolean) : undefined);
const str = <T extends string>(h: Hyper, k: string) => (typeof h[k] === 'string' ? (h[k] as T) : undefined);

/** Our own optimizers (src/optimizers) as the first adapter of the interface. */
export const reference: Implementation = {
  name: 'reference',
  optimizers: {
    gd: (h) => gradientDescent({ eta: h.eta }),
    sgd: (h) => sgd({ eta: h.eta, batchSize: num(h, 'batchSize', 1), replacement: bool(h, 'replacement') ?? false, seed: num(h, 'seed', 0) }),
    heavyBall: (h) => heavyBall({ eta: h.eta, momentum: num(h, 'momentum', 0.9) }),
    nesterov: (h) => nesterov({ eta: h.eta, momentum: num(h, 'momentum', 0.9) }),
    adagrad: (h) => adagrad({ eta: h.eta, eps: num(h, 'eps', 1e-10), initialAccumulator: num(h, 'initialAccumulator', 0) }),
    rmsprop: (h) => rmsprop({ eta: h.eta, decay: num(h, 'decay', 0.9), eps: num(h, 'eps', 1e-8) }),
    adam: (h) => adam({ eta: h.eta, beta1: num(h, 'beta1', 0.9), beta2: num(h, 'beta2', 0.999), eps: num(h, 'eps', 1e-8) }),
    signDescent: (h) => signDescent({ eta: h.eta, scale: str(h, 'scale'), decayPower: num(h, 'decayPower', 0) }),
    coordinateDescent: (h) => coordinateDescent({ eta: h.eta, lineSearch: str(h, 'lineSearch'), decayPower: num(h, 'decayPower', 0) }),
    adaboost: () => adaboost({}),
    perceptron: (h) => perceptron({ eta: h.eta }),
    normalizedGd: (h) => normalizedGd({ eta: h.eta, decayPower: num(h, 'decayPower', 0) }),
    // ---- issue 13 (group G): ψ(w) = ‖w‖_p^p/p, hyperparameters eta and p ----
    mirrorDescent: (h) => mirrorDescent({ eta: h.eta, p: num(h, 'p', 2)! }),
  },
};

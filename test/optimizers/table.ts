/**
 * THE table of optimizers under test: every optimizer of src/optimizers (not GD, which lives in gd.ts with its own
 * tests), each with hyperparameters that are stable on every target it lists. The contract checks, the convergence
 * checks and any future mutant catalogue read this table.
 */
import type { AnyOptimizer } from '../../src/optimizers/types.js';
import { adaboost } from '../../src/optimizers/adaboost.js';
import { adagrad } from '../../src/optimizers/adagrad.js';
import { adam } from '../../src/optimizers/adam.js';
import { coordinateDescent } from '../../src/optimizers/coordinate-descent.js';
import { heavyBall } from '../../src/optimizers/heavy-ball.js';
import { nesterov } from '../../src/optimizers/nesterov.js';
import { normalizedGd } from '../../src/optimizers/normalized-gd.js';
import { perceptron } from '../../src/optimizers/perceptron.js';
import { rmsprop } from '../../src/optimizers/rmsprop.js';
import { sgd } from '../../src/optimizers/sgd.js';
import { signDescent } from '../../src/optimizers/sign-descent.js';
import { mirrorDescent } from '../../src/optimizers/mirror-descent.js';
import type { TargetName } from './targets.js';

export interface TableEntry {
  /** test id: the optimizer's name plus the variant */
  label: string;
  /** builds the optimizer; stochastic ones take the seed */
  make(seed: number): AnyOptimizer;
  /** targets it runs on (the perceptron, AdaBoost and normalized GD need classification data) */
  targets: TargetName[];
  stochastic: boolean;
  /**
   * On least squares: how close to w* (max-norm) it gets. 1e-8 for methods that converge; fixed-length-step
   * methods (RMSProp, plain sign descent) only reach an O(η) neighbourhood, so their tolerance is 10η.
   */
  lsTolerance?: number;
}

const ALL: TargetName[] = ['least-squares', 'logistic-separable', 'weak-learners'];
const CLASSIFICATION: TargetName[] = ['logistic-separable', 'weak-learners'];

export const TABLE: TableEntry[] = [
  { label: 'sgd', make: (seed) => sgd({ eta: 0.2, seed }), targets: ALL, stochastic: true, lsTolerance: 1e-8 },
  { label: 'sgd[b=3,replacement]', make: (seed) => sgd({ eta: 0.2, batchSize: 3, replacement: true, seed }), targets: ALL, stochastic: true, lsTolerance: 1e-8 },
  { label: 'heavy-ball', make: () => heavyBall({ eta: 0.1, momentum: 0.9 }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'nesterov', make: () => nesterov({ eta: 0.1, momentum: 0.9 }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'nesterov[convex]', make: () => nesterov({ eta: 0.1, schedule: 'convex' }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'adagrad', make: () => adagrad({ eta: 0.5 }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'rmsprop', make: () => rmsprop({ eta: 1e-3 }), targets: ALL, stochastic: false, lsTolerance: 1e-2 },
  { label: 'adam', make: () => adam({ eta: 1e-2 }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'adam[no-bias-correction]', make: () => adam({ eta: 1e-2, biasCorrection: false }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'sign-descent', make: () => signDescent({ eta: 0.02 }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'sign-descent[plain]', make: () => signDescent({ eta: 1e-3, scale: 'none' }), targets: ALL, stochastic: false, lsTolerance: 1e-2 },
  { label: 'coordinate-descent', make: () => coordinateDescent({ eta: 1 }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'coordinate-descent[fixed]', make: () => coordinateDescent({ eta: 0.3, lineSearch: 'fixed' }), targets: ALL, stochastic: false, lsTolerance: 1e-8 },
  { label: 'normalized-gd', make: () => normalizedGd({ eta: 0.01 }), targets: CLASSIFICATION, stochastic: false },
  { label: 'adaboost', make: () => adaboost(), targets: CLASSIFICATION, stochastic: false },
  { label: 'perceptron', make: () => perceptron(), targets: CLASSIFICATION, stochastic: false },
  // ---- issue 13 (group G) ----
  { label: 'mirror-descent[p=3]', make: () => mirrorDescent({ eta: 0.05, p: 3 }), targets: CLASSIFICATION, stochastic: false },
  { label: 'mirror-descent[p=1.5]', make: () => mirrorDescent({ eta: 0.05, p: 1.5 }), targets: CLASSIFICATION, stochastic: false },
];

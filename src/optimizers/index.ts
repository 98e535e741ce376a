/** The init/update optimizers of this folder, their contract and objectives (GD and gradient flow live in gd.ts and flow.ts). */
export type { AnyOptimizer, HyperValue, MarginData, Objective, OptState, Optimizer } from './types.js';
export { leastSquaresObjective, logObjective, marginObjective, type ObjectiveOptions } from './objectives.js';
export { assertFiniteState, runOptimizer, type CheckpointHandler, type RunOptions } from './run.js';
export { rngInt, rngUint32, rngUniform, seedRng, shuffleInPlace } from './rng.js';
export { sgd, type SgdOptions, type SgdState } from './sgd.js';
export { heavyBall, type HeavyBallOptions, type HeavyBallState } from './heavy-ball.js';
export { nesterov, type NesterovOptions, type NesterovState } from './nesterov.js';
export { adagrad, type AdaGradOptions, type AdaGradState } from './adagrad.js';
export { rmsprop, type RmsPropOptions, type RmsPropState } from './rmsprop.js';
export { adam, type AdamOptions, type AdamState } from './adam.js';
export { signDescent, type SignDescentOptions, type SignDescentState } from './sign-descent.js';
export { coordinateDescent, type CoordinateDescentOptions, type CoordinateDescentState } from './coordinate-descent.js';
export { adaboost, type AdaBoostOptions, type AdaBoostState } from './adaboost.js';
export { perceptron, perceptronConverged, type PerceptronOptions, type PerceptronState } from './perceptron.js';
export { normalizedGd, type NormalizedGdOptions, type NormalizedGdState } from './normalized-gd.js';

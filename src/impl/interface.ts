/**
 * The interface an implementation under test fulfils. A module (TypeScript or JavaScript) exports
 *
 *     export const name = 'my-optimizers';            // optional, shown in reports
 *     export const optimizers = { gd, adam, … };      // factories, keyed by role
 *
 * Each factory takes the hyperparameters the claim chooses (always `eta`, the step size; for momentum methods
 * `momentum`, for Adam `beta1`, `beta2`, `eps`, …) and returns an optimizer as an init/update pair over
 * Float64Array (src/optimizers/types.ts). The roles of this project's classification claims take, besides `eta`:
 * `signDescent` and `coordinateDescent` a `decayPower` p (η_t = η/(t+1)^p), `coordinateDescent` a `lineSearch`
 * ('armijo' | 'fixed'), `normalizedGd` a `decayPower` (step η_t∇F/F, with ∇F/F read from `obj.logValueAndGrad`
 * when the objective provides it, so that it never underflows); their update rules are claims/update-rules/.
 *
 *
 *     init(w0, obj)      copy w0 into a state record { w, t, … } and allocate the buffers the method needs;
 *     update(state, obj) one step in place on state.w: read the gradient with obj.valueAndGrad(w, g) (or
 *                        obj.gradBatch for stochastic methods), never write to w0, to the data or to obj.
 *
 * The harness owns the loop: it calls update `t` times, records state.w at geometric checkpoints, checks that
 * w stays finite and of the right length, that the inputs were not mutated, and that the run keeps to its time
 * limit. A fault is the verdict "error" naming the fault — never "violated" or "confirmed".
 */
import type { Optimizer, OptState, ProblemSpec } from '../optimizers/types.js';

/** The roles an implementation can fill; each claim says which roles it exercises. */
export const ROLES = [
  'gd',
  'sgd',
  'heavyBall',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adam',
  'signDescent',
  'coordinateDescent',
  'adaboost',
  'perceptron',
  'normalizedGd',
  // ---- issue 13 (group G) ----
  'mirrorDescent',
] as const;
export type OptimizerRole = (typeof ROLES)[number];

/** Hyperparameters a claim passes to a factory. */
export type Hyper = { eta: number } & Record<string, number | string | boolean>;

/** A factory of optimizers of one role. */
export type OptimizerFactory = (hyper: Hyper) => Optimizer<OptState>;

/** An implementation under test: a name and factories by role. */
export interface Implementation {
  name: string;
  /**
   * The arithmetic of the updates (default 'float64'). Claims that compare an implementation's steps with an
   * update rule (claims/update-rules/) allow the rounding of this precision; a module declares
   * `export const precision = 'float32'` when it computes in float32 (as TensorFlow.js does).
   */
  precision?: 'float64' | 'float32';
  optimizers: Partial<Record<OptimizerRole, OptimizerFactory>>;
  /**
   * Optional: a whole run at once. Given a role, its hyperparameters, a describable objective (ProblemSpec), w0 and
   * increasing step counts, return the iterates w_t at those t — the same iterates `steps` calls of update would
   * give — or undefined to decline (the harness then runs the factory step by step). The harness delegates a run
   * here when it needs only checkpoints, not every step (not for the update-rule claims): a protocol child of
   * version 2 (docs/protocol.md) or a module computing its own gradients saves a call per step.
   */
  runBatched?: BatchedRun;
  /**
   * Optional: several whole runs at once (each as for runBatched), e.g. stacked into one array program; one result
   * per request, in order: the iterates, an Error for a run that failed, or undefined to decline it. The harness
   * sends the runs a property will need before it runs them (src/experiments/gd-prefetch.ts).
   */
  runBatchedMany?: BatchedRuns;
  /**
   * Terms of a ProblemSpec beyond the lectures' two objectives that the batched hooks handle: 'l2' (weight decay,
   * F + (λ/2)‖w‖²). A problem with a term the implementation does not list is run step by step.
   */
  extensions?: readonly Extension[];
}

/**
 * What a batched implementation may be asked beyond the lectures' objectives: 'l2' (a problem's weight decay),
 * 'schedule' (a run's step schedule, as src/impl/step-schedule.ts's withStepSchedule: the role runs with its hyper
 * and each step Δ_t is scaled, w_{t+1} = w_t + η(t+1)^{−power} Δ_t) , 'projection' (after every update, after the
 * schedule, w ← w·min(1, r/‖w‖), as src/impl/wrappers.ts's withProjection; ‖w‖ = √(Σ_k w_k²) summed in index order)
 * and 'crossEntropy' (problems of that kind: multi-class softmax cross-entropy, src/optimizers/types.ts ProblemSpec).
 */
export const EXTENSIONS = ['l2', 'schedule', 'projection', 'crossEntropy'] as const;
export type Extension = (typeof EXTENSIONS)[number];
export interface StepSchedule {
  readonly eta: number;
  readonly power: number;
}

/** One run of runBatchedMany. */
export interface BatchedRequest {
  readonly role: OptimizerRole;
  readonly hyper: Hyper;
  readonly problem: ProblemSpec;
  readonly w0: Float64Array;
  readonly checkpoints: readonly number[];
  readonly schedule?: StepSchedule;
  /** the radius r of the projection after every update (extension 'projection') */
  readonly projection?: number;
}
export type BatchedRuns = (runs: readonly BatchedRequest[]) => (Float64Array[] | Error | undefined)[];

export type BatchedRun = (role: OptimizerRole, hyper: Hyper, problem: ProblemSpec, w0: Float64Array, checkpoints: readonly number[], schedule?: StepSchedule, projection?: number) => Float64Array[] | undefined;

/**
 * Running an optimizer for a number of steps with a cheap finiteness guard: the state (every Float64Array and
 * number field) is checked at t = 0, at geometric checkpoints t = 1, 2, 4, … (×`ratio`) and at the end — not at
 * every step, so a NaN is reported within a factor `ratio` of the step where it appeared, at O(log steps) cost.
 */
import { NumericalError } from '../harness/errors.js';
import type { Objective, OptState, Optimizer } from './types.js';

export interface RunOptions {
  /** growth factor of the checkpoint schedule, > 1; default 2 */
  ratio?: number;
}

/** Called at each checkpoint after the finiteness check; returning false stops the run there. */
export type CheckpointHandler<S extends OptState> = (state: S) => boolean | void;

/**
 * init(w0, obj), then `steps` updates; returns the final state. Throws NumericalError naming the optimizer, the
 * field, and the interval of steps in which a non-finite value appeared.
 * @example runOptimizer(adam({ eta: 1e-2 }), leastSquaresObjective(X, y), new Float64Array(5), 1000).w
 */
export function runOptimizer<S extends OptState>(
  opt: Optimizer<S>,
  obj: Objective,
  w0: Float64Array,
  steps: number,
  onCheckpoint?: CheckpointHandler<S>,
  options: RunOptions = {},
): S {
  if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`runOptimizer: steps must be an integer ≥ 0, got ${steps}`);
  const ratio = options.ratio ?? 2;
  if (!(ratio > 1 && Number.isFinite(ratio))) throw new RangeError(`runOptimizer: ratio must be > 1, got ${ratio}`);
  const state = opt.init(w0, obj);
  assertFiniteState(opt.name, state, 0);
  let last = 0;
  let next = 1;
  while (state.t < steps) {
    const stop = Math.min(next, steps);
    while (state.t < stop) opt.update(state, obj);
    assertFiniteState(opt.name, state, last);
    if (onCheckpoint && onCheckpoint(state) === false) return state;
    last = state.t;
    next = Math.max(next + 1, Math.ceil(next * ratio));
  }
  return state;
}

/**
 * Throws NumericalError if any Float64Array or number field of the state is NaN or ±Infinity. `since` is the
 * last step at which the state was known finite (it goes into the message).
 */
export function assertFiniteState(name: string, state: OptState, since: number): void {
  const rec = state as unknown as Record<string, unknown>;
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    if (v instanceof Float64Array) {
      for (let k = 0; k < v.length; k++)
        if (!Number.isFinite(v[k])) throw nonFinite(name, state.t, since, `${key}[${k}] = ${v[k]}`);
    } else if (typeof v === 'number' && !Number.isFinite(v)) {
      throw nonFinite(name, state.t, since, `${key} = ${v}`);
    }
  }
}

function nonFinite(name: string, t: number, since: number, what: string): NumericalError {
  const when = t === 0 ? 'at initialization' : `at step ${t} (finite at step ${since})`;
  return new NumericalError(`${name}: non-finite state ${when}: ${what}`);
}

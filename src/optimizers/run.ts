/**
 * Running an optimizer for a number of steps with a cheap finiteness guard: the state (every Float64Array and
 * number field) is checked at t = 0, at geometric checkpoints t = 1, 2, 4, … (×`ratio`) and at the end — not at
 * every step, so a NaN is reported within a factor `ratio` of the step where it appeared, at O(log steps) cost.
 */
import { NumericalError } from '../harness/errors.js';
import { assertCheckpoints, runCheckpoints } from './checkpoints.js';
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
  const checkpoints = runCheckpoints(steps, options.ratio ?? 2);
  const state = opt.init(w0, obj);
  assertFiniteState(opt.name, state, 0);
  let last = 0;
  advanceThrough(opt, state, obj, checkpoints, (t, s) => {
    assertFiniteState(opt.name, s, last);
    if (onCheckpoint && onCheckpoint(s) === false) return false;
    last = t;
  });
  return state;
}

/**
 * The one checkpoint loop (runOptimizer here, traceRole in src/impl/trace-role.ts): updates an initialized state up to
 * the last checkpoint, calling visit(t, state) at each — t is our own count of updates (an implementation's state.t is
 * not trusted) — and stops early where a visit returns false. Allocates nothing. Returns the number of updates made.
 * The checkpoints must be strictly increasing whole numbers ≥ 1 (RangeError otherwise: the loop would not end).
 */
export function advanceThrough<S extends OptState>(opt: Optimizer<S>, state: S, obj: Objective, checkpoints: readonly number[], visit: (t: number, state: S) => boolean | void): number {
  assertCheckpoints(checkpoints);
  let t = 0;
  for (let next = 0; next < checkpoints.length; ) {
    opt.update(state, obj);
    if (++t !== checkpoints[next]) continue;
    next++;
    if (visit(t, state) === false) break;
  }
  return t;
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

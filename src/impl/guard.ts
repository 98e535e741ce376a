import type { Objective, OptState, Optimizer } from '../optimizers/types.js';
import { ImplementationError, implTimeLimitMs } from './faults.js';
import type { Hyper, OptimizerFactory, OptimizerRole } from './interface.js';

/** Steps between two reads of the clock (the time limit is checked at this granularity). */
const CLOCK_EVERY = 1024;

/** An optimizer of an implementation under test, with the checks of the contract around every call. */
export interface GuardedOptimizer extends Optimizer<OptState> {
  /**
   * Throws ImplementationError('mutation') if w0 or any protected array (the data) changed since `init`.
   * Call it at the end of a run, before measuring anything.
   */
  verifyInputs(): void;
}

/**
 * Wraps a factory of an implementation under test so that every way it can break the contract of
 * src/optimizers/types.ts is a named fault (ImplementationError), never a wrong measurement:
 * - the factory, init or update throws → 'threw' (with the step);
 * - state.w is not a Float64Array of the objective's dimension, or aliases w0 → 'shape' / 'mutation';
 * - state.w holds NaN or ±Infinity after a step → 'non-finite' (checked every step: O(d), against the O(nd)
 *   gradient it is cheap);
 * - w0 or the data changed → 'mutation' (checked by verifyInputs at the end of the run, and by update itself at
 *   steps 1, 2, 4, 8, …, so a caller that drives the loop itself and forgets verifyInputs still sees it:
 *   O(nd log T) over T steps);
 * - the run exceeds the time limit → 'timeout' (checked every CLOCK_EVERY steps; an update that never returns
 *   is caught only by the isolated runner, src/impl/isolate.ts, which terminates the process).
 *
 * @example const opt = guardedOptimizer(impl.optimizers.gd!, 'mine', 'gd', { eta: 0.5 }, [ds.Z]);
 */
export function guardedOptimizer(factory: OptimizerFactory, implName: string, role: OptimizerRole, hyper: Hyper, protect: Float64Array[] = [], options: { timeLimitMs?: number } = {}): GuardedOptimizer {
  const who = `${implName} ${role}`;
  const fault = (kind: ConstructorParameters<typeof ImplementationError>[0], what: string, e?: unknown) =>
    new ImplementationError(kind, `${who}: ${what}${e === undefined ? '' : `: ${e instanceof Error ? e.message : String(e)}`}`);
  let inner: Optimizer<OptState>;
  try {
    inner = factory(hyper);
  } catch (e) {
    throw fault('threw', `the factory threw for ${JSON.stringify(hyper)}`, e);
  }
  if (!inner || typeof inner.init !== 'function' || typeof inner.update !== 'function')
    throw fault('shape', 'the factory did not return an optimizer { init, update }');
  let w0Ref: Float64Array | null = null;
  let w0Copy: Float64Array | null = null;
  const protectCopies = protect.map((a) => Float64Array.from(a));
  let dim = 0;
  let started = 0;
  let steps = 0;
  let nextVerify = 1;
  const limit = options.timeLimitMs ?? implTimeLimitMs();
  const checkW = (s: OptState, when: string) => {
    const w = s?.w as unknown;
    if (!(w instanceof Float64Array) || w.length !== dim)
      throw fault('shape', `${when} state.w is ${w instanceof Float64Array ? `Float64Array(${w.length})` : ((w as object)?.constructor?.name ?? typeof w)}, expected Float64Array(${dim})`);
    for (let k = 0; k < dim; k++) if (!Number.isFinite(w[k])) throw fault('non-finite', `w[${k}] = ${w[k]} ${when}`);
  };
  function verifyInputs(): void {
    if (w0Ref && w0Copy) for (let k = 0; k < w0Copy.length; k++) if (!Object.is(w0Ref[k], w0Copy[k])) throw fault('mutation', `mutated its input w0 (w0[${k}] changed from ${w0Copy[k]} to ${w0Ref[k]})`);
    protect.forEach((a, j) => {
      const c = protectCopies[j];
      for (let k = 0; k < c.length; k++) if (!Object.is(a[k], c[k])) throw fault('mutation', `mutated the data (element ${k} changed from ${c[k]} to ${a[k]})`);
    });
  }
  return {
    name: `${implName}:${inner.name ?? role}`,
    params: inner.params ?? {},
    init(w0: Float64Array, obj: Objective) {
      dim = obj.dim;
      w0Ref = w0;
      w0Copy = Float64Array.from(w0);
      started = performance.now();
      steps = 0;
      nextVerify = 1;
      let s: OptState;
      try {
        s = inner.init(w0, obj);
      } catch (e) {
        if (e instanceof ImplementationError) throw e; // already named (an adapter's protocol or timeout fault)
        throw fault('threw', 'init threw', e);
      }
      checkW(s, 'after init');
      if (s.w === w0) throw fault('mutation', 'init returned state.w aliasing w0, so every update would mutate its input w0 (init must copy it)');
      return s;
    },
    update(s: OptState, obj: Objective) {
      steps++;
      try {
        inner.update(s, obj);
      } catch (e) {
        if (e instanceof ImplementationError) throw e;
        throw fault('threw', `update threw at step ${steps}`, e);
      }
      checkW(s, `after step ${steps}`);
      if (steps === nextVerify) {
        nextVerify *= 2;
        verifyInputs();
      }
      if (steps % CLOCK_EVERY === 0 && performance.now() - started > limit)
        throw fault('timeout', `exceeded the time limit of ${(limit / 1000).toFixed(0)} s at step ${steps} (${((performance.now() - started) / steps * 1000).toFixed(1)} µs per step)`);
    },
    verifyInputs,
  };
}

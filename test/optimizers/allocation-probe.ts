/**
 * Child process of check_no_allocation_per_step (contract.test.ts): runs one optimizer on one target and reports
 * the garbage collections and the heap growth over windows of updates, measured once `update` is optimized code.
 *
 * Load independence. The parent starts it as `node --predictable --allow-natives-syntax allocation-probe.cjs`:
 * - `--predictable` runs V8 single-threaded (no background compilation, no concurrent/parallel GC) and turns off
 *   its timer-driven heuristics, so optimized code is installed synchronously, at points fixed by the bytecodes
 *   executed rather than by when a background thread got CPU time. Before this, on a loaded machine the optimizing
 *   compiler came late, the windows ran interpreted code that boxes doubles, and the test failed under CI load.
 * - `%PrepareFunctionForOptimization` / `%OptimizeFunctionOnNextCall` force TurboFan on `update`, the objective's
 *   `valueAndGrad` and the measured loop after the warm-up, and the probe reports whether `update` is still
 *   optimized code after the windows (`%GetOptimizationStatus`).
 * - TypeScript is loaded by tsx's in-thread CommonJS hook (allocation-probe.cjs): tsx's ESM loader runs on a hooks
 *   thread whose messages added 0.2–0.27 MB to the first window of a third of the probes run in parallel.
 * - GCs are counted with v8.GCProfiler (synchronous start/stop), not timestamps; nothing here reads a clock.
 * What the probe measures is then a function of the program alone: the same numbers on a quiet or a busy machine.
 * A fresh process also keeps every call site monomorphic (see the controls below for what allocation looks like).
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import type { AnyOptimizer, OptState } from '../../src/optimizers/types.js';
import { TABLE } from './table.js';
import { ALLOCATING_CONTROL, BOXING_CONTROL, type ProbeRequest, type ProbeResult } from './probe-protocol.js';
import { TARGETS } from './targets.js';

/** Negative control: GD that allocates its gradient buffer at every step (seen as garbage collections). */
const allocatingGd: AnyOptimizer = {
  name: ALLOCATING_CONTROL,
  params: {},
  init: (w0: Float64Array): OptState => ({ w: Float64Array.from(w0), t: 0 }),
  update(s: OptState, obj) {
    const g = new Float64Array(s.w.length);
    obj.valueAndGrad(s.w, g);
    for (let k = 0; k < g.length; k++) s.w[k] -= 0.01 * g[k];
    s.t++;
  },
};

/** Negative control: GD that keeps F(w_t) in a fresh two-field object at every step, a few dozen bytes (seen as heap growth). */
const sink: { last: { value: number; t: number } | null } = { last: null };
const boxingGd: AnyOptimizer = {
  name: BOXING_CONTROL,
  params: {},
  init: (w0: Float64Array): OptState & { g: Float64Array } => ({ w: Float64Array.from(w0), t: 0, g: new Float64Array(w0.length) }),
  update(s: OptState, obj) {
    const { g } = s as OptState & { g: Float64Array };
    sink.last = { value: obj.valueAndGrad(s.w, g), t: s.t };
    for (let k = 0; k < g.length; k++) s.w[k] -= 0.01 * g[k];
    s.t++;
  },
};
const CONTROLS: Record<string, AnyOptimizer> = { [ALLOCATING_CONTROL]: allocatingGd, [BOXING_CONTROL]: boxingGd };

// V8 intrinsics (the parent passes --allow-natives-syntax); built with Function so the TypeScript loader never parses `%`.
type Fn = (...a: never[]) => unknown;
const prepare = new Function('f', '%PrepareFunctionForOptimization(f);') as (f: Fn) => void;
const optimizeNext = new Function('f', '%OptimizeFunctionOnNextCall(f);') as (f: Fn) => void;
const status = new Function('f', 'return %GetOptimizationStatus(f);') as (f: Fn) => number;
/** Bit of %GetOptimizationStatus meaning "TurboFan code" (V8 11: kTurboFanned = 1 << 6). */
const TURBOFANNED = 1 << 6;

const req = JSON.parse(process.argv[2]) as ProbeRequest;
const entry = TABLE.find((e) => e.label === req.label);
const opt = entry ? entry.make(1) : CONTROLS[req.label];
if (!opt) throw new Error(`allocation-probe: no optimizer labelled ${req.label}`);
const target = TARGETS[req.target]();
const obj = target.objective(target.data);
const s = opt.init(new Float64Array(target.dim), obj);
const update = opt.update as Fn;
const grad = obj.valueAndGrad as Fn;
/** The measured loop lives in a function of its own, optimized like update (a loop in module code is OSR-compiled mid-window). */
function steps(n: number): void {
  for (let i = 0; i < n; i++) opt.update(s, obj);
}
for (const f of [update, grad, steps as Fn]) prepare(f);
steps(req.warmup);
for (const f of [update, grad, steps as Fn]) optimizeNext(f);
steps(1);

const windows: ProbeResult['windows'] = [];
for (let w = 0; w < req.windows; w++) {
  const profiler = new GCProfiler();
  profiler.start();
  const h0 = getHeapStatistics().used_heap_size;
  steps(req.steps);
  const h1 = getHeapStatistics().used_heap_size;
  const gcs = profiler.stop()?.statistics.length ?? 0;
  windows.push({ gcs, heapGrowth: h1 - h0 });
}
const result: ProbeResult = { windows, t: s.t, optimized: (status(update) & TURBOFANNED) !== 0 };
process.stdout.write(JSON.stringify(result));

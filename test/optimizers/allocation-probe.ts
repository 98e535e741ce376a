/**
 * Worker script of check_no_allocation_per_step (contract.test.ts): runs one optimizer on one target in a fresh
 * isolate and reports the garbage collections and the heap growth over a window of updates. A fresh isolate
 * keeps every call site monomorphic, so the measurement sees what update allocates, not the HeapNumbers V8 boxes
 * at call boundaries it declined to inline in a process that has run many other optimizers and losses.
 *
 * The updates are measured in `req.windows` consecutive windows and each window is reported: code that the
 * optimizing compiler installs late (on a loaded machine, after the warm-up) lands in one window, whereas an
 * allocation per step recurs in every window.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
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

const req = workerData as ProbeRequest;
const entry = TABLE.find((e) => e.label === req.label);
const opt = entry ? entry.make(1) : CONTROLS[req.label];
if (!opt) throw new Error(`allocation-probe: no optimizer labelled ${req.label}`);
const target = TARGETS[req.target]();
const obj = target.objective(target.data);
const s = opt.init(new Float64Array(target.dim), obj);
for (let i = 0; i < req.warmup; i++) opt.update(s, obj);

const gcStarts: number[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcStarts.push(e.startTime);
});
observer.observe({ entryTypes: ['gc'] });
await new Promise((r) => setTimeout(r, 20));
const spans: { t0: number; t1: number; heapGrowth: number }[] = [];
for (let w = 0; w < req.windows; w++) {
  const t0 = performance.now();
  const h0 = getHeapStatistics().used_heap_size;
  for (let i = 0; i < req.steps; i++) opt.update(s, obj);
  const h1 = getHeapStatistics().used_heap_size;
  spans.push({ t0, t1: performance.now(), heapGrowth: h1 - h0 });
}
await new Promise((r) => setTimeout(r, 20));
observer.disconnect();
const result: ProbeResult = {
  windows: spans.map(({ t0, t1, heapGrowth }) => ({ gcs: gcStarts.filter((t) => t >= t0 && t <= t1).length, heapGrowth })),
  t: s.t,
};
parentPort!.postMessage(result);

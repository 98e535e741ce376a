/**
 * Worker script of check_no_allocation_per_step (contract.test.ts): runs one optimizer on one target in a fresh
 * isolate and reports the garbage collections and the heap growth over a window of updates. A fresh isolate
 * keeps every call site monomorphic, so the measurement sees what update allocates, not the HeapNumbers V8 boxes
 * at call boundaries it declined to inline in a process that has run many other optimizers and losses.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { AnyOptimizer, OptState } from '../../src/optimizers/types.js';
import { TABLE } from './table.js';
import { ALLOCATING_CONTROL, type ProbeRequest, type ProbeResult } from './probe-protocol.js';
import { TARGETS } from './targets.js';

/** The negative control: GD that allocates its gradient buffer at every step. The probe must report it. */
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


const req = workerData as ProbeRequest;
const entry = TABLE.find((e) => e.label === req.label);
if (!entry && req.label !== ALLOCATING_CONTROL) throw new Error(`allocation-probe: no optimizer labelled ${req.label}`);
const target = TARGETS[req.target]();
const opt = entry ? entry.make(1) : allocatingGd;
const obj = target.objective(target.data);
const s = opt.init(new Float64Array(target.dim), obj);
for (let i = 0; i < req.warmup; i++) opt.update(s, obj);

const gcStarts: number[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcStarts.push(e.startTime);
});
observer.observe({ entryTypes: ['gc'] });
await new Promise((r) => setTimeout(r, 20));
const t0 = performance.now();
const h0 = getHeapStatistics().used_heap_size;
for (let i = 0; i < req.steps; i++) opt.update(s, obj);
const h1 = getHeapStatistics().used_heap_size;
const t1 = performance.now();
await new Promise((r) => setTimeout(r, 20));
observer.disconnect();
const result: ProbeResult = { gcs: gcStarts.filter((t) => t >= t0 && t <= t1).length, heapGrowth: h1 - h0, t: s.t };
parentPort!.postMessage(result);

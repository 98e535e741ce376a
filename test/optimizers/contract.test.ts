/**
 * The contract every optimizer of the table fulfils, on every target it lists (one `check_*` function per
 * property, run by one generic loop; a test id is `<check> [<optimizer>, <target>]`).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/harness/errors.js';
import { runOptimizer } from '../../src/optimizers/run.js';
import type { AnyOptimizer, OptState } from '../../src/optimizers/types.js';
import { ALLOCATING_CONTROL, BOXING_CONTROL, type ProbeRequest, type ProbeResult, type ProbeWindow } from './probe-protocol.js';
import { TABLE, type TableEntry } from './table.js';
import { TARGETS, type Target } from './targets.js';

/** Steps after which determinism and input integrity are compared: long enough for SGD to start a second epoch. */
const SHORT_RUN = 500;
/** Warm-up before the allocation windows: type feedback for update, after which the probe forces TurboFan on it. */
const WARMUP_STEPS = 20_000;
/** Length of one allocation window (warm-up + windows stay under 1.2e5 steps, which normalized GD survives on every target). */
const MEASURED_STEPS = 33_000;
/** Consecutive windows measured; every one is judged (see check_no_allocation_per_step). */
const WINDOWS = 3;
/**
 * Heap growth allowed over a window. The smallest allocation V8 can make is a 16-byte HeapNumber, so one per
 * step is 528 KB per window; a Float64Array per step is ≥ 3 MB and also shows up as garbage collections, which
 * must be zero. With compilation synchronous and forced (allocation-probe.ts), allocation-free updates measure
 * 9,448 B in the first window (the GC profiler's own records) and 600 B in the next ones, the same on a quiet and on
 * a loaded machine. 64 KB is 2 bytes per step: one HeapNumber every 8 steps would be seen.
 */
const HEAP_GROWTH_BOUND = 64 * 1024;

const zeros = (d: number) => new Float64Array(d);
/** A fixed non-zero start, so "w0 is not mutated" means something. */
const start = (d: number) => new Float64Array(d).map((_, k) => 0.05 * (k + 1) * (k % 2 ? -1 : 1));

/** Every typed-array field of a state, by key. */
function buffersOf(s: OptState): Map<string, ArrayBufferView> {
  const out = new Map<string, ArrayBufferView>();
  for (const [k, v] of Object.entries(s)) if (ArrayBuffer.isView(v)) out.set(k, v);
  return out;
}

/** Same seed → the same iterate and the same state, bit for bit; for stochastic methods another seed → another iterate. */
function check_same_seed_same_iterates(entry: TableEntry, target: Target): void {
  const run = (seed: number) => runOptimizer(entry.make(seed), target.objective(target.data), start(target.dim), SHORT_RUN);
  const a = run(42);
  const b = run(42);
  for (const [key, buf] of buffersOf(a)) {
    const other = (b as unknown as Record<string, ArrayBufferView>)[key];
    expect(Buffer.from(other.buffer, other.byteOffset, other.byteLength).equals(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)),
      `${entry.label} [${target.name}]: state.${key} differs between two runs with seed 42`).toBe(true);
  }
  for (const [key, v] of Object.entries(a)) if (typeof v === 'number') expect(Object.is((b as unknown as Record<string, number>)[key], v), `state.${key}`).toBe(true);
  if (entry.stochastic) {
    const c = run(43);
    expect(Array.from(c.w), `${entry.label}: seeds 42 and 43 gave the same iterate; is the seed used?`).not.toEqual(Array.from(a.w));
  }
}

/** w0 and the data buffers are read, never written; the state owns copies. */
function check_inputs_not_mutated(entry: TableEntry, target: Target): void {
  const w0 = start(target.dim);
  const w0Copy = Float64Array.from(w0);
  const dataCopies = target.data.map((b) => Float64Array.from(b));
  const s = runOptimizer(entry.make(1), target.objective(target.data), w0, SHORT_RUN);
  expect(Array.from(w0), `${entry.label}: w0 was written`).toEqual(Array.from(w0Copy));
  target.data.forEach((b, i) => expect(Array.from(b), `${entry.label}: data buffer ${i} was written`).toEqual(Array.from(dataCopies[i])));
  expect(s.w.buffer, `${entry.label}: state.w shares w0's memory`).not.toBe(w0.buffer);
  for (const buf of buffersOf(s).values())
    for (const d of target.data) expect(buf.buffer, `${entry.label}: a state buffer aliases the data`).not.toBe(d.buffer);
}

/** update() keeps the buffers allocated by init: the same objects after many steps. */
function check_buffers_allocated_once(entry: TableEntry, target: Target): void {
  const opt: AnyOptimizer = entry.make(1);
  const obj = target.objective(target.data);
  const s = opt.init(zeros(target.dim), obj);
  const before = buffersOf(s);
  for (let i = 0; i < 5000; i++) opt.update(s, obj);
  const after = buffersOf(s);
  expect([...after.keys()]).toEqual([...before.keys()]);
  for (const [key, buf] of before) expect(after.get(key) === buf, `${entry.label}: state.${key} was replaced by update`).toBe(true);
  expect(s.t).toBe(5000);
}

/**
 * No allocation per step, measured in a child process (allocation-probe.ts) whose compilation does not depend on
 * CPU load: V8 runs in predictable, single-threaded mode (optimized code is installed synchronously, at points fixed by the bytecode
 * executed) and the probe forces TurboFan on update after a warm-up. Then every one of three windows of 33,000
 * updates must show zero garbage collections (an allocation of a Float64Array per step fills the young
 * generation and triggers scavenges) and under 64 KB of heap growth (2 bytes per step), with update still
 * optimized at the end. The same probe reports two allocating controls (below), so a pass is not an artefact
 * of a blind probe.
 */
async function check_no_allocation_per_step(entry: TableEntry, target: Target): Promise<void> {
  const r = await probe({ label: entry.label, target: target.name, warmup: WARMUP_STEPS, steps: MEASURED_STEPS, windows: WINDOWS });
  expect(r.t).toBe(WARMUP_STEPS + 1 + WINDOWS * MEASURED_STEPS);
  expect(r.optimized, `${entry.label} [${target.name}]: update is not optimized code after the windows (deoptimized?)`).toBe(true);
  const all = r.windows.map((w) => `${w.gcs} GC, +${w.heapGrowth} B`).join('; ');
  for (const w of r.windows) {
    expect(w.gcs, `${entry.label} [${target.name}]: garbage collections in a window of ${MEASURED_STEPS} updates (${all}): update allocates`).toBe(0);
    expect(w.heapGrowth, `${entry.label} [${target.name}]: heap grew in a window of ${MEASURED_STEPS} updates (${all})`).toBeLessThan(HEAP_GROWTH_BOUND);
  }
}

/** A window that shows allocation: a garbage collection, or heap growth at the bound. */
const allocates = (w: ProbeWindow) => w.gcs > 0 || w.heapGrowth >= HEAP_GROWTH_BOUND;

const PROBE = fileURLToPath(new URL('./allocation-probe.cjs', import.meta.url));
/** V8 flags that make the probe's compilation independent of load (see allocation-probe.ts). */
const PROBE_FLAGS = ['--predictable', '--allow-natives-syntax'];

function probe(req: ProbeRequest): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...PROBE_FLAGS, PROBE, JSON.stringify(req)], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`allocation probe failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as ProbeResult);
    });
  });
}

/** A NaN in the data ends the run with a NumericalError naming the optimizer, never with a silently finite result. */
function check_nan_in_data_is_reported(entry: TableEntry, target: Target): void {
  const data = target.data.map((b) => Float64Array.from(b));
  data[0][1] = NaN;
  expect(() => runOptimizer(entry.make(1), target.objective(data), zeros(target.dim), 2000)).toThrowError(
    expect.objectContaining({ name: 'NumericalError', message: expect.stringContaining(entry.make(1).name) }),
  );
}

/** A NaN written into the state mid-run is reported (at the next checkpoint or by the update itself). */
function check_nan_in_state_is_reported(entry: TableEntry, target: Target): void {
  let thrown: unknown;
  try {
    runOptimizer(entry.make(1), target.objective(target.data), zeros(target.dim), 2000, (s) => {
      if (s.t === 8) s.w[0] = NaN;
    });
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `${entry.label} [${target.name}]: a NaN in w was not reported`).toBeInstanceOf(NumericalError);
  expect((thrown as Error).message).toMatch(/step \d+/);
}

const CHECKS: [string, (e: TableEntry, t: Target) => void][] = [
  ['check_same_seed_same_iterates', check_same_seed_same_iterates],
  ['check_inputs_not_mutated', check_inputs_not_mutated],
  ['check_buffers_allocated_once', check_buffers_allocated_once],
  ['check_nan_in_data_is_reported', check_nan_in_data_is_reported],
  ['check_nan_in_state_is_reported', check_nan_in_state_is_reported],
];

describe('optimizer contract', () => {
  for (const entry of TABLE)
    for (const targetName of entry.targets)
      for (const [checkName, check] of CHECKS)
        it(`${checkName} [${entry.label}, ${targetName}]`, () => check(entry, TARGETS[targetName]()));
});

// Each allocation probe is a child process of its own (~1 s, mostly loading TypeScript); they run five at a time.
describe.concurrent('optimizer contract: allocation', () => {
  for (const entry of TABLE)
    for (const targetName of entry.targets)
      it(`check_no_allocation_per_step [${entry.label}, ${targetName}]`, () => check_no_allocation_per_step(entry, TARGETS[targetName]()));

  it('the allocation probe sees a control that allocates one gradient buffer per step (GCs in every window)', async () => {
    const r = await probe({ label: ALLOCATING_CONTROL, target: 'least-squares', warmup: WARMUP_STEPS, steps: MEASURED_STEPS, windows: WINDOWS });
    expect(r.optimized).toBe(true);
    for (const w of r.windows) expect(w.gcs, `control: ${JSON.stringify(r.windows)}`).toBeGreaterThan(0);
  });

  it('the allocation probe sees a control that allocates one small object per step (GCs or growth ≥ bound in every window)', async () => {
    const r = await probe({ label: BOXING_CONTROL, target: 'least-squares', warmup: WARMUP_STEPS, steps: MEASURED_STEPS, windows: WINDOWS });
    expect(r.optimized).toBe(true);
    for (const w of r.windows) expect(allocates(w), `control: ${JSON.stringify(r.windows)}`).toBe(true);
  });
});

describe('optimizer contract: long runs', () => {
  it('every optimizer survives its targets for 1.19e5 steps (warm-up and allocation windows) with a finite state', () => {
    for (const entry of TABLE)
      for (const targetName of entry.targets) {
        const t = TARGETS[targetName]();
        expect(() => runOptimizer(entry.make(1), t.objective(t.data), zeros(t.dim), WARMUP_STEPS + 1 + WINDOWS * MEASURED_STEPS), `${entry.label} [${targetName}]`).not.toThrow();
      }
  });
});

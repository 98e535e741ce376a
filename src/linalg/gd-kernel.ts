/**
 * Fast alternative to runGd's fused gradient loop, g = Σ_i ℓ'(⟨w, z_i⟩) z_i over a point-major Z (n×d), for the
 * logistic, exponential and square losses of src/losses/loss.ts: a WebAssembly SIMD kernel (wasm/gd-kernel.wat),
 * optionally with the second half of the rows on a worker thread.
 *
 * Same update up to summation order:
 * - ℓ'(u) is bit-identical to loss.derivative(u) (the kernel's e^x is a lane-wise port of V8's fdlibm exp;
 *   checked bit for bit in test/optimizers/gd-kernels.test.ts);
 * - u_i = ⟨w, z_i⟩ is summed in two interleaved lanes (even / odd k) instead of left to right;
 * - the rows are split into two fixed blocks, [0, m) and [m, n) with m = 4⌈n/8⌉ (a function of n only), each
 *   accumulated in row order like the reference, and g = g_0 + g_1.
 * Deterministic: the blocks and the reduction order do not depend on whether block 1 runs on the calling thread or
 * on the worker, nor on timing, so the result is bit-identical run to run and with or without the worker.
 *
 * The worker is one persistent thread per process (unref'd: it never keeps the process alive), started on first
 * use; runGd stays synchronous: the calling thread computes block 0, the worker block 1, and a SharedArrayBuffer
 * with Atomics (spin, then wait) is the per-iteration barrier. If the worker cannot start, block 1 runs on the
 * calling thread (same bits).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { exponential, logistic, square } from '../losses/loss.js';
import { GD_KERNEL_DATA_BASE, GD_KERNEL_TILE, GD_KERNEL_WASM_BASE64 } from './wasm/gd-kernel.wasm.js';

/** Which gradient implementation runGd uses: 'auto' picks by loss and size; 'reference' is the plain loop. */
export type GdKernelChoice = 'auto' | 'reference' | 'wasm' | 'wasm-threads';

/** A gradient kernel bound to one dataset: gradient(w, g) overwrites g with Σ_i ℓ'(⟨w, z_i⟩) z_i. */
export interface GdGradient {
  readonly name: 'wasm' | 'wasm-2threads';
  gradient(w: Float64Array, g: Float64Array): void;
  /** frees the worker for other runs (the kernel must not be used after) */
  release(): void;
}

/** Below this n·d 'auto' keeps the reference loop (and always when n ≤ 20 and d ≤ 6, the sizes of the claims). */
export const WASM_MIN_ND = 512;
/** From this n·d on 'auto' puts block 1 on the worker (measured by `npm run bench`: below it the barrier costs more than it saves). */
export const THREADS_MIN_ND = 100_000;
/** 'auto' starts the worker only for runs of at least this many multiply-adds (n·d·horizon); once running it is reused. */
export const THREADS_MIN_WORK = 2e8;

const LOSS_CODES = new Map<(u: number) => number, number>([
  [logistic.derivative, 0],
  [exponential.derivative, 1],
  [square.derivative, 2],
]);

/** The kernel's code for a derivative function (identity, not name: only the project's own losses), or -1. */
export function kernelLossCode(derivative: (u: number) => number): number {
  return LOSS_CODES.get(derivative) ?? -1;
}

let wasmBytes: Uint8Array<ArrayBuffer> | undefined;
let wasmModule: WebAssembly.Module | null | undefined;

/** The assembled kernel bytes (decoded once). */
export function gdKernelBytes(): Uint8Array<ArrayBuffer> {
  wasmBytes ??= Uint8Array.from(Buffer.from(GD_KERNEL_WASM_BASE64, 'base64'));
  return wasmBytes;
}

/** The compiled kernel, or null where WebAssembly SIMD is unavailable. */
export function gdKernelModule(): WebAssembly.Module | null {
  if (wasmModule === undefined) {
    try {
      wasmModule = new WebAssembly.Module(gdKernelBytes());
    } catch {
      wasmModule = null;
    }
  }
  return wasmModule;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  grad(z: number, rows: number, d: number, w: number, g: number, loss: number): void;
  exp_block(x: number, y: number, m: number): void;
  deriv_block(u: number, c: number, m: number, loss: number): void;
}

/** A fresh instance of the kernel (its own memory). */
export function gdKernelInstance(): KernelExports {
  const mod = gdKernelModule();
  if (!mod) throw new Error('gd-kernel: WebAssembly SIMD is not available');
  return new WebAssembly.Instance(mod, {}).exports as unknown as KernelExports;
}

const align16 = (b: number) => (b + 15) & ~15;

/** Ensures the instance memory has at least `bytes`. */
function reserve(ex: KernelExports, bytes: number): void {
  const have = ex.memory.buffer.byteLength;
  if (bytes > have) ex.memory.grow(Math.ceil((bytes - have) / 65536));
}

/**
 * Copies rows [rowStart, rowStart + rows) of the point-major Z into `out` in the kernel's packed layout: tiles of
 * GD_KERNEL_TILE rows, each as (for every column pair k, k+1) z_0k z_0,k+1 z_1k z_1,k+1 …, then (d odd) the last
 * column z_0,d−1 z_1,d−1 …; the remaining rows row-major. Only the memory order changes, not the values.
 */
export function packRows(Z: Float64Array, rowStart: number, rows: number, d: number, out: Float64Array): void {
  const R = GD_KERNEL_TILE;
  const tiles = Math.floor(rows / R);
  let o = 0;
  for (let t = 0; t < tiles; t++) {
    const base = (rowStart + t * R) * d;
    for (let k = 0; k + 1 < d; k += 2) {
      for (let r = 0; r < R; r++) {
        out[o++] = Z[base + r * d + k];
        out[o++] = Z[base + r * d + k + 1];
      }
    }
    if (d % 2 === 1) for (let r = 0; r < R; r++) out[o++] = Z[base + r * d + d - 1];
  }
  const rest = (rowStart + tiles * R) * d;
  out.set(Z.subarray(rest, (rowStart + rows) * d), o);
}

/** One block of rows held in a kernel instance: layout [constants | w | g | packed rows], 16-byte aligned. */
class Block {
  private readonly ex: KernelExports;
  private readonly wOff: number;
  private readonly gOff: number;
  private readonly zOff: number;
  private mw!: Float64Array;
  private mg!: Float64Array;
  constructor(Z: Float64Array, rowStart: number, readonly rows: number, private readonly d: number, private readonly loss: number) {
    this.ex = gdKernelInstance();
    this.wOff = GD_KERNEL_DATA_BASE;
    this.gOff = this.wOff + align16(d * 8);
    this.zOff = this.gOff + align16(d * 8);
    reserve(this.ex, this.zOff + rows * d * 8);
    packRows(Z, rowStart, rows, d, new Float64Array(this.ex.memory.buffer, this.zOff, rows * d));
    this.views();
  }
  private views(): void {
    this.mw = new Float64Array(this.ex.memory.buffer, this.wOff, this.d);
    this.mg = new Float64Array(this.ex.memory.buffer, this.gOff, this.d);
  }
  /** out = Σ over the block of ℓ'(⟨w, z_i⟩) z_i */
  gradient(w: Float64Array, out: Float64Array): void {
    if (this.mw.buffer !== this.ex.memory.buffer) this.views();
    this.mw.set(w);
    this.ex.grad(this.zOff, this.rows, this.d, this.wOff, this.gOff, this.loss);
    out.set(this.mg);
  }
}

/** Row index where block 1 starts: 4⌈n/8⌉ (a multiple of the row tile, about n/2), at most n. */
export function blockSplit(n: number): number {
  return Math.min(n, 4 * Math.ceil(n / 8));
}

// ---------------------------------------------------------------------------------------------------------------
// The worker: one per process, owned by one kernel at a time.

const SEQ = 0, DONE = 1, CMD = 2, READY = 3, FAILED = 4;
const CMD_LOAD = 1, CMD_GRAD = 2, CMD_EXIT = 4;
/**
 * Busy-wait polls (a few ns each) before falling back to Atomics.wait: long enough to bridge the calling thread's
 * update between two gradients without a futex wake-up, short enough not to burn a time slice that the other
 * thread needs when the CPUs are shared.
 */
const SPIN = 5_000;

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const C = new Int32Array(workerData.ctrl);
const port = workerData.port;
const ex = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes), {}).exports;
const SPIN = workerData.spin;
let job = null;
let seen = 0;
Atomics.store(C, ${READY}, 1);
Atomics.notify(C, ${READY});
for (;;) {
  let s = Atomics.load(C, ${SEQ});
  for (let spins = 0; s === seen; s = Atomics.load(C, ${SEQ})) {
    if (++spins > SPIN) { Atomics.wait(C, ${SEQ}, seen); spins = 0; }
  }
  seen = s;
  const cmd = Atomics.load(C, ${CMD});
  if (cmd === ${CMD_EXIT}) { Atomics.store(C, ${DONE}, s); Atomics.notify(C, ${DONE}); break; }
  try {
    if (cmd === ${CMD_LOAD}) {
      const m = receiveMessageOnPort(port).message;
      const wOff = ${GD_KERNEL_DATA_BASE}, gOff = wOff + ((m.d * 8 + 15) & ~15), zOff = gOff + ((m.d * 8 + 15) & ~15);
      const need = zOff + m.rows * m.d * 8, have = ex.memory.buffer.byteLength;
      if (need > have) ex.memory.grow(Math.ceil((need - have) / 65536));
      new Float64Array(ex.memory.buffer, zOff, m.rows * m.d).set(new Float64Array(m.z));
      job = { rows: m.rows, d: m.d, loss: m.loss, wOff, gOff, zOff, wg: new Float64Array(m.wg),
        mw: new Float64Array(ex.memory.buffer, wOff, m.d), mg: new Float64Array(ex.memory.buffer, gOff, m.d) };
    } else if (cmd === ${CMD_GRAD}) {
      const j = job;
      j.mw.set(j.wg.subarray(0, j.d));
      ex.grad(j.zOff, j.rows, j.d, j.wOff, j.gOff, j.loss);
      j.wg.set(j.mg, j.d);
    }
  } catch (e) {
    Atomics.store(C, ${FAILED}, 1);
  }
  Atomics.store(C, ${DONE}, s);
  Atomics.notify(C, ${DONE});
}
`;

class GradWorker {
  private static instance: GradWorker | null | undefined;
  readonly ctrl = new Int32Array(new SharedArrayBuffer(8 * 4));
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private seq = 0;
  owner: object | null = null;

  private constructor(timeoutMs: number) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ctrl: this.ctrl.buffer, port: port2, bytes: gdKernelBytes(), spin: SPIN },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', () => { Atomics.store(this.ctrl, FAILED, 1); });
    if (Atomics.wait(this.ctrl, READY, 0, timeoutMs) === 'timed-out' && Atomics.load(this.ctrl, READY) !== 1) {
      void this.worker.terminate();
      throw new Error('gd-kernel: worker did not start');
    }
  }

  static running(): boolean {
    return !!GradWorker.instance;
  }

  /** The process's worker, started (blocking, up to 10 s) on first call; null if it cannot run. */
  static get(): GradWorker | null {
    if (GradWorker.instance === undefined) {
      try {
        GradWorker.instance = gdKernelModule() ? new GradWorker(10_000) : null;
      } catch {
        GradWorker.instance = null;
      }
    }
    if (GradWorker.instance && Atomics.load(GradWorker.instance.ctrl, FAILED) === 1) GradWorker.instance = null;
    return GradWorker.instance;
  }

  /** Stops the worker (tests and the bench; it is unref'd, so this is never needed for exit). */
  static async shutdown(): Promise<void> {
    const w = GradWorker.instance;
    GradWorker.instance = undefined;
    if (w) {
      w.post(CMD_EXIT);
      await w.worker.terminate();
    }
  }

  /** Issues a command; wait() must follow before the next one. */
  post(cmd: number): void {
    Atomics.store(this.ctrl, CMD, cmd);
    this.seq = (this.seq + 1) | 0;
    Atomics.store(this.ctrl, SEQ, this.seq);
    Atomics.notify(this.ctrl, SEQ);
  }

  /** Waits for the last command; throws if the worker reported a failure. */
  wait(): void {
    const seq = this.seq;
    let d = Atomics.load(this.ctrl, DONE);
    for (let spins = 0; d !== seq; d = Atomics.load(this.ctrl, DONE)) {
      if (++spins > SPIN) {
        Atomics.wait(this.ctrl, DONE, d, 100);
        spins = 0;
        if (Atomics.load(this.ctrl, FAILED) === 1) break;
      }
    }
    if (Atomics.load(this.ctrl, FAILED) === 1) throw new Error('gd-kernel: worker failed');
  }

  load(job: object, Z: Float64Array, rowStart: number, rows: number, d: number, loss: number, wg: SharedArrayBuffer): void {
    const z = new SharedArrayBuffer(rows * d * 8);
    packRows(Z, rowStart, rows, d, new Float64Array(z));
    this.port.postMessage({ z, rows, d, loss, wg });
    this.post(CMD_LOAD);
    this.wait();
    this.owner = job;
  }
}

/** Stops the worker thread if one was started (for tests and the bench; never required for exit). */
export function shutdownGdWorker(): Promise<void> {
  return GradWorker.shutdown();
}

/** Whether the process's worker thread is running. */
export function gdWorkerRunning(): boolean {
  return GradWorker.running();
}

class WasmGradient implements GdGradient {
  name: 'wasm' | 'wasm-2threads' = 'wasm';
  private readonly m: number;
  private readonly rows1: number;
  private readonly b0: Block;
  private b1: Block | null = null;
  private readonly g1: Float64Array;
  private worker: GradWorker | null = null;
  private wg: Float64Array | null = null;

  constructor(private readonly Z: Float64Array, n: number, private readonly d: number, private readonly loss: number, threads: boolean) {
    this.m = blockSplit(n);
    this.rows1 = n - this.m;
    this.b0 = new Block(Z, 0, this.m, d, loss);
    this.g1 = new Float64Array(d);
    if (threads && this.rows1 > 0) {
      const worker = GradWorker.get();
      if (worker) {
        try {
          const wg = new SharedArrayBuffer(2 * d * 8);
          worker.load(this, Z, this.m, this.rows1, d, loss, wg);
          this.worker = worker;
          this.wg = new Float64Array(wg);
          this.name = 'wasm-2threads';
        } catch {
          this.worker = null;
        }
      }
    }
  }

  /** block 1 on the calling thread (no worker, the worker lost, or taken over by another kernel) */
  private local1(w: Float64Array): Float64Array {
    this.b1 ??= new Block(this.Z, this.m, this.rows1, this.d, this.loss);
    this.b1.gradient(w, this.g1);
    return this.g1;
  }

  gradient(w: Float64Array, g: Float64Array): void {
    const d = this.d;
    if (this.rows1 === 0) {
      this.b0.gradient(w, g);
      return;
    }
    const worker = this.worker;
    let g1: Float64Array;
    if (worker && worker.owner === this) {
      const wg = this.wg!;
      wg.set(w);
      worker.post(CMD_GRAD);
      this.b0.gradient(w, g);
      try {
        worker.wait();
        g1 = wg.subarray(d);
      } catch {
        this.worker = null; // the same sum on this thread: same bits
        g1 = this.local1(w);
      }
    } else {
      this.b0.gradient(w, g);
      g1 = this.local1(w);
    }
    // fixed reduction order: block 0 + block 1
    for (let k = 0; k < d; k++) g[k] += g1[k];
  }

  release(): void {
    if (this.worker && this.worker.owner === this) this.worker.owner = null;
    this.worker = null;
  }
}

/**
 * The kernel runGd uses for this (loss, size, choice), or null for the reference loop. 'auto': wasm when the
 * derivative is one of the project's logistic/exponential/square, n·d ≥ WASM_MIN_ND and not (n ≤ 20 and d ≤ 6);
 * the worker from n·d ≥ THREADS_MIN_ND when at least 2 CPUs are available and the run is long enough to pay for
 * starting it (n·d·horizon ≥ THREADS_MIN_WORK) or it is already running. 'wasm' / 'wasm-threads' force the kernel
 * (RangeError for other losses); 'wasm-threads' falls back to the calling thread if no worker can run.
 */
export function selectGdGradient(Z: Float64Array, n: number, d: number, derivative: (u: number) => number,
  choice: GdKernelChoice = 'auto', horizon = Infinity): GdGradient | null {
  if (choice === 'reference') return null;
  const loss = kernelLossCode(derivative);
  if (choice === 'auto') {
    if (loss < 0 || (n <= 20 && d <= 6) || n * d < WASM_MIN_ND || !gdKernelModule()) return null;
    const threads = n * d >= THREADS_MIN_ND && availableParallelism() >= 2 &&
      (GradWorker.running() || n * d * horizon >= THREADS_MIN_WORK);
    return new WasmGradient(Z, n, d, loss, threads);
  }
  if (loss < 0) throw new RangeError(`gd-kernel: kernel '${choice}' supports only the logistic, exponential and square losses of src/losses/loss.ts`);
  if (!gdKernelModule()) throw new Error('gd-kernel: WebAssembly SIMD is not available');
  return new WasmGradient(Z, n, d, loss, choice === 'wasm-threads');
}

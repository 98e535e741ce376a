/**
 * The WebAssembly GD kernel (src/linalg/gd-kernel.ts) against runGd's reference loop.
 *
 * Tolerance, derived rather than picked. Let u = 2⁻⁵³ and γ(m) = m·u/(1 − m·u). For one implementation at an
 * iterate w, against exact arithmetic at the same w (Higham, Accuracy and Stability, §3.1: any summation order of
 * m products is within γ(m)·Σ|terms| of the exact value):
 *   |Δu_i| ≤ γ(d)·Σ_k |w_k z_ik|,
 *   |Δc_i| ≤ β_i|Δu_i| + 5u|c_i|          (ℓ' is β_i-Lipschitz near u_i; exp < 1 ulp, one add, one division),
 *   |Δg_k| ≤ Σ_i |Δc_i||z_ik| + γ(n+1)·Σ_i |c_i z_ik|,
 *   ε_t    ≤ ‖ s|Δg| + γ(3)(|w|(1 + ηλ) + s|g|) ‖₂ (+ γ(d+3)‖w‖ when the projection acts),  s = η or η/n.
 * The exact map w ↦ w − s(∇L(w) + λw) is non-expansive for s ≤ 2/(βσ² + λ) (convex and smooth; runGd checks the
 * step), and so is the projection onto a ball. Hence for the kernel (A) and the reference (B):
 *   ‖w_T^A − w_T^B‖ ≤ Σ_t (ε_t^A + ε_t^B) ≈ 2·Σ_t ε_t(w_t^B) = bound,
 * with ε evaluated on the reference trajectory (the two trajectories differ by ~1e-14 relative, so ε^A = ε^B to
 * that order; the test uses a factor 1.01 for it). The test prints the observed difference next to that bound.
 * That bound is a worst case (every rounding error of every step in the same direction): relative 1e-9–1e-12 here.
 * Rounding errors of different sums are rather like independent signs, which gives the usual estimate
 * √T·(√d + √n)·u ≈ 1.5e-13 relative for T = 1000, n = 1000, d = 100; the test also asserts relative ≤ 1e-12 (the
 * brief's figure; the computation is deterministic, so this is not a flaky statistical check).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { gaussianRows, plantedSeparable, rng } from '../../bench/data.js';
import { blocksOf, gdKernelBytes, gdKernelInstance, selectGdGradient, shutdownGdWorker } from '../../src/linalg/gd-kernel.js';
import { gdKernelWat } from '../../src/linalg/wasm/gd-kernel-wat.js';
import { assembleWat, GD_KERNEL_OPTIONS, WAT_PATH, WASM_TS_PATH, wasmTsSource } from '../../src/linalg/wasm/build-gd-kernel.js';
import { GD_KERNEL_DATA_BASE } from '../../src/linalg/wasm/gd-kernel.wasm.js';
import { exponential, logistic, square, type Loss } from '../../src/losses/loss.js';
import { gdStepBound, runGd, type GdConfig } from '../../src/optimizers/gd.js';

afterAll(async () => {
  await shutdownGdWorker();
});

const U = 2 ** -53;
const gamma = (m: number) => (m * U) / (1 - m * U);

const norm = (a: Float64Array) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

const sameBits = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe('gd kernel build', () => {
  it('the committed .wat is the generator output, and wabt assembles it to the committed bytes', async () => {
    const wat = gdKernelWat(GD_KERNEL_OPTIONS);
    expect(readFileSync(WAT_PATH, 'utf8')).toBe(wat);
    const bytes = await assembleWat(wat);
    expect(Buffer.compare(Buffer.from(bytes), Buffer.from(gdKernelBytes()))).toBe(0);
    expect(readFileSync(WASM_TS_PATH, 'utf8')).toBe(wasmTsSource(bytes, GD_KERNEL_OPTIONS));
  });
});

describe('gd kernel: e^x and ℓ′ bit for bit', () => {
  const m = 1 << 18;
  const ex = gdKernelInstance();
  const base = GD_KERNEL_DATA_BASE;
  ex.memory.grow(Math.ceil((base + 2 * m * 8) / 65536));
  const X = new Float64Array(ex.memory.buffer, base, m);
  const Y = new Float64Array(ex.memory.buffer, base + m * 8, m);
  const specials = [0, -0, 1, -1, 0.5, -0.5, 2 ** -28, -(2 ** -28), 2 ** -29, 0.34657359027997264, -0.34657359027997264,
    1.0397207708399179, -1.0397207708399179, 709.782712893384, 709.7827128933841, 709.78, 709.09, -745.1332191019411,
    -745.1332191019412, -745.2, -708.39, -708.4, -709.1, -730, -740, Infinity, -Infinity, NaN, 1e300, -1e300, 5e-324,
    -5e-324, 2.2250738585072014e-308, 36, -36, 40, -40];
  const r = rng(20240601);
  const bits = new DataView(new ArrayBuffer(8));
  const gens: [string, () => number][] = [
    ['uniform[-1, 1]', () => 2 * r() - 1],
    ['uniform[-50, 50]', () => 100 * r() - 50],
    ['uniform[-750, 712]', () => -750 + 1462 * r()],
    ['log-uniform |x| in [e^-40, e^40]', () => (r() < 0.5 ? -1 : 1) * Math.exp(80 * r() - 40)],
    ['random bit patterns', () => { bits.setUint32(0, (r() * 2 ** 32) >>> 0); bits.setUint32(4, (r() * 2 ** 32) >>> 0); return bits.getFloat64(0); }],
  ];

  it('exp matches Math.exp on every input tried', () => {
    let total = 0, bad = 0;
    const first: string[] = [];
    for (const [name, gen] of gens) {
      for (let rep = 0; rep < 2; rep++) {
        for (let i = 0; i < m; i++) X[i] = gen();
        if (rep === 0) X.set(specials);
        ex.exp_block(base, base + m * 8, m);
        for (let i = 0; i < m; i++) {
          if (!sameBits(Y[i], Math.exp(X[i]))) { bad++; if (first.length < 5) first.push(`${name}: exp(${X[i]}) = ${Math.exp(X[i])}, kernel ${Y[i]}`); }
        }
        total += m;
      }
    }
    console.log(`[gd-kernel] exp: ${bad} of ${total} inputs differ from Math.exp in any bit`);
    expect(first).toEqual([]);
    expect(bad).toBe(0);
  });

  it('ℓ′ matches loss.derivative for logistic, exponential and square', () => {
    const codes: [Loss, number][] = [[logistic, 0], [exponential, 1], [square, 2]];
    for (const [loss, code] of codes) {
      let bad = 0;
      for (const [, gen] of gens.slice(0, 4)) {
        for (let i = 0; i < m; i++) X[i] = gen();
        X.set(specials);
        ex.deriv_block(base, base + m * 8, m, code);
        for (let i = 0; i < m; i++) if (!sameBits(Y[i], loss.derivative(X[i]))) bad++;
      }
      console.log(`[gd-kernel] ${loss.name}′: ${bad} of ${4 * m} inputs differ from loss.derivative in any bit`);
      expect(bad).toBe(0);
    }
  });
});

describe('gd kernel: the fast exp path and its fallback inside the gradient', () => {
  // With d ≤ 2 and n ≤ 5 the kernel's sums have the reference's order (u = w₀z₀ + w₁z₁; one block: rows 0–3 in a
  // tile, row 4 the remainder, g summed in row order), so the gradient must be bit-identical — including lanes that
  // leave the fast exp path (|x| < 2⁻²⁸, |x| ≥ 704, x = 1, ±∞, NaN) while the other lane of the pair does not.
  const specials = [0, -0, 1, -1, 1e-300, 703.9, 704, -704, 710, -710, 745.2, -745.2, 800, -800, 36.7, -36.7, 0.3, -0.3, 1.04, -1.04, 5, -5, 2 ** -29];
  const codes: [Loss, string][] = [[logistic, 'logistic'], [exponential, 'exponential'], [square, 'square']];
  for (const [loss] of codes) {
    it(`${loss.name}: bit-identical to the reference loop on special margins`, () => {
      const r = rng(77);
      let cases = 0;
      for (let trial = 0; trial < 400; trial++) {
        const n = 4 + (trial % 2), d = 1 + ((trial >> 1) % 2);
        const Z = new Float64Array(n * d);
        for (let i = 0; i < Z.length; i++) Z[i] = r() < 0.6 ? specials[Math.floor(r() * specials.length)] : 20 * r() - 10;
        const w = Float64Array.from({ length: d }, () => (r() < 0.5 ? 1 : 4 * r() - 2));
        const k = selectGdGradient(Z, n, d, loss.derivative, 'wasm')!;
        const gk = new Float64Array(d), gr = new Float64Array(d);
        k.gradient(w, gk);
        k.release();
        for (let i = 0; i < n; i++) {
          let u = 0;
          for (let j = 0; j < d; j++) u += w[j] * Z[i * d + j];
          const c = loss.derivative(u);
          for (let j = 0; j < d; j++) gr[j] += c * Z[i * d + j];
        }
        for (let j = 0; j < d; j++) expect(sameBits(gk[j], gr[j]), `trial ${trial}: g[${j}] ${gk[j]} vs ${gr[j]}`).toBe(true);
        cases++;
      }
      expect(cases).toBe(400);
    });
  }
});

interface Case {
  label: string;
  Z: Float64Array;
  n: number;
  d: number;
  cfg: GdConfig;
  w0?: Float64Array;
}

/** runGd's reference loop, step by step, with the bound of the file header accumulated along it. */
function referenceWithBound(c: Case, steps: number): { w: Float64Array; bound: number } {
  const { Z, n, d, cfg } = c;
  const dl = (cfg.gradientLoss ?? cfg.loss).derivative;
  const eta = cfg.eta, s = cfg.mean ? eta / n : eta, lambda = cfg.weightDecay ?? 0, radius = cfg.projectRadius ?? Infinity;
  const w = Float64Array.from(c.w0 ?? new Float64Array(d)), g = new Float64Array(d);
  const cAbs = new Float64Array(n), dc = new Float64Array(n), dg = new Float64Array(d), acz = new Float64Array(d);
  const beta = cfg.loss === logistic ? 0.25 : cfg.loss === square ? 1 : NaN;
  let sum = 0;
  for (let t = 1; t <= steps; t++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let u = 0, a = 0;
      for (let k = 0; k < d; k++) { u += w[k] * Z[o + k]; a += Math.abs(w[k] * Z[o + k]); }
      const ci = dl(u);
      for (let k = 0; k < d; k++) g[k] += ci * Z[o + k];
      const du = gamma(d) * a;
      const bi = Number.isNaN(beta) ? Math.abs(ci) * Math.exp(du) : beta; // exponential: ℓ″ = −ℓ′ near u_i
      cAbs[i] = Math.abs(ci);
      dc[i] = bi * du + 5 * U * cAbs[i];
    }
    // ε_t at this iterate
    dg.fill(0);
    acz.fill(0);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) {
        const z = Math.abs(Z[i * d + k]);
        dg[k] += dc[i] * z;
        acz[k] += cAbs[i] * z;
      }
    }
    let e2 = 0;
    for (let k = 0; k < d; k++) {
      const e = s * (dg[k] + gamma(n + 1) * acz[k]) + gamma(3) * (Math.abs(w[k]) * (1 + eta * lambda) + s * Math.abs(g[k]));
      e2 += e * e;
    }
    let eps = Math.sqrt(e2);
    for (let k = 0; k < d; k++) w[k] -= s * g[k] + eta * lambda * w[k];
    if (radius < Infinity) {
      let r = 0;
      for (let k = 0; k < d; k++) r += w[k] * w[k];
      r = Math.sqrt(r);
      if (r > radius) {
        for (let k = 0; k < d; k++) w[k] *= radius / r;
        eps += gamma(d + 3) * radius;
      }
    }
    sum += eps;
  }
  return { w, bound: 2 * 1.01 * sum };
}

function safeEta(c: { Z: Float64Array; n: number; d: number; loss: Loss; mean?: boolean; w0?: Float64Array }, frac: number): number {
  return frac * gdStepBound(c.Z, c.n, c.d, c.loss, c.w0 ?? new Float64Array(c.d), c.mean);
}

describe('gd kernel against the reference loop (1000 steps)', () => {
  const STEPS = 1000;
  const cases: Case[] = [];
  {
    const { Z } = plantedSeparable(1000, 100, 11);
    cases.push({ label: 'logistic, separable, n=1000 d=100', Z, n: 1000, d: 100, cfg: { loss: logistic, eta: safeEta({ Z, n: 1000, d: 100, loss: logistic }, 0.5) } });
  }
  {
    const Z = gaussianRows(257, 33, 12);
    cases.push({ label: 'logistic, gaussian, n=257 d=33 (odd d, n = 8k+1)', Z, n: 257, d: 33, cfg: { loss: logistic, eta: safeEta({ Z, n: 257, d: 33, loss: logistic }, 0.9) } });
  }
  {
    const { Z } = plantedSeparable(101, 7, 13);
    const eta = safeEta({ Z, n: 101, d: 7, loss: logistic, mean: true }, 0.5);
    // ηλ ≤ 1 keeps the step non-expansive (η·βσ²/n = 1 here); the radius is half the unprojected final norm
    const cfg: GdConfig = { loss: logistic, eta, mean: true, weightDecay: Math.min(1e-3, 0.5 / eta) };
    const free = runGd(Z, 101, 7, new Float64Array(7), 1000, { ...cfg, kernel: 'reference' }, 1).w.at(-1)!;
    cases.push({ label: 'logistic, mean + weight decay + projection, n=101 d=7', Z, n: 101, d: 7, cfg: { ...cfg, projectRadius: 0.5 * norm(free) } });
  }
  {
    const { Z } = plantedSeparable(300, 5, 14);
    cases.push({ label: 'exponential, separable, n=300 d=5', Z, n: 300, d: 5, cfg: { loss: exponential, eta: safeEta({ Z, n: 300, d: 5, loss: exponential }, 0.5) } });
  }
  {
    const Z = gaussianRows(64, 16, 15);
    cases.push({ label: 'square, gaussian, n=64 d=16', Z, n: 64, d: 16, cfg: { loss: square, eta: safeEta({ Z, n: 64, d: 16, loss: square }, 0.9) } });
  }
  {
    const { Z } = plantedSeparable(3, 1, 16);
    cases.push({ label: 'logistic, n=3 d=1 (no full tile)', Z, n: 3, d: 1, cfg: { loss: logistic, eta: safeEta({ Z, n: 3, d: 1, loss: logistic }, 0.9) } });
  }
  {
    const { Z } = plantedSeparable(13, 2, 17);
    cases.push({ label: 'logistic, n=13 d=2 (tile remainder)', Z, n: 13, d: 2, cfg: { loss: logistic, eta: safeEta({ Z, n: 13, d: 2, loss: logistic }, 0.9) } });
  }

  for (const c of cases) {
    it(`${c.label}: ‖w_kernel − w_ref‖ within the summation-order bound`, () => {
      const ref = runGd(c.Z, c.n, c.d, c.w0 ?? new Float64Array(c.d), STEPS, { ...c.cfg, kernel: 'reference' }, 1);
      const ker = runGd(c.Z, c.n, c.d, c.w0 ?? new Float64Array(c.d), STEPS, { ...c.cfg, kernel: 'wasm' }, 1);
      expect(ref.kernel).toBe('reference');
      expect(ker.kernel).toBe('wasm');
      const { w: wInstr, bound } = referenceWithBound(c, STEPS);
      const wRef = ref.w.at(-1)!, wKer = ker.w.at(-1)!;
      // the instrumented loop is runGd's reference loop
      expect(Array.from(wInstr)).toEqual(Array.from(wRef));
      const diff = norm(wKer.map((v, k) => v - wRef[k]));
      const wn = norm(wRef);
      console.log(`[gd-kernel] ${c.label}: ‖w‖ = ${wn.toPrecision(4)}, ‖Δw‖ = ${diff.toExponential(2)} ` +
        `(relative ${(diff / wn).toExponential(2)}), bound ${bound.toExponential(2)} (relative ${(bound / wn).toExponential(2)}); ` +
        `loss ref ${ref.loss.at(-1)!.toPrecision(6)} kernel ${ker.loss.at(-1)!.toPrecision(6)}`);
      expect(diff).toBeLessThanOrEqual(bound);
      expect(diff / wn).toBeLessThanOrEqual(1e-12);
    });
  }
});

describe('gd kernel determinism', () => {
  it('with or without the worker thread, and run to run: bit-identical iterates', () => {
    const n = 2003, d = 61; // odd d, n not a multiple of the tile
    const { Z } = plantedSeparable(n, d, 21);
    const cfg: GdConfig = { loss: logistic, eta: safeEta({ Z, n, d, loss: logistic }, 0.5) };
    const w0 = new Float64Array(d);
    const one = runGd(Z, n, d, w0, 300, { ...cfg, kernel: 'wasm' }, 5);
    const two = runGd(Z, n, d, w0, 300, { ...cfg, kernel: 'wasm-threads' }, 5);
    const twoAgain = runGd(Z, n, d, w0, 300, { ...cfg, kernel: 'wasm-threads' }, 5);
    expect(one.kernel).toBe('wasm');
    expect(two.kernel).toBe('wasm-2threads');
    const bitsOf = (ws: Float64Array[]) => ws.map((w) => Array.from(new BigUint64Array(Float64Array.from(w).buffer), String));
    expect(bitsOf(two.w)).toEqual(bitsOf(one.w));
    expect(bitsOf(twoAgain.w)).toEqual(bitsOf(two.w));
    console.log(`[gd-kernel] determinism: ${one.w.length} checkpoints × d=${d}, 1 thread = 2 threads = rerun, bit for bit`);
  });

  it('blocks taken by either thread (shared counter) give the single-thread bits every time', () => {
    const n = 1999, d = 50;
    const Z = gaussianRows(n, d, 51);
    const two = selectGdGradient(Z, n, d, logistic.derivative, 'wasm-threads')!;
    const one = selectGdGradient(Z, n, d, logistic.derivative, 'wasm')!;
    expect(two.name).toBe('wasm-2threads');
    const r = rng(52);
    const w = new Float64Array(d), g1 = new Float64Array(d), g2 = new Float64Array(d);
    let same = 0;
    const rounds = 3000;
    for (let t = 0; t < rounds; t++) {
      for (let k = 0; k < d; k++) w[k] = 6 * r() - 3;
      one.gradient(w, g1);
      two.gradient(w, g2);
      if (g1.every((v, k) => Object.is(v, g2[k]))) same++;
    }
    const stats = two as unknown as { workerBlocks: number; totalBlocks: number };
    console.log(`[gd-kernel] shared blocks: ${same}/${rounds} gradients bit-identical; the worker computed ${stats.workerBlocks} of ${stats.totalBlocks} blocks (${blocksOf(n).length} per gradient), the caller the rest`);
    two.release();
    one.release();
    expect(same).toBe(rounds);
    expect(stats.workerBlocks).toBeGreaterThan(0);
  });

  it('two kernels alive at once share the worker without mixing their data', () => {
    const a = plantedSeparable(1500, 40, 31).Z, b = gaussianRows(900, 40, 32);
    const ka = selectGdGradient(a, 1500, 40, logistic.derivative, 'wasm-threads')!;
    const kb = selectGdGradient(b, 900, 40, logistic.derivative, 'wasm-threads')!; // takes the worker over
    const kaLocal = selectGdGradient(a, 1500, 40, logistic.derivative, 'wasm')!;
    const w = Float64Array.from({ length: 40 }, (_, k) => Math.sin(k));
    const g1 = new Float64Array(40), g2 = new Float64Array(40);
    ka.gradient(w, g1);
    kaLocal.gradient(w, g2);
    expect(Array.from(g1)).toEqual(Array.from(g2));
    kb.release();
    ka.release();
    kaLocal.release();
  });

  it('blocks depend on n only: max(256, 4⌈n/64⌉) rows, at most 16', () => {
    expect(blocksOf(100)).toEqual([[0, 100]]);
    expect(blocksOf(257)).toEqual([[0, 256], [256, 1]]);
    expect(blocksOf(10000).length).toBe(16);
    expect(blocksOf(10000)[0]).toEqual([0, 628]);
    for (const n of [1, 5, 300, 4097, 10000, 123457]) {
      const b = blocksOf(n);
      expect(b.length).toBeLessThanOrEqual(16);
      expect(b.reduce((s, [, r]) => s + r, 0)).toBe(n);
      for (const [start] of b) expect(start % 4).toBe(0);
    }
  });
});

describe('runGd dispatch', () => {
  const eta = 0.1;
  it('keeps the reference loop for the claims sizes (n ≤ 20, d ≤ 6), small n·d and other losses', () => {
    const { Z } = plantedSeparable(20, 6, 41);
    expect(runGd(Z, 20, 6, new Float64Array(6), 10, { loss: logistic, eta }).kernel).toBe('reference');
    const small = plantedSeparable(50, 5, 42).Z; // n·d = 250 < 512
    expect(runGd(small, 50, 5, new Float64Array(5), 10, { loss: logistic, eta }).kernel).toBe('reference');
    const { Z: big } = plantedSeparable(100, 10, 43);
    const custom: Loss = { ...logistic, derivative: (u) => logistic.derivative(u) };
    expect(runGd(big, 100, 10, new Float64Array(10), 10, { loss: custom, eta }).kernel).toBe('reference');
    expect(runGd(big, 100, 10, new Float64Array(10), 10, { loss: logistic, eta }).kernel).toBe('wasm');
    expect(() => runGd(big, 100, 10, new Float64Array(10), 10, { loss: custom, eta, kernel: 'wasm' })).toThrow(RangeError);
  });
});

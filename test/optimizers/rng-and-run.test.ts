/** The seeded PRNG (reproducible, uniform enough for sampling) and runOptimizer's checkpoints and NaN reports. */
import { describe, expect, it } from 'vitest';
import { NumericalError } from '../../src/harness/errors.js';
import { heavyBall } from '../../src/optimizers/heavy-ball.js';
import { leastSquaresObjective } from '../../src/optimizers/objectives.js';
import { rngInt, rngUint32, rngUniform, seedRng, shuffleInPlace } from '../../src/optimizers/rng.js';
import { runOptimizer } from '../../src/optimizers/run.js';

describe('rng (mulberry32)', () => {
  it('matches the reference mulberry32 stream for seed 0 and is reproducible', () => {
    // reference: t = a += 0x6D2B79F5; t = imul(t ^ t >>> 15, t | 1); t ^= t + imul(t ^ t >>> 7, t | 61); (t ^ t >>> 14) >>> 0
    const ref = (a: number) => () => {
      let t = (a = (a + 0x6d2b79f5) | 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    };
    const r = ref(0), s = seedRng(0);
    for (let i = 0; i < 1000; i++) expect(rngUint32(s)).toBe(r());
    const a = seedRng(123), b = seedRng(123);
    for (let i = 0; i < 100; i++) expect(rngUniform(a)).toBe(rngUniform(b));
  });

  it('rngInt is uniform on [0, n): chi-square over 10 bins of 1e5 draws below the 0.999 quantile (27.9, 9 dof)', () => {
    const s = seedRng(7), counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rngInt(s, 10)]++;
    const chi2 = counts.reduce((a, c) => a + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2, `counts ${counts}`).toBeLessThan(27.9);
  });

  it('shuffleInPlace permutes', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(seedRng(1), a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('runOptimizer', () => {
  const obj = leastSquaresObjective(new Float64Array([1, 0, 0, 2]), new Float64Array([1, 1]));

  it('checks at t = 1, 2, 4, … (×ratio) and at the end, and stops when the handler returns false', () => {
    const seen: number[] = [];
    runOptimizer(heavyBall({ eta: 0.1 }), obj, new Float64Array(2), 100, (s) => void seen.push(s.t));
    expect(seen).toEqual([1, 2, 4, 8, 16, 32, 64, 100]);
    const tenfold: number[] = [];
    runOptimizer(heavyBall({ eta: 0.1 }), obj, new Float64Array(2), 1000, (s) => void tenfold.push(s.t), { ratio: 10 });
    expect(tenfold).toEqual([1, 10, 100, 1000]);
    const s = runOptimizer(heavyBall({ eta: 0.1 }), obj, new Float64Array(2), 1000, (st) => st.t < 16);
    expect(s.t).toBe(16);
  });

  it('reports a non-finite state with the optimizer, the field and the interval of steps', () => {
    expect(() =>
      runOptimizer(heavyBall({ eta: 0.1 }), obj, new Float64Array(2), 100, (s) => {
        if (s.t === 4) s.v[1] = Infinity;
      }),
    ).toThrowError(/^heavy-ball: non-finite state at step 8 \(finite at step 4\): w\[\d\] = (NaN|-?Infinity)$/);
    expect(() => runOptimizer(heavyBall({ eta: 0.1 }), obj, new Float64Array([NaN, 0]), 10)).toThrowError(
      'heavy-ball: non-finite state at initialization: w[0] = NaN',
    );
  });

  it('a diverging run (step far above 2/L) ends in a NumericalError, not in a silent Infinity', () => {
    expect(() => runOptimizer(heavyBall({ eta: 10, momentum: 0 }), obj, new Float64Array([1, 1]), 100_000)).toThrowError(NumericalError);
  });
});

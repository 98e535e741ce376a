import { describe, expect, it } from 'vitest';
import { exponential, logistic } from '../../src/losses/loss.js';
import { fitLine } from '../../src/metrics/fit.js';
import { angleGap, logRisk, minMargin, normalizedMargin, smoothedMargin } from '../../src/metrics/margins.js';
import { l1Margin } from '../../src/experiments/boosting.js';
import { geometricCheckpoints } from '../../src/optimizers/checkpoints.js';

describe('fitLine', () => {
  it('recovers an exact line with zero standard error', () => {
    const x = [1, 2, 3, 4, 5];
    const f = fitLine(x, x.map((v) => 3 - 2 * v));
    expect(f.slope).toBeCloseTo(-2, 14);
    expect(f.intercept).toBeCloseTo(3, 14);
    expect(f.slopeSE).toBeLessThan(1e-14);
    expect(f.r2).toBeCloseTo(1, 14);
  });
  it('its 95% interval covers the true slope of noisy data', () => {
    const x = Array.from({ length: 30 }, (_, i) => i);
    const y = x.map((v, i) => 0.5 * v + Math.sin(7 * i)); // deterministic "noise"
    const f = fitLine(x, y);
    expect(f.slopeCI[0]).toBeLessThan(0.5);
    expect(f.slopeCI[1]).toBeGreaterThan(0.5);
  });
});

describe('margins', () => {
  const Z = new Float64Array([1, 0, 0.5, 0.5, 0.2, 0.9]);
  it('normalized margin is min ⟨w, z_i⟩/‖w‖ and scale-free', () => {
    const w = new Float64Array([1, 1]);
    expect(normalizedMargin(Z, 3, 2, w)).toBeCloseTo(1 / Math.SQRT2, 14);
    expect(normalizedMargin(Z, 3, 2, w.map((v) => 7 * v))).toBeCloseTo(1 / Math.SQRT2, 14);
    expect(minMargin(Z, 3, 2, w)).toBe(1);
  });
  it('smoothed margin sits below the margin and within log n/‖w‖ of it (exponential loss)', () => {
    for (const c of [1, 10, 100]) {
      const w = new Float64Array([c, c]);
      const g = normalizedMargin(Z, 3, 2, w);
      const s = smoothedMargin(Z, 3, 2, w, exponential);
      expect(s).toBeLessThanOrEqual(g + 1e-15);
      expect(g - s).toBeLessThanOrEqual(Math.log(3) / Math.hypot(c, c) + 1e-15);
    }
  });
  it('logRisk keeps the risk when every term underflows', () => {
    const w = new Float64Array([1e4, 1e4]);
    // u = (1e4, 1e4, 1.1e4): L ≈ 2e^{−1e4}, whose log is −1e4 + ln 2 although e^{−1e4} underflows to 0
    expect(logRisk(Z, 3, 2, w, logistic)).toBeCloseTo(-1e4 + Math.LN2, 9);
  });
  it('minMargin is the one margin loop: it takes any array-like w (the geometry and boosting margins pass theirs)', () => {
    expect(minMargin(Z, 3, 2, [1, 1])).toBe(1);
    expect(minMargin(Z, 3, 2, [-1, 2])).toBe(-1);
    // l1Margin (src/experiments/boosting.ts) and marginIn (optimizer-geometry.ts) divide it by their norm
    expect(l1Margin(Z, 3, 2, [1, 3])).toBe(minMargin(Z, 3, 2, [1, 3]) / 4);
    expect(l1Margin(Z, 3, 2, [0, 0])).toBe(-Infinity);
  });
  it('angle gap of a vector with itself is 0, with its opposite is 2', () => {
    const u = new Float64Array([0.6, 0.8]);
    expect(angleGap(u.map((v) => 3 * v), u)).toBeCloseTo(0, 15);
    expect(angleGap(u.map((v) => -v), u)).toBeCloseTo(2, 15);
  });
});

describe('geometricCheckpoints', () => {
  it('is increasing, starts at 1, ends at the horizon, and costs O(log t)', () => {
    const c = geometricCheckpoints(1e7);
    expect(c[0]).toBe(1);
    expect(c.at(-1)).toBe(1e7);
    expect(c.every((v, i) => i === 0 || v > c[i - 1])).toBe(true);
    expect(c.length).toBeLessThanOrEqual(20 * 7 + 1);
    expect(geometricCheckpoints(100, 2)).toEqual([1, 3, 10, 32, 100]);
  });
});

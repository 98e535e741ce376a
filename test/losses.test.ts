import { describe, expect, it } from 'vitest';
import { exponential, logistic, square } from '../src/losses/loss.js';

describe('losses', () => {
  it('logistic keeps the small tail and does not overflow at |u| = 1e3', () => {
    expect(logistic.value(40)).toBeCloseTo(4.248354255291589e-18, 30);
    expect(logistic.value(700)).toBeGreaterThan(0); // e^{-700} ≈ 1e-304 is representable; e^{-1000} is not, so logValue carries that range
    expect(logistic.value(-1000)).toBe(1000);
    expect(logistic.derivative(-1000)).toBe(-1);
    expect(logistic.derivative(700)).toBeLessThan(0);
    expect(logistic.logValue(1000)).toBeCloseTo(-1000, 10);
  });
  it('inverse undoes value (relative 1e-12) over u in [-700, 700]', () => {
    for (let u = -700; u <= 700; u += 7.3) {
      for (const loss of [logistic, exponential]) {
        const back = loss.inverse(loss.value(u));
        expect(Math.abs(back - u)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(u)));
      }
    }
    expect(square.inverse(square.value(-3))).toBeCloseTo(-3, 12);
  });
  it('derivative matches a central difference (relative 1e-6)', () => {
    for (const loss of [logistic, exponential, square]) {
      for (const u of [-5, -1, 0, 0.5, 3, 10]) {
        const h = 1e-5;
        const fd = (loss.value(u + h) - loss.value(u - h)) / (2 * h);
        expect(Math.abs(fd - loss.derivative(u))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });
});

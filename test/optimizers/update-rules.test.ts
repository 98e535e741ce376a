/**
 * The defining update of each optimizer, one or two steps computed by hand on the 2-D quadratic
 * F(w) = ½((w₁ − 1)² + (2w₂ − 1)²) = ½‖Xᵀw − y‖², x₁ = (1, 0), x₂ = (0, 2), y = (1, 1), whose gradient is
 * ∇F(w) = (w₁ − 1, 4w₂ − 2): at w = 0, F = 1 and ∇F = (−1, −2). Each expected value is written as the arithmetic
 * of the update rule in the optimizer's doc comment.
 */
import { describe, expect, it } from 'vitest';
import { adagrad } from '../../src/optimizers/adagrad.js';
import { adam } from '../../src/optimizers/adam.js';
import { coordinateDescent } from '../../src/optimizers/coordinate-descent.js';
import { heavyBall } from '../../src/optimizers/heavy-ball.js';
import { nesterov } from '../../src/optimizers/nesterov.js';
import { normalizedGd } from '../../src/optimizers/normalized-gd.js';
import { leastSquaresObjective, marginObjective } from '../../src/optimizers/objectives.js';
import { perceptron } from '../../src/optimizers/perceptron.js';
import { rmsprop } from '../../src/optimizers/rmsprop.js';
import { sgd } from '../../src/optimizers/sgd.js';
import { signDescent } from '../../src/optimizers/sign-descent.js';
import type { OptState, Optimizer } from '../../src/optimizers/types.js';
import { logistic } from '../../src/losses/loss.js';

const quadratic = () => leastSquaresObjective(new Float64Array([1, 0, 0, 2]), new Float64Array([1, 1]));
/** Hand arithmetic and the code agree to rounding of a few operations. */
const TOL = 1e-14;

function steps<S extends OptState>(opt: Optimizer<S>, w0: number[], k: number): S {
  const obj = quadratic();
  const s = opt.init(new Float64Array(w0), obj);
  for (let i = 0; i < k; i++) opt.update(s, obj);
  return s;
}

function expectClose(got: Float64Array, want: number[], what: string): void {
  expect(got.length).toBe(want.length);
  want.forEach((v, k) => expect(Math.abs(got[k] - v), `${what}: w[${k}] = ${got[k]}, by hand ${v}`).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(v))));
}

describe('update rules on the 2-D quadratic', () => {
  it('the quadratic has the gradient used below', () => {
    const g = new Float64Array(2);
    expect(quadratic().valueAndGrad(new Float64Array([0, 0]), g)).toBe(1);
    expect(Array.from(g)).toEqual([-1, -2]);
  });

  it('sgd with b = n and no replacement is one full gradient step: w₁ = −η∇F(0)', () => {
    expectClose(steps(sgd({ eta: 0.1, batchSize: 2 }), [0, 0], 1).w, [0.1, 0.2], 'sgd b=n');
  });

  it('sgd with b = 1 steps along n·∇f_i of the sampled example (the unbiased estimate)', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const s = steps(sgd({ eta: 0.1, seed }), [0, 0], 1);
      // ∇f₁(0) = (⟨x₁,0⟩ − 1)x₁ = (−1, 0), ∇f₂(0) = (⟨x₂,0⟩ − 1)x₂ = (0, −2); the estimate is 2∇f_i
      expectClose(s.w, s.batch[0] === 0 ? [0.2, 0] : [0, 0.4], `sgd seed ${seed}, example ${s.batch[0]}`);
      expect(s.batchLen).toBe(1);
    }
  });

  it('sgd without replacement visits every example once per epoch', () => {
    const obj = leastSquaresObjective(new Float64Array(7).fill(1), new Float64Array(7));
    const opt = sgd({ eta: 0.01, batchSize: 3, seed: 9 });
    const s = opt.init(new Float64Array(1), obj);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      opt.update(s, obj);
      seen.push(...s.batch.subarray(0, s.batchLen));
    }
    expect(seen.length).toBe(7); // batches of 3, 3 and the short last one of 1
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('heavy ball: v₁ = −η∇F(w₀), w₁ = w₀ + v₁; v₂ = βv₁ − η∇F(w₁), w₂ = w₁ + v₂', () => {
    // η = 0.1, β = 0.5: w₁ = (0.1, 0.2); ∇F(w₁) = (−0.9, −1.2); v₂ = (0.05 + 0.09, 0.1 + 0.12)
    expectClose(steps(heavyBall({ eta: 0.1, momentum: 0.5 }), [0, 0], 1).w, [0.1, 0.2], 'heavy ball step 1');
    expectClose(steps(heavyBall({ eta: 0.1, momentum: 0.5 }), [0, 0], 2).w, [0.1 + 0.14, 0.2 + 0.22], 'heavy ball step 2');
  });

  it('nesterov: the gradient is taken at the look-ahead w₁ + βv₁', () => {
    // η = 0.1, β = 0.5: look-ahead (0.15, 0.3), ∇F = (−0.85, −0.8), v₂ = (0.05 + 0.085, 0.1 + 0.08)
    expectClose(steps(nesterov({ eta: 0.1, momentum: 0.5 }), [0, 0], 2).w, [0.1 + 0.135, 0.2 + 0.18], 'nesterov step 2');
  });

  it("nesterov with the 'convex' schedule uses β₀ = 0, β₁ = 1/4", () => {
    // look-ahead (0.1, 0.2) + ¼(0.1, 0.2) = (0.125, 0.25), ∇F = (−0.875, −1), v₂ = ¼(0.1, 0.2) + 0.1(0.875, 1)
    const s = steps(nesterov({ eta: 0.1, schedule: 'convex' }), [0, 0], 2);
    expectClose(s.w, [0.1 + 0.025 + 0.0875, 0.2 + 0.05 + 0.1], 'nesterov convex step 2');
  });

  it('adagrad: w ← w − η g/√(Σ g²)', () => {
    // step 1: G = (1, 4), w₁ = 0.1·(1/1, 2/2); step 2: g = (−0.9, −1.6), G = (1.81, 6.56)
    const opt = () => adagrad({ eta: 0.1, eps: 0 });
    expectClose(steps(opt(), [0, 0], 1).w, [0.1, 0.1], 'adagrad step 1');
    expectClose(steps(opt(), [0, 0], 2).w, [0.1 + (0.1 * 0.9) / Math.sqrt(1.81), 0.1 + (0.1 * 1.6) / Math.sqrt(6.56)], 'adagrad step 2');
  });

  it('rmsprop: v = (1 − ρ)g², w₁ = −η g/√v', () => {
    // v = 0.1·(1, 4); w₁ = 0.1·(1/√0.1, 2/√0.4) = (√0.1, √0.1)
    expectClose(steps(rmsprop({ eta: 0.1, decay: 0.9, eps: 0 }), [0, 0], 1).w, [0.1 / Math.sqrt(0.1), 0.2 / Math.sqrt(0.4)], 'rmsprop');
  });

  it('adam: with bias correction the first step is −η sign(g); without, −η(1 − β₁)g/√((1 − β₂)g²)', () => {
    expectClose(steps(adam({ eta: 0.1, eps: 0 }), [0, 0], 1).w, [0.1, 0.1], 'adam');
    const raw = (0.1 * 0.1) / Math.sqrt(0.001); // η(1 − β₁)/√(1 − β₂), the same for both coordinates
    expectClose(steps(adam({ eta: 0.1, eps: 0, biasCorrection: false }), [0, 0], 1).w, [raw, raw], 'adam without bias correction');
  });

  it('adam step 2 by hand (bias-corrected moments)', () => {
    // w₁ = (0.1, 0.1); g₂ = (−0.9, −1.6); m = 0.9·0.1g₁ + 0.1g₂; v = 0.999·0.001g₁² + 0.001g₂²
    const g1 = [-1, -2], g2 = [-0.9, -1.6];
    const want = [0, 1].map((k) => {
      const m = 0.9 * 0.1 * g1[k] + 0.1 * g2[k];
      const v = 0.999 * 0.001 * g1[k] ** 2 + 0.001 * g2[k] ** 2;
      return 0.1 - (0.1 * (m / (1 - 0.81))) / Math.sqrt(v / (1 - 0.999 ** 2));
    });
    expectClose(steps(adam({ eta: 0.1, eps: 0 }), [0, 0], 2).w, want, 'adam step 2');
  });

  it('sign descent: −η‖g‖₁ sign(g) (steepest descent for l∞), or −η sign(g)', () => {
    expectClose(steps(signDescent({ eta: 0.1 }), [0, 0], 1).w, [0.3, 0.3], 'sign descent dual-norm');
    expectClose(steps(signDescent({ eta: 0.1, scale: 'none' }), [0, 0], 1).w, [0.1, 0.1], 'sign descent plain');
  });

  it('coordinate descent, fixed step: only the coordinate of the largest |∂_k F| moves, by −η ∂_k F', () => {
    expectClose(steps(coordinateDescent({ eta: 0.1, lineSearch: 'fixed' }), [0, 0], 1).w, [0, 0.2], 'cd fixed');
  });

  it('coordinate descent, Armijo: trials s = 1 (F = 5), ½ (F = 1) are rejected, ¼ lands on the exact minimizer along w₂', () => {
    const s = steps(coordinateDescent({ eta: 1 }), [0, 0], 1);
    expectClose(s.w, [0, 0.5], 'cd armijo');
    expect(s.step).toBe(0.25);
    expect(s.coord).toBe(1);
    expect(s.evals).toBe(1 + 3); // init's evaluation, then three trial points
    expect(s.value).toBe(0.5); // F(0, 0.5) = ½(1 + 0)
    expect(Array.from(s.g)).toEqual([-1, 0]);
  });

  it('normalized GD: η_t = η/F(w_t)', () => {
    // w₀ = (3, 0): F = ½(4 + 1) = 2.5, ∇F = (2, −2); η = 0.5 → η₀ = 0.2
    const s = steps(normalizedGd({ eta: 0.5 }), [3, 0], 1);
    expectClose(s.w, [2.6, 0.4], 'normalized gd');
    expect(s.rate / Math.exp(s.logValue)).toBeCloseTo(0.2, 15);
    // decayPower ½: the second step is divided by √2
    const s2 = steps(normalizedGd({ eta: 0.5, decayPower: 0.5 }), [3, 0], 2);
    const f1 = 0.5 * (1.6 ** 2 + (0.8 - 1) ** 2); // F(2.6, 0.4)
    const g1 = [1.6, 4 * 0.4 - 2];
    expectClose(s2.w, [2.6 - (0.5 / (f1 * Math.SQRT2)) * g1[0], 0.4 - (0.5 / (f1 * Math.SQRT2)) * g1[1]], 'normalized gd p=½ step 2');
  });

  it('normalized GD refuses F = 0 (the step η/F is undefined) with a NumericalError', () => {
    const opt = normalizedGd({ eta: 0.5 });
    const obj = quadratic();
    const s = opt.init(new Float64Array([1, 0.5]), obj); // the minimizer: F = 0
    expect(() => opt.update(s, obj)).toThrowError(/normalized-gd: F\(w_t\) = 0 at step 0/);
  });

  it('perceptron: a mistake (⟨w, z_i⟩ ≤ 0) adds z_i, a correct example leaves w', () => {
    const obj = marginObjective({ Z: new Float64Array([1, 2, -1, 1]), n: 2, d: 2 }, logistic);
    const opt = perceptron();
    const s = opt.init(new Float64Array(2), obj);
    opt.update(s, obj); // ⟨0, z₁⟩ = 0: mistake
    expect([...s.w, s.mistakes, s.cursor]).toEqual([1, 2, 1, 1]);
    opt.update(s, obj); // ⟨(1,2), (−1,1)⟩ = 1 > 0
    expect([...s.w, s.mistakes, s.cursor, s.sinceMistake]).toEqual([1, 2, 1, 0, 1]);
  });
});

describe('options are validated up front', () => {
  it.each([
    [() => adam({ eta: 0.1, beta1: 1 }), 'adam: beta1 must be in [0, 1), got 1'],
    [() => sgd({ eta: -1 }), 'sgd: eta must be positive and finite, got -1'],
    [() => sgd({ eta: 1, batchSize: 0 }), 'sgd: batchSize must be a positive integer, got 0'],
    [() => heavyBall({ eta: 1, momentum: -0.1 }), 'heavy-ball: momentum must be in [0, 1), got -0.1'],
    [() => rmsprop({ eta: NaN }), 'rmsprop: eta must be positive and finite, got NaN'],
    [() => coordinateDescent({ eta: 1, armijo: 1 }), 'coordinate-descent: armijo must be in (0, 1), got 1'],
  ])('%#: %s', (make, message) => {
    expect(make).toThrowError(message);
  });

  it('init refuses a w0 of the wrong dimension, an SGD batch larger than n, and example-wise methods without examples', () => {
    expect(() => adam({ eta: 0.1 }).init(new Float64Array(3), quadratic())).toThrowError('adam: w0 has length 3, the objective has dim 2');
    expect(() => sgd({ eta: 0.1, batchSize: 3 }).init(new Float64Array(2), quadratic())).toThrowError('sgd: batchSize 3 exceeds the number of examples n = 2');
    expect(() => perceptron().init(new Float64Array(2), quadratic())).toThrowError(/perceptron: the objective carries no examples/);
  });
});

describe('coordinate descent line search, edge cases', () => {
  it('when no trial decreases F before the step rounds to nothing, w is left exactly as it was (the null step)', () => {
    // a lying objective: the gradient says "go right", but every move increases F
    const obj = {
      dim: 2,
      n: 1,
      valueAndGrad(w: Float64Array, g: Float64Array) {
        g[0] = -1;
        g[1] = 0;
        return 1 + 1e10 * Math.abs(w[0] - 0.3); // even a one-ulp move raises F visibly
      },
    };
    const opt = coordinateDescent({ eta: 1 });
    const s = opt.init(new Float64Array([0.3, 7]), obj);
    opt.update(s, obj);
    expect(Array.from(s.w)).toEqual([0.3, 7]);
    expect(s.value).toBe(1);
    expect(s.step).toBeGreaterThan(0);
  });

  it('a NaN in the chosen coordinate of w is a NumericalError, not an endless search', () => {
    const obj = quadratic();
    const opt = coordinateDescent({ eta: 1 });
    const s = opt.init(new Float64Array([0, 0]), obj);
    s.w[1] = NaN; // the cached gradient still points at coordinate 1
    expect(() => opt.update(s, obj)).toThrowError('coordinate-descent: w_t[1] = NaN at step 0');
  });
});

describe('normalized GD in the log domain', () => {
  it('on a margin objective the step is η∇F/F read from logValueAndGrad, finite where F underflows (margins 1e4)', async () => {
    const { marginObjective: mo } = await import('../../src/optimizers/objectives.js');
    const { exponential: ex } = await import('../../src/losses/loss.js');
    const obj = mo({ Z: new Float64Array([1, 0.5, 0.2, 1]), n: 2, d: 2 }, ex);
    const opt = normalizedGd({ eta: 0.5 });
    const s = opt.init(new Float64Array([1e4, 1e4]), obj);
    opt.update(s, obj);
    // u = (1.5e4, 1.2e4): F = e^{−1.2e4}(1 + e^{−3000}) = 0 in floating point; ∇F/F = −z₂ to within e^{−3000}
    expectClose(s.w, [1e4 + 0.5 * 0.2, 1e4 + 0.5 * 1], 'normalized gd, log domain');
    expect(s.logValue).toBe(-1.2e4);
  });
});

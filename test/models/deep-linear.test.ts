import { describe, expect, it } from 'vitest';
import { deepLinearLogRisk, deepLinearProduct, deepLinearRiskGrad, deepLinearFlow, gradBuffers, singular, frobenius, type DeepLinearNet } from '../../src/models/deep-linear.js';
import { deepLinearGradTf } from '../../src/models/deep-linear-tf.js';
import { loadTf, tfBackendName } from '../../src/models/tf-backend.js';
import { balanceMatrix, randomNet } from '../../src/experiments/deep-linear.js';
import { identityTolerance } from '../../src/experiments/gradient-identity.js';
import { gaussianFill } from '../../src/experiments/random.js';
import { logistic } from '../../src/losses/loss.js';
import { seedRng } from '../../src/optimizers/rng.js';

function data(n: number, d: number, seed: number) {
  const rng = seedRng(seed);
  const X = gaussianFill(rng, new Float64Array(n * d), 1 / Math.sqrt(d));
  const y = Float64Array.from({ length: n }, (_, k) => (k % 3 === 0 ? -1 : 1));
  return { X, y };
}
const margin = { kind: 'margin' as const, loss: logistic };
function risk(net: DeepLinearNet, X: Float64Array, y: Float64Array, n: number) {
  return deepLinearRiskGrad(net, X, y, n, margin, gradBuffers(net)).risk;
}

// R̂ is smooth (a polynomial in the weights inside log(1+e^{−u})): a central difference with h = 1e-5 has truncation
// O(h²) ≈ 1e-10 and rounding ≈ ε/h ≈ 1e-11 relative to R̂; 1e-7 relative to the gradient's norm leaves a wide margin.
const FD_TOL = 1e-7;

describe('deep linear net (hand-written Float64 gradient)', () => {
  it('check_deep_linear_grad_matches_central_difference (relative 1e-7)', () => {
    for (const dims of [[3, 4, 1], [2, 3, 5, 1], [4, 2, 2, 2, 1]]) {
      const n = 7, { X, y } = data(n, dims[0], 11);
      const net = randomNet(dims, 1, 3);
      const g = gradBuffers(net);
      deepLinearRiskGrad(net, X, y, n, margin, g);
      const gnorm = Math.hypot(...g.flatMap((v) => [...v]));
      for (let i = 0; i < net.W.length; i++)
        for (let p = 0; p < net.W[i].length; p++) {
          const h = 1e-5, w0 = net.W[i][p];
          net.W[i][p] = w0 + h; const up = risk(net, X, y, n);
          net.W[i][p] = w0 - h; const down = risk(net, X, y, n);
          net.W[i][p] = w0;
          expect(Math.abs((up - down) / (2 * h) - g[i][p]) / gnorm, `dims ${dims} layer ${i} entry ${p}`).toBeLessThan(FD_TOL);
        }
    }
  });

  it('check_deep_linear_grad_matches_tfjs_autodiff (float32 tolerance 2(L·k + n)·2^-24)', async () => {
    const tf = await loadTf();
    for (const dims of [[3, 4, 4, 1], [5, 6, 6, 6, 1], [4, 8, 8, 8, 1]]) {
      const n = 20, { X, y } = data(n, dims[0], 5);
      const net = randomNet(dims, 1, 7);
      const hand = gradBuffers(net);
      deepLinearRiskGrad(net, X, y, n, margin, hand);
      const auto = deepLinearGradTf(tf, net, X, y, n);
      const tol = identityTolerance(dims.length - 1, Math.max(...dims), n);
      for (let i = 0; i < hand.length; i++) {
        const rel = frobenius(auto[i].map((v, p) => v - hand[i][p])) / frobenius(hand[i]);
        expect(rel, `${tfBackendName()} dims ${dims} layer ${i + 1}: relative difference ${rel}`).toBeLessThan(tol);
      }
    }
  });

  it('check_deep_linear_layer_gradients_rank_one_in_float64 (σ₂/σ₁ ≤ 1e-12)', () => {
    const dims = [4, 5, 5, 1], n = 9, { X, y } = data(n, 4, 2);
    const net = randomNet(dims, 1, 8);
    const g = gradBuffers(net);
    deepLinearRiskGrad(net, X, y, n, margin, g);
    for (let i = 0; i < 2; i++) {
      const s = singular(g[i], dims[i + 1], dims[i]).sigmas;
      expect(s[1] / s[0]).toBeLessThan(1e-12);
    }
  });

  it('check_flow_conserves_balance_and_decreases_risk (DOPRI5 rtol 1e-9: drift ≤ 1e-6 relative to ‖W‖²)', () => {
    const dims = [3, 4, 3, 1], n = 10, { X } = data(n, 3, 4);
    // separable labels: the sign of a fixed direction
    const y = Float64Array.from({ length: n }, (_, k) => (X[k * 3] + 0.5 * X[k * 3 + 1] > 0 ? 1 : -1));
    const net = randomNet(dims, 1, 12);
    const b0 = [0, 1].map((i) => balanceMatrix(net.W[i], dims[i + 1], dims[i], net.W[i + 1], dims[i + 2]));
    const risks: number[] = [];
    let last: DeepLinearNet | undefined;
    deepLinearFlow(net, X, y, n, {
      loss: logistic, outputs: [0.5, 1, 10, 1e3, 1e6, 1e10],
      onOutput: (_t, cur) => { risks.push(deepLinearLogRisk(cur, X, y, n, logistic)); last = { dims, W: cur.W.map((w) => Float64Array.from(w)) }; },
    });
    for (let j = 1; j < risks.length; j++) expect(risks[j]).toBeLessThan(risks[j - 1]);
    const scale = Math.max(...last!.W.map((w) => frobenius(w) ** 2));
    for (let i = 0; i < 2; i++) {
      const b1 = balanceMatrix(last!.W[i], dims[i + 1], dims[i], last!.W[i + 1], dims[i + 2]);
      expect(frobenius(b1.map((v, p) => v - b0[i][p])) / scale).toBeLessThan(1e-6);
    }
    expect(deepLinearProduct(last!).length).toBe(3);
  });

  it('check_no_tensor_leak_over_a_long_run (tf.memory().numTensors unchanged after 500 autodiff gradients)', async () => {
    const tf = await loadTf();
    const dims = [4, 6, 6, 1], n = 16, { X, y } = data(n, 4, 1);
    const net = randomNet(dims, 1, 2);
    deepLinearGradTf(tf, net, X, y, n); // warm-up (the backend may keep constants)
    const before = tf.memory().numTensors;
    for (let k = 0; k < 500; k++) deepLinearGradTf(tf, net, X, y, n, { relu: k % 2 === 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

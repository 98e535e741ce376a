import { describe, expect, it } from 'vitest';
import { clusterTask, randomLabels, replicatedNoisySet } from '../../src/data/cluster-task.js';
import { accuracy, mlpInit, mlpPredict, trainMlp } from '../../src/models/mlp-train.js';
import { loadTf, tfBackendAttempts, tfBackendName } from '../../src/models/tf-backend.js';
import { paramNormSquared, relu2FullRiskGrad, unitBalance, type Relu2Params } from '../../src/models/relu2-full.js';
import { gaussian, gaussianFill, meanInterval } from '../../src/experiments/random.js';
import { seedRng } from '../../src/optimizers/rng.js';
import type { Tensor } from '@tensorflow/tfjs';

describe('TensorFlow.js backend selection (src/models/tf-backend.ts)', () => {
  it('check_backend_is_one_of_tensorflow_wasm_cpu_and_is_reported', async () => {
    const tf = await loadTf();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(tfBackendName());
    expect(tf.getBackend()).toBe(tfBackendName());
    // tfjs-node cannot install here: its failure is recorded, not thrown
    if (tfBackendName() !== 'tensorflow') expect(tfBackendAttempts().some((a) => a.startsWith('tensorflow:'))).toBe(true);
  });
});

describe('two-layer net with both layers trained (src/models/relu2-full.ts)', () => {
  function setup(activation: 'relu' | 'tanh') {
    const rng = seedRng(4), m = 6, d = 3, n = 9;
    const p: Relu2Params = { m, d, W: gaussianFill(rng, new Float64Array(m * d)), a: gaussianFill(rng, new Float64Array(m)), activation };
    const X = gaussianFill(rng, new Float64Array(n * d), 0.5);
    const y = Float64Array.from({ length: n }, (_, k) => (k % 2 ? 1 : -1));
    return { p, X, y, n, m, d };
  }

  it('check_relu2_full_grad_matches_tfjs_autodiff (relative 1e-5, float32)', async () => {
    const tf = await loadTf();
    for (const activation of ['relu', 'tanh'] as const) for (const loss of ['logistic', 'exponential'] as const) {
      const { p, X, y, n, m, d } = setup(activation);
      const hand = relu2FullRiskGrad(p, X, y, n, loss, loss === 'exponential');
      const grads = tf.tidy(() => {
        const Xt = tf.tensor2d(Float32Array.from(X), [n, d]), yt = tf.tensor1d(Float32Array.from(y));
        const f = (W: Tensor, a: Tensor) => {
          const h = Xt.matMul(W.reshape([m, d]), false, true);
          const act = activation === 'relu' ? tf.relu(h) : tf.tanh(h);
          const q = act.matMul(a.reshape([m, 1])).reshape([n]).mul(yt).div(Math.sqrt(m));
          const l = loss === 'logistic' ? tf.softplus(q.neg()) : tf.exp(q.neg());
          return loss === 'logistic' ? l.mean() : l.sum();
        };
        return tf.grads(f)([tf.tensor1d(Float32Array.from(p.W)), tf.tensor1d(Float32Array.from(p.a))]);
      });
      const [gW, ga] = grads.map((g) => Float64Array.from(g.dataSync()));
      tf.dispose(grads);
      const rel = (u: Float64Array, v: Float64Array) => Math.hypot(...u.map((x, i) => x - v[i])) / Math.hypot(...v);
      expect(rel(gW, hand.gW), `${activation}/${loss} W`).toBeLessThan(1e-5);
      expect(rel(ga, hand.ga), `${activation}/${loss} a`).toBeLessThan(1e-5);
    }
  });

  it('check_relu_unit_balance_first_order_term_vanishes (a·∂a − ⟨w, ∂w⟩ = 0 per unit for ReLU, not for tanh)', () => {
    for (const activation of ['relu', 'tanh'] as const) {
      const { p, X, y, n, m, d } = setup(activation);
      const g = relu2FullRiskGrad(p, X, y, n);
      let worst = 0;
      for (let j = 0; j < m; j++) {
        let wg = 0;
        for (let c = 0; c < d; c++) wg += p.W[j * d + c] * g.gW[j * d + c];
        worst = Math.max(worst, Math.abs(p.a[j] * g.ga[j] - wg));
      }
      if (activation === 'relu') expect(worst).toBeLessThan(1e-15);
      else expect(worst).toBeGreaterThan(1e-4);
    }
    expect(unitBalance(setup('relu').p).length).toBe(6);
    expect(paramNormSquared(setup('relu').p)).toBeGreaterThan(0);
  });
});

describe('cluster task and Liu et al.\'s replicated set (src/data/cluster-task.ts)', () => {
  it('check_cluster_task_same_seed_same_points_and_shapes', () => {
    const a = clusterTask({ d: 5, n: 30, nTest: 10, seed: 3 }), b = clusterTask({ d: 5, n: 30, nTest: 10, seed: 3 });
    expect(Array.from(a.train.X)).toEqual(Array.from(b.train.X));
    expect(a.train.X.length).toBe(150);
    expect(new Set(a.train.y)).toEqual(new Set([1, -1]));
    // a larger draw from the same seed starts with the same points (fresh points follow)
    const big = clusterTask({ d: 5, n: 60, nTest: 1, seed: 3 });
    expect(Array.from(big.train.X.slice(0, 150))).toEqual(Array.from(a.train.X));
    expect(() => clusterTask({ d: 0, n: 1, nTest: 1, seed: 1 })).toThrow('clusterTask: d must be an integer ≥ 1, got 0');
  });

  it('check_replicated_set_zeroes_exactly_N_fraction_and_keeps_the_rest', () => {
    const t = clusterTask({ d: 10, n: 20, nTest: 1, seed: 1 });
    const C = replicatedNoisySet(t.train, 3, 0.8, 7);
    expect(C.n).toBe(60);
    for (let i = 0; i < 20; i++) for (let r = 0; r < 3; r++) {
      const row = i * 3 + r;
      let zeros = 0;
      for (let k = 0; k < 10; k++) {
        const v = C.X[row * 10 + k];
        if (v === 0) zeros++;
        else expect(v).toBe(t.train.X[i * 10 + k]);
      }
      expect(zeros).toBe(8);
    }
    const T = replicatedNoisySet(t.train, 2, 0.5, 7, 'true');
    for (let i = 0; i < 20; i++) expect(T.y[2 * i]).toBe(t.train.y[i]);
    expect(randomLabels(t.train, 2).y.length).toBe(20);
  });

  it('check_mean_interval_matches_student_t (k = 5: t = 2.776)', () => {
    const ci = meanInterval([1, 2, 3, 4, 5]);
    expect(ci.mean).toBe(3);
    expect(ci.hi - ci.mean).toBeCloseTo((2.776 * Math.sqrt(2.5)) / Math.sqrt(5), 10);
    expect(Number.isFinite(gaussian(seedRng(1)))).toBe(true);
  });
});

describe('tfjs MLP training (src/models/mlp-train.ts)', () => {
  it('check_mlp_learns_the_cluster_task_and_is_deterministic (≥ 90% test accuracy; same seed, same weights)', async () => {
    const tf = await loadTf();
    const task = clusterTask({ d: 20, n: 200, nTest: 1000, seed: 11, radius: 5 });
    const opts = { optimizer: 'sgd' as const, lr: 0.05, batch: 32, maxEpochs: 200, seed: 5 };
    const a = trainMlp(tf, mlpInit([20, 32, 32, 1], 1), task.train, opts);
    const b = trainMlp(tf, mlpInit([20, 32, 32, 1], 1), task.train, opts);
    expect(a.reached).toBe(true);
    expect(Array.from(a.net.W[0])).toEqual(Array.from(b.net.W[0]));
    expect(accuracy(mlpPredict(tf, a.net, task.test), task.test.y)).toBeGreaterThanOrEqual(0.9);
  });

  it('check_no_tensor_leak_over_a_long_run (every optimizer, L2 and augmentation; tf.memory().numTensors unchanged)', async () => {
    const tf = await loadTf();
    const task = clusterTask({ d: 10, n: 60, nTest: 30, seed: 2 });
    const before = tf.memory().numTensors;
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const)
      for (let k = 0; k < 3; k++) {
        const r = trainMlp(tf, mlpInit([10, 16, 16, 1], k), task.train, { optimizer, lr: 0.01, batch: 8, maxEpochs: 20, stopAtAccuracy: 2, seed: k, l2: 1e-3, inputNoise: 0.1 });
        mlpPredict(tf, r.net, task.test);
      }
    expect(tf.memory().numTensors).toBe(before);
  });
});

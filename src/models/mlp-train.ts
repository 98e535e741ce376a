/**
 * A bias-free ReLU MLP f(x) = W_L σ(W_{L−1} ⋯ σ(W_1 x)) trained with TensorFlow.js (autodiff, float32) by minibatch
 * SGD, SGD with momentum or Adam on the mean logistic loss, optionally with L2 weight decay and input-noise data
 * augmentation. Bias-free keeps the net positively homogeneous, so margins normalized by Π‖W_i‖_2 are scale-free.
 * Weights live in Float32Arrays between calls (W_i is d_{i+1}×d_i, row-major, as elsewhere); minibatch order,
 * init and augmentation noise come from the project's seeded mulberry32 stream, so a run is determined by its seed.
 * Every tensor is disposed or created inside tf.tidy; the unit tests check tf.memory() across a long run.
 * @example const net = mlpInit([20, 128, 128, 1], 1); trainMlp(tf, net, task.train, { optimizer: 'sgd', lr: 0.05, batch: 32, maxEpochs: 200, seed: 1 })
 */
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs';
import type { LabelledPoints } from '../data/cluster-task.js';
import { gaussian } from '../experiments/random.js';
import { rngInt, seedRng } from '../optimizers/rng.js';
import type { Tf } from './tf-backend.js';

export interface MlpNet {
  dims: number[];
  W: Float32Array[];
}

/** He init N(0, 2/fan-in) for the hidden layers, N(0, 1/fan-in) for the output layer, from a seed. */
export function mlpInit(dims: number[], seed: number): MlpNet {
  const rng = seedRng(seed);
  const W = dims.slice(0, -1).map((fanIn, i) => {
    const sd = Math.sqrt((i < dims.length - 2 ? 2 : 1) / fanIn);
    return Float32Array.from({ length: fanIn * dims[i + 1] }, () => sd * gaussian(rng));
  });
  return { dims: [...dims], W };
}

export function cloneMlp(net: MlpNet): MlpNet {
  return { dims: [...net.dims], W: net.W.map((w) => Float32Array.from(w)) };
}

export interface TrainOptions {
  optimizer: 'sgd' | 'momentum' | 'adam';
  lr: number;
  /** momentum coefficient (optimizer 'momentum'), default 0.9 */
  momentum?: number;
  /** L2 penalty (λ/2)Σ‖W_i‖_F² added to the loss */
  l2?: number;
  /** data augmentation: add N(0, s²) noise to every input of every minibatch */
  inputNoise?: number;
  batch: number;
  maxEpochs: number;
  /** stop once the training accuracy reaches this (checked after every epoch), default 1 */
  stopAtAccuracy?: number;
  /** and, if given, the mean training logistic loss is at most this */
  stopAtLoss?: number;
  seed: number;
}

export interface TrainResult {
  net: MlpNet;
  epochs: number;
  trainAccuracy: number;
  /** mean training logistic loss at the end */
  trainLoss: number;
  reached: boolean;
}

function forward(tf: Tf, Ws: Tensor2D[], x: Tensor2D): Tensor {
  let h: Tensor2D = x;
  for (let i = 0; i < Ws.length; i++) {
    h = h.matMul(Ws[i], false, true) as Tensor2D;
    if (i < Ws.length - 1) h = tf.relu(h);
  }
  return h.reshape([x.shape[0]]);
}

/** f(x_k) for every point (float32, as Float64Array). */
export function mlpPredict(tf: Tf, net: MlpNet, p: LabelledPoints): Float64Array {
  const out = tf.tidy(() => {
    const Ws = net.W.map((w, i) => tf.tensor2d(w, [net.dims[i + 1], net.dims[i]]));
    return forward(tf, Ws, tf.tensor2d(Float32Array.from(p.X), [p.n, p.d]));
  });
  const f = Float64Array.from(out.dataSync());
  out.dispose();
  return f;
}

/** Fraction of points with y_k f(x_k) > 0. */
export function accuracy(f: Float64Array, y: ArrayLike<number>): number {
  let ok = 0;
  for (let k = 0; k < f.length; k++) if (y[k] * f[k] > 0) ok++;
  return ok / f.length;
}

/** Trains a copy of `net` on `data`; returns it with the epochs used and whether the target accuracy was reached. */
export function trainMlp(tf: Tf, net: MlpNet, data: LabelledPoints, o: TrainOptions): TrainResult {
  const rng = seedRng(o.seed);
  const { dims } = net, n = data.n, d = data.d;
  const vars: Variable[] = net.W.map((w, i) => {
    const init = tf.tensor2d(w, [dims[i + 1], dims[i]]);
    const v = tf.variable(init);
    init.dispose();
    return v;
  });
  const opt = o.optimizer === 'adam' ? tf.train.adam(o.lr) : o.optimizer === 'momentum' ? tf.train.momentum(o.lr, o.momentum ?? 0.9) : tf.train.sgd(o.lr);
  const X = tf.tensor2d(Float32Array.from(data.X), [n, d]);
  const Y = tf.tensor1d(Float32Array.from(data.y));
  const order = Int32Array.from({ length: n }, (_, k) => k);
  const target = o.stopAtAccuracy ?? 1;
  let epochs = 0, acc = 0, loss = Infinity;
  try {
    for (; epochs < o.maxEpochs; epochs++) {
      for (let i = n - 1; i > 0; i--) { const j = rngInt(rng, i + 1); const t = order[i]; order[i] = order[j]; order[j] = t; }
      for (let s = 0; s < n; s += o.batch) {
        const idx = order.slice(s, Math.min(n, s + o.batch));
        const noise = o.inputNoise ? Float32Array.from({ length: idx.length * d }, () => o.inputNoise! * gaussian(rng)) : undefined;
        tf.tidy(() => {
          const it = tf.tensor1d(idx, 'int32');
          let xb = tf.gather(X, it) as Tensor2D;
          if (noise) xb = xb.add(tf.tensor2d(noise, [idx.length, d]));
          const yb = tf.gather(Y, it);
          opt.minimize(() => {
            let loss = tf.softplus(forward(tf, vars as unknown as Tensor2D[], xb).mul(yb).neg()).mean();
            if (o.l2) loss = loss.add(tf.addN(vars.map((v) => v.square().sum())).mul(o.l2 / 2));
            return loss as import('@tensorflow/tfjs').Scalar;
          });
        });
      }
      const [accT, lossT] = tf.tidy(() => {
        const q = forward(tf, vars as unknown as Tensor2D[], X).mul(Y);
        return [q.greater(0).mean(), tf.softplus(q.neg()).mean()];
      });
      acc = accT.dataSync()[0];
      loss = lossT.dataSync()[0];
      tf.dispose([accT, lossT]);
      if (acc >= target && (o.stopAtLoss === undefined || loss <= o.stopAtLoss)) { epochs++; break; }
    }
  } finally {
    tf.dispose([X, Y]);
  }
  const out: MlpNet = { dims: [...dims], W: vars.map((v) => Float32Array.from(v.dataSync())) };
  tf.dispose(vars);
  opt.dispose();
  // tfjs 4.22: MomentumOptimizer.dispose() overrides SGDOptimizer.dispose() without calling it, so the scalar −lr (`c`)
  // it inherits is never freed (one tensor per optimizer; found by the leak test in test/models/mlp-train.test.ts)
  const c = (opt as unknown as { c?: Tensor }).c;
  if (o.optimizer === 'momentum' && c && !c.isDisposed) c.dispose();
  return { net: out, epochs, trainAccuracy: acc, trainLoss: loss, reached: acc >= target && (o.stopAtLoss === undefined || loss <= o.stopAtLoss) };
}

/**
 * The deep linear network's risk gradient by TensorFlow.js autodiff (float32), independent of the hand-written
 * Float64Array gradient of src/models/deep-linear.ts: the claim deep-linear-gradient-identity checks the slide's
 * identities on it, and the unit tests compare the two. With `relu`, a ReLU sits between the layers (a control).
 * Every tensor is created inside tf.tidy or disposed before returning (no leaks; tested by tf.memory()).
 * @example const tf = await loadTf(); const g = deepLinearGradTf(tf, net, X, y, n); // g[i] ≈ ∂R̂/∂W_i
 */
import type { DeepLinearNet } from './deep-linear.js';
import type { Tf } from './tf-backend.js';

/** ∂R̂/∂W_i of R̂ = (1/n)Σ_k log(1 + exp(−y_k f(x_k))) by tf.grads, as Float64Arrays (row-major like W_i). */
export function deepLinearGradTf(tf: Tf, net: DeepLinearNet, X: Float64Array, y: ArrayLike<number>, n: number,
  opts: { relu?: boolean } = {}): Float64Array[] {
  const { dims, W } = net, L = W.length, d = dims[0];
  const grads = tf.tidy(() => {
    const Xt = tf.tensor2d(Float32Array.from(X), [n, d]).transpose();
    const yt = tf.tensor1d(Array.from(y));
    const risk = (...Ws: import('@tensorflow/tfjs').Tensor[]) => {
      let h = Xt;
      for (let i = 0; i < L; i++) {
        h = (Ws[i] as import('@tensorflow/tfjs').Tensor2D).matMul(h as import('@tensorflow/tfjs').Tensor2D);
        if (opts.relu && i < L - 1) h = tf.relu(h);
      }
      return tf.softplus(h.reshape([n]).mul(yt).neg()).mean();
    };
    return tf.grads(risk)(W.map((w, i) => tf.tensor2d(Float32Array.from(w), [dims[i + 1], dims[i]])));
  });
  const out = grads.map((g) => Float64Array.from(g.dataSync()));
  tf.dispose(grads);
  return out;
}

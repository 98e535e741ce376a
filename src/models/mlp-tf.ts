/**
 * A bias-free ReLU MLP f(x) = W_L σ(W_{L−1} ⋯ σ(W_1 x)) evaluated and differentiated in the input by TensorFlow.js
 * (float32): tfjs earns its place here, since ∇_x f of a deep ReLU net by hand is a chain of masked products.
 * Layers are Float64Arrays W_i (d_{i+1}×d_i, row-major), as in src/models/deep-linear.ts. `slope` scales the
 * activation, σ(r) = slope·max(r, 0) (a control: the activation is then slope-Lipschitz).
 * @example const { f, grad } = mlpInputGradients(tf, dims, W, X, n); // grad[k*d + c] = ∂f(x_k)/∂x_c
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from './tf-backend.js';

export function mlpInputGradients(tf: Tf, dims: number[], W: Float64Array[], X: Float64Array, n: number, slope = 1): { f: Float64Array; grad: Float64Array } {
  const d = dims[0], L = W.length;
  const [fT, gT] = tf.tidy(() => {
    const Ws = W.map((w, i) => tf.tensor2d(Float32Array.from(w), [dims[i + 1], dims[i]]).transpose());
    const forward = (x: Tensor) => {
      let h = x as Tensor2D;
      for (let i = 0; i < L; i++) {
        h = h.matMul(Ws[i] as Tensor2D) as Tensor2D;
        if (i < L - 1) h = tf.relu(h).mul(slope) as Tensor2D;
      }
      return h.reshape([n]);
    };
    const x = tf.tensor2d(Float32Array.from(X), [n, d]);
    // rows do not interact, so the gradient of Σ_k f(x_k) in X holds ∇f(x_k) in row k
    const g = tf.grad((xx: Tensor) => forward(xx).sum())(x);
    return [forward(x), g];
  });
  const out = { f: Float64Array.from(fT.dataSync()), grad: Float64Array.from(gT.dataSync()) };
  tf.dispose([fT, gT]);
  return out;
}

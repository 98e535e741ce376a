import fc from 'fast-check';
import { makeDataset, type Dataset } from './dataset.js';

/**
 * The synthetic data of Soudry et al. (JMLR 2018), Fig. 1: support vectors x1 = (0.5, 1.5), x2 = (1.5, 0.5)
 * (y = +1) and x3 = −x1, x4 = −x2 (y = −1), whose l2 max-margin direction is (1, 1)/√2, plus 12 random points,
 * 6 per class, off the margin; Fig. 3 multiplies every second coordinate by 20 and trains Adam.
 * The paper does not say how its random points were drawn. Here they are ±λ(θx1 + (1 − θ)x2) with λ ∈ [1.5, 3],
 * θ ∈ [0, 1] (1/1000 grid): positive combinations of the support vectors at 1.5 to 3 times their margin. A linear
 * rescaling keeps them so, hence they stay off the margin (≥ 1.5× it) in every geometry after the ×20, and the
 * support set stays among x1..x4 (uniform random points can become the only support vector once the second
 * coordinate is stretched). Shrinks towards λ = 1.5, θ = 0.
 */
export function soudryFigureDataset(opts: { secondCoordinateScale?: number } = {}): fc.Arbitrary<Dataset & { scale: number }> {
  const scale = opts.secondCoordinateScale ?? 20;
  const k = fc.noBias(fc.integer({ min: 0, max: 1000 }));
  return fc.array(fc.tuple(k, k), { minLength: 12, maxLength: 12 }).map((raw) => {
    const points: number[][] = [[0.5, 1.5], [1.5, 0.5], [-0.5, -1.5], [-1.5, -0.5]];
    const labels = [1, 1, -1, -1];
    raw.forEach(([kl, kt], j) => {
      const lambda = 1.5 + (1.5 * kl) / 1000;
      const theta = kt / 1000;
      const sign = j < 6 ? 1 : -1;
      points.push([sign * lambda * (0.5 * theta + 1.5 * (1 - theta)), sign * lambda * (1.5 * theta + 0.5 * (1 - theta))]);
      labels.push(sign);
    });
    return Object.assign(makeDataset(points.map(([a, b]) => [a, b * scale]), labels), { scale });
  });
}

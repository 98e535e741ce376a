/**
 * The small problems the update-rule claims run on (src/experiments/update-rules.ts): least squares or the
 * logistic risk on a few points, a start w_0, an upper bound on the smoothness, and the rounding error of the
 * gradient, which the per-step bound needs.
 */
import fc from 'fast-check';
import { logistic } from '../losses/loss.js';
import { leastSquaresObjective, marginObjective } from '../optimizers/objectives.js';
import type { Objective } from '../optimizers/types.js';

/** A small problem: least squares or the logistic risk (both sums), its data and a start w_0. */
export interface RuleProblem {
  kind: 'least-squares' | 'logistic';
  n: number;
  d: number;
  /** point-major n×d (rows x_i; for the logistic risk, z_i = y_i x_i) */
  X: Float64Array;
  /** least-squares targets */
  y: Float64Array;
  w0: Float64Array;
}

/**
 * Entries are ±k/8 (k = 1 … 8, never 0, so no gradient coordinate vanishes by construction of a zero column),
 * targets ±k/2 and w_0 entries ±k/4 up to ±2: ‖∇F(w_0)‖ ranges from ~0.1 to ~20 (0.10–21 on 61 draws), so rules that act only on
 * large gradients (clipping) are exercised as well as small ones.
 */
export function ruleProblem(): fc.Arbitrary<RuleProblem> {
  const entry = (scale: number, max: number) => fc.tuple(fc.integer({ min: 1, max }), fc.boolean()).map(([k, neg]) => (neg ? -k : k) / scale);
  return fc
    .record({ kind: fc.constantFrom('least-squares' as const, 'logistic' as const), n: fc.integer({ min: 2, max: 6 }), d: fc.integer({ min: 2, max: 5 }) })
    .chain(({ kind, n, d }) =>
      fc.record({
        kind: fc.constant(kind),
        n: fc.constant(n),
        d: fc.constant(d),
        X: fc.array(entry(8, 8), { minLength: n * d, maxLength: n * d }).map((a) => Float64Array.from(a)),
        y: fc.array(entry(2, 6), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)),
        w0: fc.array(entry(4, 8), { minLength: d, maxLength: d }).map((a) => Float64Array.from(a)),
      }),
    );
}

export function objectiveOf(p: RuleProblem): Objective {
  return p.kind === 'least-squares' ? leastSquaresObjective(p.X, p.y) : marginObjective({ Z: p.X, n: p.n, d: p.d }, logistic);
}

/**
 * An upper bound on the smoothness of F: σ_max(X)² ≤ ‖X‖_F² for least squares, and a quarter of it for the
 * logistic risk (ℓ'' ≤ ¼). A bound (not σ_max itself) is all the step η = ½/β_F needs: a smaller step only
 * makes the run more stable, and the rule is checked whatever the step.
 */
export function smoothness(p: RuleProblem): number {
  let f = 0;
  for (const x of p.X) f += x * x;
  return p.kind === 'least-squares' ? f : f / 4;
}

/**
 * The rounding error of ∇F at a point, per coordinate, in units of u: a sum of n terms of d-term dot products
 * errs by ≤ (n + d)·u·Σ_i |x_ij|·(Σ_k |x_ik p_k| + |y_i|) for least squares, and by ≤ (n + d)·u·Σ_i |z_ij|·
 * (|ℓ'(u_i)| + ¼Σ_k |z_ik p_k|) for the logistic risk (ℓ'' ≤ ¼). It matters when the implementation takes the
 * gradient at a point that differs from ours by rounding (Nesterov's look-ahead from a velocity): two
 * evaluations at neighbouring points carry independent rounding, which near an optimum (small ∇F, large
 * terms) exceeds the rounding of the step itself (measured: up to 0.9 of the bound without this term).
 */
export function gradientNoise(p: RuleProblem, point: Float64Array, out: Float64Array): void {
  const { X, y, n, d } = p;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    let abs = 0;
    for (let k = 0; k < d; k++) {
      dot += X[i * d + k] * point[k];
      abs += Math.abs(X[i * d + k] * point[k]);
    }
    const size = p.kind === 'least-squares' ? abs + Math.abs(y[i]) : Math.abs(logistic.derivative(dot)) + abs / 4;
    for (let k = 0; k < d; k++) out[k] += (n + d) * Math.abs(X[i * d + k]) * size;
  }
}

export function describeProblem(p: RuleProblem): unknown {
  const rows = (a: Float64Array, w: number) => Array.from({ length: a.length / w }, (_, i) => Array.from(a.subarray(i * w, i * w + w)));
  return { kind: p.kind, n: p.n, d: p.d, X: rows(p.X, p.d), y: p.kind === 'least-squares' ? Array.from(p.y) : undefined, w0: Array.from(p.w0) };
}

/** Tried first: least squares from a far start, ‖∇F(w_0)‖ ≈ 9, where rules that act on large gradients (clipping) differ. */
export const LARGE_GRADIENT_EXAMPLE: RuleProblem = {
  kind: 'least-squares',
  n: 3,
  d: 2,
  X: Float64Array.from([1, 0.5, -0.25, 1, 0.75, 0.75]),
  y: Float64Array.from([3, -3, 1.5]),
  w0: Float64Array.from([-2, 2]),
};

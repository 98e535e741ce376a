/**
 * Margins of L-homogeneous models for the claims of CLAIMS.md section C (seed 004, "Margins"): the linear model
 * (L = 1) and the bias-free two-layer ReLU network (L = 2), losses without an exponential tail for the controls,
 * and the property runner over random parameters. Split from flow-claims.ts.
 */
import fc from 'fast-check';
import { datasetToJSON } from '../data/dataset.js';
import { separableDataset, type PlantedDataset, type SeparableOptions } from '../data/separable.js';
import { verifyDataset } from '../data/verify.js';
import { AssumptionError } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { exponential, type Loss } from '../losses/loss.js';
import { norm2 } from '../linalg/vec.js';
import { FLOW_DATA } from './flow-claims.js';

// ---------------------------------------------------------------------------------------------------------------
// Margins of L-homogeneous models (seed 004, "Margins"): the linear model (L = 1) and the bias-free two-layer ReLU
// network with both layers trained, f(x; a, W) = Σ_j a_j σ(⟨w_j, x⟩) (L = 2), on separable data.

/**
 * ℓ(u) = (1 + u)^{-2} for u ≥ 0 and 1 − 2u + 3u² for u < 0 (C², convex, decreasing): a loss with a polynomial tail,
 * for the controls of the smoothed-margin claims (its ℓ⁻¹(Σℓ) is not min_i m_i up to log n).
 */
export const polyTail: Loss = {
  name: 'poly-tail',
  value: (u) => (u >= 0 ? (1 + u) ** -2 : 1 - 2 * u + 3 * u * u),
  logValue: (u) => (u >= 0 ? -2 * Math.log1p(u) : Math.log(1 - 2 * u + 3 * u * u)),
  derivative: (u) => (u >= 0 ? -2 * (1 + u) ** -3 : -2 + 6 * u),
  inverse(v) {
    if (!(v > 0)) throw new RangeError(`polyTail.inverse: needs v > 0, got ${v}`);
    return v <= 1 ? v ** -0.5 - 1 : (1 - Math.sqrt(3 * v - 2)) / 3;
  },
  beta: 6,
};

/** ℓ(u) = max(0, 1 − u): not positive (zero beyond the margin), for the control of Proposition 10.1. */
export const hinge: Loss = {
  name: 'hinge',
  value: (u) => Math.max(0, 1 - u),
  logValue: (u) => (u < 1 ? Math.log(1 - u) : -Infinity),
  derivative: (u) => (u < 1 ? -1 : 0),
  inverse(v) {
    if (!(v > 0)) throw new RangeError(`hinge.inverse: needs v > 0, got ${v}`);
    return 1 - v;
  },
  beta: Infinity,
};

/** A parameter of an L-homogeneous model: θ = w (L = 1), or θ = (a ∈ R^k, W ∈ R^{k×d}) flattened as [a, W] (L = 2). */
export interface HomogeneousParameter { degree: 1 | 2; width: number; theta: Float64Array }

/** m_i(θ) = y_i f(x_i; θ) for every i: ⟨w, z_i⟩ (L = 1) or y_i Σ_j a_j max(⟨w_j, x_i⟩, 0) (L = 2). */
export function marginsOf(ds: PlantedDataset, p: HomogeneousParameter): Float64Array {
  const { n, d } = ds;
  const m = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (p.degree === 1) {
      let u = 0;
      for (let k = 0; k < d; k++) u += p.theta[k] * ds.Z[i * d + k];
      m[i] = u;
    } else {
      let f = 0;
      for (let j = 0; j < p.width; j++) {
        let r = 0;
        for (let k = 0; k < d; k++) r += p.theta[p.width + j * d + k] * ds.X[i * d + k];
        if (r > 0) f += p.theta[j] * r;
      }
      m[i] = ds.y[i] * f;
    }
  }
  return m;
}

/** ‖θ‖^L. */
export function normPower(p: HomogeneousParameter): number {
  return norm2(p.theta) ** p.degree;
}

/** cθ (so that m_i(cθ) = c^L m_i(θ)). */
export function scaled(p: HomogeneousParameter, c: number): HomogeneousParameter {
  return { ...p, theta: p.theta.map((v) => c * v) };
}

/** log Σ_i ℓ(m_i) by log-sum-exp of log ℓ (−Infinity when every ℓ(m_i) = 0). */
export function logRiskOfMargins(loss: Loss, m: Float64Array): number {
  let mx = -Infinity;
  for (const u of m) mx = Math.max(mx, loss.logValue(u));
  if (!Number.isFinite(mx)) return mx;
  let s = 0;
  for (const u of m) s += Math.exp(loss.logValue(u) - mx);
  return mx + Math.log(s);
}

/** γ̃ = ℓ⁻¹(Σ_i ℓ(m_i)) / ‖θ‖^L; for the exponential loss ℓ⁻¹(L) = −log L is taken from log L directly. */
export function smoothedOfMargins(loss: Loss, m: Float64Array, normL: number): number {
  const logL = logRiskOfMargins(loss, m);
  return (loss.name === 'exponential' ? -logL : loss.inverse(Math.exp(logL))) / normL;
}

/**
 * A separable dataset (as in the flow claims) with a parameter of a 1- or 2-homogeneous model: a random direction
 * (any sign of the margins) of norm 10^e, e ∈ [−6, 6] — from tiny parameters (where log n/‖θ‖^L is huge) to large
 * ones (where the margins are ~10^{6L} and only log-space arithmetic survives). Shrinks towards L = 1, fewer units,
 * e = 0.
 */
export function homogeneousProblem(data: SeparableOptions = FLOW_DATA): fc.Arbitrary<{ ds: PlantedDataset; param: HomogeneousParameter }> {
  const coord = fc.integer({ min: -1000, max: 1000 });
  return separableDataset(data).chain((ds) =>
    fc.record({
      degree: fc.constantFrom(1 as const, 2 as const),
      width: fc.integer({ min: 1, max: 4 }),
      raw: fc.array(coord, { minLength: 4 + 4 * ds.d, maxLength: 4 + 4 * ds.d }),
      exponent: fc.integer({ min: -6, max: 6 }),
    }).map(({ degree, width, raw, exponent }) => {
      const size = degree === 1 ? ds.d : width * (1 + ds.d);
      const theta = Float64Array.from(raw.slice(0, size), (v) => v / 1000);
      if (theta.every((v) => v === 0)) theta[0] = 1;
      const r = Math.hypot(...theta);
      for (let k = 0; k < size; k++) theta[k] *= 10 ** exponent / r;
      return { ds, param: { degree, width: degree === 1 ? 1 : width, theta } };
    }),
  );
}

/** Budgets of the claims on margins of fixed parameters (no dynamics: cheap). */
export const MARGIN_BUDGET = { numRuns: { smoke: 50, default: 1000, thorough: 10000 } } as const satisfies Record<string, Record<Profile, number>>;

/** Runs a property over (dataset, parameter) pairs. */
export function homogeneousProperty(ctx: ClaimContext, spec: { data?: SeparableOptions; trial(ds: PlantedDataset, p: HomogeneousParameter): TrialResult; decidedBy: string }): Outcome {
  const out = checkProperty(ctx, {
    arbitrary: homogeneousProblem(spec.data),
    numRuns: ctx.budget(MARGIN_BUDGET.numRuns),
    describeInput: ({ ds, param }) => ({ ...datasetToJSON(ds), degree: param.degree, width: param.width, theta: Array.from(param.theta) }),
    trial: ({ ds, param }) => {
      verifyDataset(ds, { unitBall: true });
      if (!param.theta.every(Number.isFinite)) throw new AssumptionError('parameter has a non-finite entry');
      return spec.trial(ds, param);
    },
    decidedBy: spec.decidedBy,
  });
  return out;
}

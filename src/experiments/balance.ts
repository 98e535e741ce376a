/**
 * Layers stay balanced (Du, Hu & Lee 2018; seed 002's proof remark on the deep linear gradient): under gradient flow
 * W_{i+1}ᵀW_{i+1} − W_iW_iᵀ is constant for a deep linear net, and a_j² − ‖w_j‖² per unit for a two-layer ReLU net.
 * GD with step η changes each of them by exactly η²(…) per step (the first-order terms cancel), so to a fixed time
 * τ = η·steps the drift is ≈ C·η: it vanishes linearly as η → 0. A conservation law that fails under the flow leaves
 * a drift that does not vanish with η.
 */
import fc from 'fast-check';
import { checkProperty } from '../harness/property.js';
import { ClaimViolation, Inconclusive } from '../harness/errors.js';
import type { ClaimContext, Outcome, Profile, TrialResult } from '../harness/types.js';
import { logistic } from '../losses/loss.js';
import { deepLinearGd, frobenius, type DeepLinearNet } from '../models/deep-linear.js';
import { relu2FullRiskGrad, unitBalance, type Activation, type Relu2Params } from '../models/relu2-full.js';
import { seedRng, rngUniform } from '../optimizers/rng.js';
import { fitLine } from '../metrics/fit.js';
import { balanceMatrix, randomNet } from './deep-linear.js';
import { gaussian, gaussianFill } from './random.js';

/** Steps η0·2^{−k}, k = 0..3, to the time τ = BALANCE_TIME (400–3200 steps). */
export const BALANCE_ETA0 = 0.2;
export const BALANCE_TIME = 80;
/**
 * Confirmed when the fitted slope of log drift against log η is ≥ 1 − SLOPE_TOL (predicted 1: the drift is a sum of
 * τ/η terms of size η²); violated when it is ≤ FLAT_SLOPE and the drift at the smallest step is above DRIFT_FLOOR of
 * the weights' scale (the drift does not vanish with η, so the flow does not conserve the quantity). 0.2 on both
 * sides: over one decade of η a drift C·η + O(η²) has slope within 0.1 of 1 when the O(η²) term is ≤ 20% of it.
 */
export const SLOPE_TOL = 0.2;
export const FLAT_SLOPE = 0.2;
export const DRIFT_FLOOR = 1e-6;
/** Drifts below this (relative to the scale) are rounding: 1e3 ulps × the number of steps. */
export const ROUNDING_DRIFT = 1e-10;

export const BALANCE_BUDGET = { numRuns: { smoke: 6, default: 40, thorough: 200 } } as const satisfies Record<string, Record<Profile, number>>;

export interface BalanceSetting {
  kind: 'deep-linear' | 'relu';
  n: number;
  d: number;
  X: Float64Array;
  y: Float64Array;
  dims: number[];
  width: number;
  seed: number;
}

/** Random points in the unit ball with random labels (any data: the law needs no separability), a net shape, a seed. */
export function balanceSetting(kinds: ('deep-linear' | 'relu')[] = ['deep-linear', 'relu']): fc.Arbitrary<BalanceSetting> {
  return fc.record({
    kind: fc.constantFrom(...kinds), n: fc.integer({ min: 3, max: 12 }), d: fc.integer({ min: 2, max: 5 }),
    width: fc.integer({ min: 2, max: 8 }), depth: fc.integer({ min: 2, max: 4 }), seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  }).map(({ kind, n, d, width, depth, seed }) => {
    const rng = seedRng(seed);
    const X = new Float64Array(n * d), y = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const x = gaussianFill(rng, new Float64Array(d));
      const r = Math.hypot(...x) / Math.sqrt(rngUniform(rng) * 0.9 + 0.1);
      for (let c = 0; c < d; c++) X[k * d + c] = x[c] / r;
      y[k] = rngUniform(rng) < 0.5 ? -1 : 1;
    }
    const dims = [d, ...Array.from({ length: depth - 1 }, () => width), 1];
    return { kind, n, d, X, y, dims: kind === 'relu' ? [d, width, 1] : dims, width, seed };
  });
}

/** The conserved quantities of a setting's parameters, flattened. */
type Conserved = (p: DeepLinearNet | Relu2Params) => Float64Array;

function deepLinearConserved(net: DeepLinearNet): Float64Array {
  const out: number[] = [];
  for (let i = 0; i + 1 < net.W.length; i++) out.push(...balanceMatrix(net.W[i], net.dims[i + 1], net.dims[i], net.W[i + 1], net.dims[i + 2]));
  return Float64Array.from(out);
}

/** The drift ‖Q(τ) − Q(0)‖ / max(1, ‖θ(τ)‖²) after GD with step η to time τ, and that scale. */
export function balanceDrift(s: BalanceSetting, eta: number, activation: Activation = 'relu', weightDecay = 0): { drift: number; scale: number } {
  const steps = Math.round(BALANCE_TIME / eta);
  if (s.kind === 'deep-linear') {
    const net = randomNet(s.dims, 1, s.seed);
    const q0 = deepLinearConserved(net);
    deepLinearGd(net, s.X, s.y, s.n, { loss: { kind: 'margin', loss: logistic }, eta, steps, checkpoints: [], onCheckpoint: () => {}, weightDecay });
    const q1 = deepLinearConserved(net);
    const scale = Math.max(1, ...net.W.map((w) => frobenius(w) ** 2));
    return { drift: frobenius(q1.map((v, i) => v - q0[i])) / scale, scale };
  }
  const rng = seedRng(s.seed);
  const m = s.width;
  const p: Relu2Params = { m, d: s.d, W: gaussianFill(rng, new Float64Array(m * s.d), 1 / Math.sqrt(s.d)), a: Float64Array.from({ length: m }, () => gaussian(rng)), activation };
  const q0 = unitBalance(p);
  for (let t = 0; t < steps; t++) {
    const g = relu2FullRiskGrad(p, s.X, s.y, s.n);
    for (let i = 0; i < p.W.length; i++) p.W[i] -= eta * (g.gW[i] + weightDecay * p.W[i]);
    for (let j = 0; j < m; j++) p.a[j] -= eta * (g.ga[j] + weightDecay * p.a[j]);
  }
  const q1 = unitBalance(p);
  const scale = Math.max(1, frobenius(p.W) ** 2 + frobenius(p.a) ** 2);
  return { drift: frobenius(q1.map((v, i) => v - q0[i])) / scale, scale };
}

/** The trial: drifts at four steps, the fitted slope, the decision. */
export function balanceTrial(activation: Activation, weightDecay = 0) {
  return (s: BalanceSetting): TrialResult => {
    const etas = [0, 1, 2, 3].map((k) => BALANCE_ETA0 / 2 ** k);
    const drifts = etas.map((eta) => balanceDrift(s, eta, activation, weightDecay).drift);
    const label = `${s.kind === 'relu' ? `two-layer ${activation} net, m=${s.width}` : `deep linear net dims [${s.dims.join(',')}]`}${weightDecay ? `, weight decay ${weightDecay}` : ''}, n=${s.n}`;
    const plot = {
      title: `balance drift at time τ = ${BALANCE_TIME} against the step (${label})`, xLabel: 'step η', yLabel: 'drift / scale', xLog: true, yLog: true,
      series: [
        { name: 'measured drift', x: etas, y: drifts },
        { name: 'C·η (matched at the largest η)', x: etas, y: etas.map((e) => drifts[0] * e / etas[0]), role: 'predicted' as const },
      ],
    };
    const figures: Record<string, number> = { driftLargestStep: drifts[0], driftSmallestStep: drifts[3], n: s.n };
    if (drifts[3] <= ROUNDING_DRIFT) return { figures: { ...figures, slope: NaN, exact: 1 }, slack: 1, plot };
    const fit = fitLine(etas.map(Math.log), drifts.map((v) => Math.log(Math.max(v, 1e-300))));
    figures.slope = fit.slope;
    const what = `layers-stay-balanced [${label}]: drift of the conserved quantity at τ = ${BALANCE_TIME} went ${drifts.map((v) => v.toExponential(2)).join(' → ')} for η = ${etas.join(', ')} (slope ${fit.slope.toFixed(3)} in log-log; the flow's law predicts 1)`;
    if (fit.slope <= FLAT_SLOPE && drifts[3] > DRIFT_FLOOR)
      throw new ClaimViolation(`${what}: the drift does not vanish as η → 0, so the flow does not conserve it`, figures, plot);
    if (!(fit.slope >= 1 - SLOPE_TOL)) throw new Inconclusive(`${what}: neither linear in η nor flat`, figures, plot);
    return { figures, slack: Math.min(1, (fit.slope - (1 - SLOPE_TOL)) / SLOPE_TOL), plot };
  };
}

export function balanceProperty(ctx: ClaimContext, trial: (s: BalanceSetting) => TrialResult, kinds?: ('deep-linear' | 'relu')[], decidedBy = 'GD at η = 0.2, 0.1, 0.05, 0.025 to time τ = 80, drift fitted against η'): Outcome {
  return checkProperty(ctx, {
    arbitrary: balanceSetting(kinds),
    numRuns: ctx.budget(BALANCE_BUDGET.numRuns),
    describeInput: (s) => ({ kind: s.kind, n: s.n, d: s.d, dims: s.dims, seed: s.seed }),
    trial,
    decidedBy,
  });
}

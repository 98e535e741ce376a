import fc from 'fast-check';
import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { checkProperty } from '../../src/harness/property.js';
import { fmt } from '../../src/experiments/flow-claims.js';
import { logistic, square, type Loss } from '../../src/losses/loss.js';
import { seed004 } from '../../src/experiments/sources.js';

/**
 * The "useful fact" of the Settings slides: ℓ'(z) = −e^{−z}/(1 + e^{−z}) ∈ (−1, 0) and |ℓ'(z)| ≤ ℓ(z), for the
 * logistic loss of src/losses (the implementation the ReLU claims use), over z from fast-check: any finite double
 * (±1e308, subnormals, 0), integers in [−800, 800], and the edges of the representable range.
 * Floating point decides what can be asserted, with the reasoning:
 *  - −1 ≤ ℓ'(z) ≤ 0 everywhere; strictly inside where the distance to the ends is representable: 1 + ℓ'(z) = σ(z)
 *    exceeds ε/2 for z ≥ STRICT_LOW = −36 (σ(−36) ≈ 2.3e-16), −ℓ'(z) = σ(−z) is a positive normal for z ≤ STRICT_HIGH = 700;
 *  - |ℓ'(z)| ≤ ℓ(z)·(1 + 4ε): exactly |ℓ'| = 1 − e^{−ℓ} ≤ ℓ with relative gap ≈ ℓ/2, which falls below rounding for
 *    z > 36; each side is computed to ~2 ulps, so 4ε.
 */
const STRICT_LOW = -36;
const STRICT_HIGH = 700;
const ULPS = 4 * Number.EPSILON;

const zArb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -800, max: 800 }),
  fc.double({ min: -40, max: 40, noNaN: true }),
  fc.constantFrom(0, -0, 5e-324, -5e-324, 36, -36, 37, -37, 700, 745, -745, 746, 1e308, -1e308),
);

function usefulFact(loss: Loss) {
  return (z: number) => {
    const d = loss.derivative(z), v = loss.value(z);
    const figures = { z, derivative: d, loss: v };
    const where = `[${loss.name}, z=${z}]`;
    if (!(d >= -1 && d <= 0)) throw new ClaimViolation(`logistic-derivative-bounded-by-loss ${where}: ℓ'(z) = ${fmt(d)} outside [−1, 0]`, figures);
    if (z >= STRICT_LOW && z <= STRICT_HIGH && !(d > -1 && d < 0)) throw new ClaimViolation(`logistic-derivative-bounded-by-loss ${where}: ℓ'(z) = ${d} not in the open interval (−1, 0)`, figures);
    if (!Number.isFinite(v)) throw new Error(`${loss.name}: ℓ(${z}) = ${v} is not finite (a bug of the loss, not a verdict)`);
    if (Math.abs(d) > v * (1 + ULPS)) throw new ClaimViolation(`logistic-derivative-bounded-by-loss ${where}: |ℓ'(z)| = ${fmt(Math.abs(d))} > ℓ(z) = ${fmt(v)}`, figures);
    return { figures, slack: v > 0 ? Math.min(1, 1 - Math.abs(d) / v) : 1 };
  };
}

function run(ctx: ClaimContext, loss: Loss) {
  return checkProperty(ctx, { arbitrary: zArb, numRuns: ctx.budget({ smoke: 500, default: 5000, thorough: 50000 }), trial: usefulFact(loss), decidedBy: `${loss.name} loss of src/losses` });
}

export const claim = defineClaim({
  id: 'logistic-derivative-bounded-by-loss',
  title: 'Logistic loss: ℓ\'(z) ∈ (−1, 0) and |ℓ\'(z)| ≤ ℓ(z)',
  group: 'C. Margins and gradient flow (two-layer ReLU)',
  topic: 'ReLU gradient bounds',
  source: seed004('Settings (logistic loss)', 'the "useful fact"', ['telgarskyDlt', 'jiTelgarsky2020Polylog']),
  statement: 'ℓ(z) = log(1 + e^{−z}): ℓ\'(z) = −e^{−z}/(1 + e^{−z}) ∈ (−1, 0) and |ℓ\'(z)| = −ℓ\'(z) ≤ ℓ(z) for every z',
  assumptions: ['z any finite double; ℓ, ℓ\' as implemented in src/losses/loss.ts'],
  measurement: 'ℓ\'(z) and ℓ(z) at generated z, including ±1e308, subnormals and the ends of the exponent range',
  expectation: `confirmed when ℓ' ∈ [−1, 0] everywhere, ∈ (−1, 0) for z ∈ [${STRICT_LOW}, ${STRICT_HIGH}], and |ℓ'| ≤ ℓ(1 + 4ε) (reasoning beside the constants)`,
  expected: 'confirmed',
  check: (ctx: ClaimContext) => run(ctx, logistic),
  control: {
    description: 'the square loss ½(1 − z)²: ℓ\'(z) = z − 1 leaves (−1, 0) and exceeds ℓ in absolute value for −1 < z < 3',
    check: (ctx: ClaimContext) => run(ctx, square),
  },
});

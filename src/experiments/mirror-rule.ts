/**
 * The update rule of mirror descent with ψ(w) = ‖w‖_p^p/p, checked step by step on an implementation's own
 * trajectory (claims/beyond-lectures/mirror-descent-update-rule), as src/experiments/update-rules.ts does for the
 * methods of Wilson et al.: given w_t as the implementation produced it, the rule predicts
 *
 *   θ_t = ∇ψ(w_t) = sign(w_t)|w_t|^{p−1},   θ' = θ_t − η∇F(w_t),   w_{t+1} = ∇ψ*(θ') = sign(θ')|θ'|^{1/(p−1)},
 *
 * per coordinate, and the implementation's w_{t+1} must agree to within a rounding bound.
 * Bound: θ' is known to within δ = C·u·((t + 2)(|θ_t| + η|g|) + (p − 1)|θ_t| + η·N) — an implementation that keeps
 * θ as its state (ours does) carries the rounding of t + 1 earlier additions of terms of that size, our θ_t is
 * recomputed from the rounded w_t (relative sensitivity p − 1), and N is the gradient's own rounding
 * (gradientNoise) — and the map φ(θ) = sign(θ)|θ|^{1/(p−1)} turns it into max_± |φ(θ' ± δ) − φ(θ')| (exact near
 * θ' = 0, where φ is steep for p > 2), plus C·u·|w_{t+1}| for the final rounding. C = ROUNDING_FACTOR = 16, the
 * update-rule claims' factor (reasoning in update-rules.ts). Measured ratios are reported as the claim's slack.
 */
import fc from 'fast-check';
import { ClaimViolation } from '../harness/errors.js';
import { checkProperty } from '../harness/property.js';
import type { ClaimContext, Outcome, TrialResult } from '../harness/types.js';
import type { Subject } from '../impl/subject.js';
import { LARGE_GRADIENT_EXAMPLE, describeProblem, gradientNoise, objectiveOf, ruleProblem, smoothness, type RuleProblem } from '../data/rule-problems.js';
import { ROUNDING_FACTOR, RULE_STEPS, unitRoundoff } from './update-rules.js';

type MirrorProblem = RuleProblem & { p: number };

const phi = (theta: number, p: number) => Math.sign(theta) * Math.abs(theta) ** (1 / (p - 1));

/** The worst step of the subject's mirror descent on one problem, in units of the rounding bound. */
export function mirrorRuleTrial(subject: Subject) {
  return (pr: MirrorProblem): TrialResult => {
    const obj = objectiveOf(pr);
    const eta = 0.5 / smoothness(pr);
    const { u, precision } = unitRoundoff(subject);
    const opt = subject.optimizer('mirrorDescent', { eta, p: pr.p }, [pr.X, pr.y]);
    const s = opt.init(pr.w0, obj);
    const g = new Float64Array(pr.d);
    const noise = new Float64Array(pr.d);
    let w = Float64Array.from(pr.w0);
    let worst = { t: 0, ratio: 0, j: 0, got: 0, rule: 0, bound: 0 };
    for (let t = 0; t < RULE_STEPS; t++) {
      obj.valueAndGrad(w, g);
      gradientNoise(pr, w, noise);
      opt.update(s, obj);
      for (let j = 0; j < pr.d; j++) {
        const th = Math.sign(w[j]) * Math.abs(w[j]) ** (pr.p - 1);
        const next = th - eta * g[j];
        const rule = phi(next, pr.p);
        const delta = ROUNDING_FACTOR * u * ((t + 2) * (Math.abs(th) + eta * Math.abs(g[j])) + (pr.p - 1) * Math.abs(th) + eta * noise[j]);
        const bound = Math.max(Math.abs(phi(next + delta, pr.p) - rule), Math.abs(phi(next - delta, pr.p) - rule)) + ROUNDING_FACTOR * u * Math.abs(rule) + Number.MIN_VALUE;
        const ratio = Math.abs(s.w[j] - rule) / bound;
        if (!(ratio <= worst.ratio)) worst = { t, ratio: Number.isNaN(ratio) ? Infinity : ratio, j, got: s.w[j], rule, bound };
      }
      if (!(worst.ratio <= 1)) break;
      w = Float64Array.from(s.w);
    }
    opt.verifyInputs();
    const figures = { n: pr.n, d: pr.d, p: pr.p, eta, unitRoundoff: u, worstRatio: worst.ratio, worstStep: worst.t };
    if (!(worst.ratio <= 1))
      throw new ClaimViolation(
        `step t=${worst.t}→${worst.t + 1}, coordinate ${worst.j}: the implementation gives ${worst.got}, the mirror-descent rule (p = ${pr.p}) ${worst.rule} (deviation ${Math.abs(worst.got - worst.rule).toExponential(3)}, ${worst.ratio.toPrecision(3)}× the ${precision} rounding bound ${worst.bound.toExponential(3)}); η = ${eta}`,
        figures,
      );
    return { figures, slack: 1 - worst.ratio };
  };
}

const NUM_RUNS = { smoke: 12, default: 60, thorough: 300 };

/** RULE_STEPS steps of the subject's mirror descent on each problem (p drawn from {1.5, 3}), every step within its bound. */
export function mirrorRuleProperty(ctx: ClaimContext): Outcome {
  return checkProperty(ctx, {
    arbitrary: fc.tuple(ruleProblem(), fc.constantFrom(1.5, 3)).map(([pr, p]) => ({ ...pr, p })),
    numRuns: ctx.budget(NUM_RUNS),
    trial: mirrorRuleTrial(ctx.subject),
    describeInput: (pr) => ({ ...(describeProblem(pr) as object), p: pr.p }),
    examples: [{ ...LARGE_GRADIENT_EXAMPLE, p: 3 }],
    decidedBy: `${RULE_STEPS} steps per problem, each compared with the rule driven by the implementation's own iterates`,
  });
}

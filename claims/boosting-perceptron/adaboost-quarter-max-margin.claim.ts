import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import { checkPropertyAsync } from '../../src/harness/property-async.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { weakLearnerMatrix, type WeakLearnerMatrix } from '../../src/data/weak-learners.js';
import { exponential } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/index.js';
import { maxMarginLp } from '../../src/solvers/lp.js';
import { l1Margin } from '../../src/experiments/boosting.js';
import { boundRuleText, withinBound } from '../../src/harness/rules.js';
import { subjectOf, type Subject } from '../../src/impl/subject.js';
import { PAPERS, telgarskyBoosting } from '../../src/experiments/sources.js';

/**
 * Telgarsky (ICML 2013), Prop. 3.10 with ν = 1 (AdaBoost's own step α_t = ½ ln((1 + γ_t)/(1 − γ_t))) and
 * θ = γ̄/4: after T = ⌈8 ln(n)/γ̄²⌉ iterations — n the number of examples (the paper's m) — the l1-normalized
 * margin min_i ⟨a, M_i⟩/‖a‖₁ is at least γ̄/4, γ̄ = max_{‖a‖₁ ≤ 1} min_i ⟨a, M_i⟩ the best margin over the weak
 * learners (columns of M, closed under negation: AdaBoost may take α < 0), by LP with a primal–dual certificate.
 * "After" is checked at every iteration of [T, 2T]. BOUND_TOL = 1e-6 (relative): γ̄ is certified to LP_TOL = 1e-7.
 */
const BOUND_TOL = 1e-6;


function quarterMarginAfterT(subject: Subject) {
  return async (W: WeakLearnerMatrix) => {
    const { n, m, M } = W;
    const gammaBar = (await maxMarginLp(M, n, m, 1)).gamma;
    const T = Math.ceil((8 * Math.log(n)) / gammaBar ** 2);
    const t: number[] = [];
    const margin: number[] = [];
    subject.run('adaboost', { eta: 1 }, marginObjective({ Z: M, n, d: m }, exponential), new Float64Array(m), 2 * T, (s) => {
      t.push(s.t);
      margin.push(l1Margin(M, n, m, s.w));
    }, { ratio: 1 + 1e-9 });
    const after = margin.filter((_, i) => t[i] >= T);
    const worst = Math.min(...after);
    const figures = { n, m, planted: W.planted, gammaBar, T, marginAtT: margin[t.indexOf(T)], minMarginOverT2T: worst, marginAt2T: margin.at(-1)!, quarter: gammaBar / 4 };
    const plot = {
      title: `AdaBoost's l1-normalized margin [n=${n}, m=${m}]`,
      xLabel: 'iteration t',
      yLabel: 'min_i ⟨a_t, M_i⟩/‖a_t‖₁',
      series: [
        { name: 'margin', x: t, y: margin },
        { name: 'γ̄/4', x: [T, 2 * T], y: [gammaBar / 4, gammaBar / 4], role: 'bound' as const },
        { name: 'γ̄', x: [1, 2 * T], y: [gammaBar, gammaBar], role: 'predicted' as const },
      ],
    };
    if (!withinBound(worst, gammaBar / 4, 'at least', BOUND_TOL)) {
      const at = t[margin.indexOf(worst, t.indexOf(T))];
      throw new ClaimViolation(`adaboost-quarter-max-margin [n=${n}, m=${m}]: margin ${worst.toPrecision(4)} at iteration ${at} ≥ T = ⌈8 ln ${n}/γ̄²⌉ = ${T}, below γ̄/4 = ${(gammaBar / 4).toPrecision(4)} (γ̄ = ${gammaBar.toPrecision(4)})`, figures, plot);
    }
    return { figures, slack: 1 - gammaBar / 4 / worst, plot };
  };
}

const NUM_RUNS = { smoke: 10, default: 50, thorough: 300 };

export const claim = defineClaim({
  id: 'adaboost-quarter-max-margin',
  title: 'AdaBoost reaches l1-normalized margin γ̄/4 after 8 ln(n)/γ̄² iterations (Telgarsky 2013)',
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'boosting',
  roles: ['adaboost'],
  source: telgarskyBoosting('Boosting methods find large margin boosted classifiers.', PAPERS.telgarsky2013, 'Prop. 3.10 with ν = 1, θ = γ̄/4 (the slide\'s "Theorem (T \'13)")'),
  statement: 'AdaBoost (α_t = ½ ln((1 + γ_t)/(1 − γ_t))) from a = 0: for t ≥ 8 ln(n)/γ̄², min_i ⟨a_t, M_i⟩/‖a_t‖₁ ≥ γ̄/4',
  assumptions: [
    'weak learners = columns of a ±1 margin matrix M (n ∈ [8, 40] examples, m ≤ 22 learners), weak-learnable by construction (k ∈ {3, 5, 7} planted columns with a strict +1 majority on every row, so γ̄ ≥ 1/k)',
    'γ̄ by LP over the l1 ball (signed weights, i.e. the class closed under negation), primal–dual certified',
  ],
  measurement: 'the l1-normalized margin of AdaBoost\'s weights at every iteration of [T, 2T], T = ⌈8 ln(n)/γ̄²⌉',
  expectation: boundRuleText({ value: 'the l1-normalized margin', side: 'at least', bound: 'γ̄/4', tol: BOUND_TOL, where: 'at every iteration of [T, 2T]' }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) =>
    checkPropertyAsync(ctx, { arbitrary: weakLearnerMatrix(), numRuns: ctx.budget(NUM_RUNS), trial: quarterMarginAfterT(ctx.subject), describeInput: (W) => ({ n: W.n, m: W.m, M: Array.from(W.M) }), decidedBy: 'AdaBoost to 2T = 2⌈8 ln n/γ̄²⌉' }),
  control: mutantControl('adaboost-inverted-step', (ctx) => checkPropertyAsync(ctx, { arbitrary: weakLearnerMatrix(), numRuns: ctx.budget(NUM_RUNS), trial: quarterMarginAfterT(ctx.subject), describeInput: (W) => ({ n: W.n, m: W.m, M: Array.from(W.M) }) }), 'it moves against the best learner'),
});

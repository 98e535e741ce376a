import { ClaimViolation } from '../../src/harness/errors.js';
import { defineClaim } from '../../src/harness/define.js';
import { mutantControl } from '../../src/impl/mutant-control.js';
import { checkProperty } from '../../src/harness/property.js';
import type { ClaimContext } from '../../src/harness/types.js';
import { datasetToJSON } from '../../src/data/dataset.js';
import { separableDataset, type PlantedDataset } from '../../src/data/separable.js';
import { logistic } from '../../src/losses/loss.js';
import { marginObjective } from '../../src/optimizers/index.js';
import { hardMarginSVM } from '../../src/solvers/svm.js';
import { countPerceptronMistakes } from '../../src/experiments/boosting.js';
import { boundRuleText, withinBound } from '../../src/harness/rules.js';
import { subjectOf, type Subject } from '../../src/impl/subject.js';
import { PAPERS, telgarskyBoosting } from '../../src/experiments/sources.js';

/**
 * Novikoff: from w_0 = 0 the perceptron makes at most (R/γ)² mistakes, R = max_i ‖x_i‖, γ the margin of any unit
 * separator; the data's best margin γ̄ (the verified hard-margin SVM) gives the tightest bound. The perceptron runs
 * cyclically until a full pass without a mistake; mistakes are counted by the run, not by the optimizer. If the
 * bound held, there would be ≤ ⌊(R/γ̄)²⌋ + 1 passes, so the run is capped at ⌊(R/γ̄)²⌋ + 2 passes: an optimizer
 * still erring then has made more mistakes than the bound.
 * BOUND_TOL = 1e-6 (relative, on the bound): γ̄ is certified to a relative duality gap ≤ 1e-8 (SVM_TOL), so
 * (R/γ̄)² is accurate to ~2e-8; mistakes are integers.
 */
const BOUND_TOL = 1e-6;

function mistakesWithinNovikoff(subject: Subject) {
  return (ds: PlantedDataset) => {
    const svm = hardMarginSVM(ds.Z, ds.n, ds.d);
    let R = 0;
    for (let i = 0; i < ds.n; i++) R = Math.max(R, Math.hypot(...ds.X.subarray(i * ds.d, (i + 1) * ds.d)));
    const bound = (R / svm.gamma) ** 2;
    const opt = subject.optimizer('perceptron', { eta: 1 }, [ds.Z]);
    const run = countPerceptronMistakes(opt, marginObjective(ds, logistic), ds.n * (Math.floor(bound) + 2));
    opt.verifyInputs();
    const figures = { n: ds.n, d: ds.d, R, gamma: svm.gamma, bound, mistakes: run.mistakes, visits: run.visits, converged: run.converged ? 1 : 0 };
    const plot = {
      title: `perceptron mistakes against Novikoff's (R/γ̄)² [n=${ds.n}, d=${ds.d}]`,
      xLabel: 'examples visited',
      yLabel: 'mistakes so far',
      series: [
        { name: 'mistakes', x: [...run.curve.t, run.visits], y: [...run.curve.mistakes, run.mistakes] },
        { name: '(R/γ̄)²', x: [0, run.visits], y: [bound, bound], role: 'bound' as const },
      ],
    };
    if (!withinBound(run.mistakes, bound, 'at most', BOUND_TOL))
      throw new ClaimViolation(
        `perceptron-mistake-bound [n=${ds.n}, d=${ds.d}]: ${run.mistakes} mistakes${run.converged ? '' : ` and still erring after ${run.visits} visits`} > (R/γ̄)² = (${R.toPrecision(4)}/${svm.gamma.toPrecision(4)})² = ${bound.toPrecision(5)}`,
        figures,
        plot,
      );
    return { figures, slack: 1 - run.mistakes / bound, plot };
  };
}

const NUM_RUNS = { smoke: 20, default: 100, thorough: 1000 };

export const claim = defineClaim({
  id: 'perceptron-mistake-bound',
  title: "Novikoff: the perceptron makes at most (R/γ)² mistakes on data separable with margin γ",
  group: 'D. Boosting, perceptron, margins of networks',
  topic: 'perceptron',
  roles: ['perceptron'],
  source: telgarskyBoosting('Margins? ("Margins & optimization: Novikoff \'62"); Boosting methods find large margin boosted classifiers ("A long history!")', PAPERS.novikoff1962, 'the perceptron convergence theorem: mistakes ≤ (R/γ)²'),
  statement: 'w_0 = 0, w ← w + y_i x_i whenever y_i⟨w, x_i⟩ ≤ 0 (cyclic order): #mistakes ≤ (R/γ̄)², R = max_i‖x_i‖, γ̄ = max_{‖u‖=1} min_i y_i⟨u, x_i⟩',
  assumptions: ['linearly separable data through the origin (planted, verified), n ∈ [4, 12], d ∈ [2, 4], ‖x_i‖ ≤ 1', 'w_0 = 0, η = 1, examples visited cyclically until a full pass without a mistake'],
  measurement: 'mistakes counted along the run (visits with y_i⟨w, x_i⟩ ≤ 0), against (R/γ̄)² with γ̄ from the verified hard-margin SVM',
  expectation: boundRuleText({ value: 'the number of mistakes', side: 'at most', bound: '(R/γ̄)²', tol: BOUND_TOL, where: 'on every run (stopped after a mistake-free pass, or ⌊(R/γ̄)²⌋ + 2 passes)' }),
  expected: 'confirmed',
  check: (ctx: ClaimContext) => checkProperty(ctx, { arbitrary: separableDataset(), numRuns: ctx.budget(NUM_RUNS), trial: mistakesWithinNovikoff(ctx.subject), describeInput: datasetToJSON, decidedBy: 'perceptron run to a mistake-free pass' }),
  control: mutantControl('perceptron-strict-mistake', (ctx) => checkProperty(ctx, { arbitrary: separableDataset(), numRuns: ctx.budget(NUM_RUNS), trial: mistakesWithinNovikoff(ctx.subject), describeInput: datasetToJSON }), 'it errs on every visit forever'),
});

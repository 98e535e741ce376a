import type { PlotSpec } from '../report/plot.js';
import type { OptimizerRole } from '../impl/interface.js';
import type { Subject } from '../impl/subject.js';
import type { Dataset } from '../data/dataset.js';
import type { OutcomeError } from './outcome-kinds.js';

/** The four verdicts, the single source of the Verdict type (helpers: src/harness/verdicts.ts). */
export const VERDICTS = ['confirmed', 'violated', 'inconclusive', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];
export type Profile = 'smoke' | 'default' | 'thorough';
export const PROFILES: readonly Profile[] = ['smoke', 'default', 'thorough'];

/** Where a claim comes from: the lecture (seed file), the slide, and the paper and theorem behind it. */
export interface ClaimSource {
  /** seed file name in ../shared/seeds, e.g. "000_0251b693439ede5e.txt" */
  seed: string;
  /** lecture title (becomes the Allure epic) */
  lecture: string;
  /** slide heading the statement is on */
  slide: string;
  /** paper, e.g. "Soudry, Hoffer, Nacson, Gunasekar, Srebro (JMLR 2018)" */
  paper?: string;
  /** theorem / lemma / section in the paper */
  theorem?: string;
  /** links to the paper(s) */
  links?: { name: string; url: string }[];
}

/** What a check reports about one trial (one dataset) that held. */
export interface TrialResult {
  /** measured figures of this trial */
  figures: Record<string, number>;
  /**
   * How close the trial came to breaking the claim, as a fraction of the tolerance or bound (1 = nowhere near,
   * 0 = on the edge). The runner reports the smallest slack over all trials.
   */
  slack?: number;
  /** a plot of the measured curve against the predicted one */
  plot?: PlotSpec;
  /** the trajectory or other data behind the figures, attached as JSON */
  data?: unknown;
  /** the budget could not decide this trial: the reason, and what budget would */
  inconclusive?: string;
}

/** The verdict of a claim (or of its negative control) with everything the report needs. */
export interface Outcome {
  verdict: Verdict;
  message: string;
  figures: Record<string, number>;
  /** the run's seed; with `path` it replays a property counterexample */
  seed: number;
  path?: string;
  counterexample?: unknown;
  replayCommand?: string;
  plot?: PlotSpec;
  data?: unknown;
  /** trials run (datasets tried) */
  trials: number;
  /** smallest slack seen over the trials (how close the claim came to breaking) */
  minSlack?: number;
  /** which dynamics / budget decided it (e.g. "GD to t = 1e6", "gradient flow to t = 1e30") */
  decidedBy?: string;
  durationMs: number;
  /** verdict "error": the JavaScript stack of the exception (an attachment of the report, never inline) */
  stack?: string;
  /**
   * verdict "error": whose failure it is (the implementation under test and its fault, an assumption, a solver,
   * the harness, or "not applicable"), set where the exception is caught (src/harness/outcome-kinds.ts); programs
   * read this, never the message
   */
  error?: OutcomeError;
}

/** What a check receives: the profile, the seed, a budget picker and (when replaying) the fast-check path. */
export interface ClaimContext {
  readonly profile: Profile;
  readonly seed: number;
  /** fast-check path of a counterexample to replay (no search, no shrinking) */
  readonly path?: string;
  /** true when this run is a negative control: find a failure fast, do not spend time shrinking */
  readonly control: boolean;
  /**
   * Stop at the first failure without shrinking it (the power and false-alarm runs of src/impl/power.ts only need
   * the verdict; the failing input is still replayable from seed and path). Unset: shrink as usual.
   */
  readonly noShrink?: boolean;
  /**
   * The subject under test: the optimizers of every role the claim exercises come from here
   * (`ctx.subject.optimizer(role, hyper)`, `ctx.subject.run(…)`), guarded — our reference in `claims run`, the
   * user's implementation in `claims check --impl`, a mutant in `power`.
   */
  readonly subject: Subject;
  budget<T>(b: Record<Profile, T>): T;
  /** progress line for long runs */
  progress(message: string): void;
}

/** A claim as a documented record: what is claimed, where it comes from, how it is checked. */
export interface ClaimDefinition {
  /** catalogue id (../shared/CLAIMS.md), states the property */
  id: string;
  /** one-line title */
  title: string;
  /** catalogue section, e.g. "A. Gradient descent on separable data" */
  group: string;
  /** topic (Allure feature), e.g. "direction", "rates", "bounds" */
  topic: string;
  /**
   * The optimizer roles the claim exercises (src/impl/interface.ts). `claims check --impl` runs a claim when the
   * module provides every one of them; a claim with no roles (a statement about data or a solver) runs only
   * against the reference.
   */
  roles?: readonly OptimizerRole[];
  source: ClaimSource;
  /** the statement as checked (unicode math; quotes no more of the slide than the formula) */
  statement: string;
  /** assumptions, each verified on every generated input */
  assumptions: string[];
  /** what is measured */
  measurement: string;
  /** the decision rule: what counts as confirmed, with the tolerance and its reasoning */
  expectation: string;
  /** expected verdict for a correct implementation (a hypothesis, data not target) */
  expected: Verdict;
  /** why the expected verdict is what it is (required for anything but "confirmed") */
  expectedReason?: string;
  /** for a statement checked as written: what the slide wrote, why it fails, and the corrected twin's id */
  asWritten?: { explanation: string; correctedTwin?: string };
  /** the check itself */
  check(ctx: ClaimContext): Promise<Outcome> | Outcome;
  /**
   * The check on one dataset a user gives (`claims check --data points.csv`), for claims that can be checked on any
   * dataset meeting their assumptions ("dataset-generic"). The data arrive verified (finite, labels ±1, ‖x_i‖ ≤ 1,
   * separable through the origin); an assumption of this claim alone that the data miss (e.g. general position)
   * is thrown as NotApplicable (src/impl/on-data.ts). Optimizer roles run through the selected implementation as in
   * `check`. Helpers: src/impl/on-data.ts.
   */
  onData?(ctx: ClaimContext, ds: Dataset): Promise<Outcome> | Outcome;
  /** the negative control: an input or implementation for which the claim must come out `expected` (violated) */
  control: {
    description: string;
    expected?: Verdict;
    /**
     * What the control runs: 'subject' (default) — a variant of the subject under test built from wrappers
     * (src/impl/wrappers.ts) or the subject on other data, so under `claims check` it exercises the user's
     * implementation and a control that does not come out `expected` is the implementation's doing; 'mutant' — a
     * known-broken variant of our reference (src/impl/mutant-control.ts mutantControl sets it), independent of the subject.
     */
    runs?: 'subject' | 'mutant';
    check(ctx: ClaimContext): Promise<Outcome> | Outcome;
  };
}

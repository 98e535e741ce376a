/**
 * The one execution path of `claims run`, `check`, `power` and `false-alarms`:
 *
 *   jobs → isolated children (src/impl/isolate.ts: time limits, kills, options over IPC) → outcomes → the run's
 *   own folder reports/runs/<run id>/ (outcomes, Allure results through the one writer src/report/allure-direct.ts,
 *   audit / power.json / false-alarms.json) → publish under the reports folder's lock (src/report/run-dir.ts) →
 *   the lines of the table (src/report/table.ts) → the exit code (src/report/exit-codes.ts).
 *
 * A command is a {@link Plan}: its jobs, what it does with each result as it arrives, what it stages once all
 * are in, what it publishes, what it prints and its exit code. Runs never delete shared folders: everything is
 * staged in the run's folder, and only publishing — one run at a time, by atomic renames — touches shared files.
 *
 * `npm test` does not come through here: vitest is the gate (src/harness/vitest.ts), running each claim's test
 * in-process through the same runClaim as the children, with no report (README "Which engine serves what").
 */
import type { ChildOptions, ClaimJob, JobResult } from '../impl/isolate.js';
import { newRunDir, withLock } from '../report/run-dir.js';
import { configure } from '../harness/settings.js';
import type { Options } from './options.js';

/** A run in progress: its id, its own folder, where it prints. */
export interface Stage {
  runId: string;
  /** reports/runs/<run id>/ */
  dir: string;
  options: Options;
  log(line: string): void;
}

/** One command as the engine runs it; `S` is what it stages (an audit, a power table, false-alarm counts). */
export interface Plan<S> {
  /** the line printed before the jobs start */
  header: string;
  jobs: ClaimJob[];
  /** called as each job finishes (in the order they finish); awaited before that child takes its next job */
  onResult?(r: JobResult, stage: Stage): void | Promise<void>;
  /** once every job is done: write the run's files into stage.dir and return what they say */
  stage(results: JobResult[], stage: Stage): Promise<S>;
  /** holding the reports folder's lock: make the staged files the folder's (as far as this kind of run does) */
  publish(staged: S, stage: Stage): Published;
  /** the table and summary lines, and the exit code */
  conclude(staged: S, published: Published, stage: Stage, seconds: number): { lines: string[]; code: number };
}

/** What publishing did: whether the HTML report was built (and where, or why not), and where the results are. */
export interface Published {
  report: { ok: boolean; message: string };
  note: string;
}

export interface Executed<S> {
  code: number;
  staged: S;
  runId: string;
  dir: string;
}

/** What a child is told of the run (src/impl/isolate.ts ChildOptions). */
export function childOptions(o: Options): ChildOptions {
  return { profile: o.profile, seed: o.seed, ...(o.data ? { data: o.data } : {}), settings: o.settings };
}

/** Runs a plan: stage in a folder of its own, run the jobs isolated, stage, publish under the lock, conclude. */
export async function execute<S>(o: Options, plan: Plan<S>): Promise<Executed<S>> {
  const log = o.quiet ? () => {} : (s: string) => console.log(s);
  configure(o.settings); // this process's share of the run's settings (the TensorFlow.js backend of the environment line)
  const started = performance.now();
  const { id: runId, dir } = newRunDir(o.reports);
  const stage: Stage = { runId, dir, options: o, log };
  log(plan.header);
  const { runJobsIsolated } = await import('../impl/isolate.js');
  const results = await runJobsIsolated(plan.jobs, {
    limitMs: o.timeLimitS * 1000,
    concurrency: o.jobs,
    heapMb: o.heapMb,
    child: childOptions(o),
    onResult: plan.onResult ? (r) => plan.onResult!(r, stage) : undefined,
  });
  const staged = await plan.stage(results, stage);
  const published = withLock(o.reports, () => plan.publish(staged, stage));
  const { lines, code } = plan.conclude(staged, published, stage, (performance.now() - started) / 1000);
  for (const line of lines) log(line);
  return { code, staged, runId, dir };
}

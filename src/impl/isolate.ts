/**
 * Runs claim checks in child processes that are terminated at a time limit, so that an implementation whose
 * update never returns (or that calls process.exit, or exhausts memory) costs one "error" verdict and the run goes
 * on with the next check. Children are reused across checks (the GD runs memoized in a child are shared by the
 * claims it runs); a child is replaced after a timeout or a crash.
 *
 * The child is src/impl/claim-child.ts, started as `node --import tsx` with an IPC channel (structured clone). It
 * receives its options over that channel (profile, seed, dataset, settings: {@link ChildOptions}), never through
 * the environment.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayCommand } from '../harness/replay.js';
import type { RuntimeSettings } from '../harness/settings.js';
import type { Outcome, Profile } from '../harness/types.js';
import type { OutcomeError } from '../harness/outcome-kinds.js';
import { ImplementationRefused } from './faults.js';
import type { OptimizerRole } from './interface.js';
import { TSX_LOADER } from '../cli/package-root.js';
import { afterStderr, appendStderr, lastLines } from './child-stderr.js';
import { installInterruptHandlers, killGroup, noteGroup, track, untrack } from './process-tree.js';

/** One check to run: a claim's check, its control, or its onData on the user's dataset. */
export interface ClaimJob {
  /** unique key of the job in this run */
  key: string;
  /** claim file, relative to the project root */
  file: string;
  id: string;
  which: 'claim' | 'control' | 'data';
  /** the implementation (--impl spec: a module path, `builtin:<name>`, or a protocol command); none = reference */
  impl?: string;
  /** seed of this check (default: the pool's seed) */
  seed?: number;
  /** jobs with the same group run one after another in the same child (to share its memoized GD runs) */
  group?: string;
  /** stop at the first failure, no shrinking (power and false-alarm runs need only the verdict) */
  noShrink?: boolean;
}

export interface JobResult {
  job: ClaimJob;
  outcome: Outcome;
}

/** What a child is told when it starts (over IPC): the run's profile and seed, the user's dataset, the settings. */
export interface ChildOptions {
  profile: Profile;
  seed: number;
  data?: { path: string; rescale: boolean; intercept: boolean };
  settings: RuntimeSettings;
}

export interface PoolOptions {
  /** wall-clock limit of one check, ms */
  limitMs: number;
  /** children at once (default: available cores, at most 2) */
  concurrency?: number;
  /** the children's options (sent over IPC when each starts) */
  child: ChildOptions;
  /** V8 heap limit of the children, MB (--max-old-space-size; CLAIMS_HEAP_MB at the CLI) */
  heapMb?: number;
  /** called as each job finishes (awaited before that lane takes its next job) */
  onResult?(r: JobResult): void | Promise<void>;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'claim-child.ts');

interface Worker {
  proc: ChildProcess;
  /** the tail of the child's stderr */
  stderr: string;
  /** V8's fatal out-of-memory line was seen on stderr (sticky: the native stack that follows can push it out of the tail) */
  oom: boolean;
  busy?: { job: ClaimJob; timer: NodeJS.Timeout; resolve(o: Outcome): void; started(): void; since: number };
  dead: boolean;
  /** the child's V8 heap limit (bytes), as it reported when it started */
  heapLimit?: number;
  /** the options it was started with (profile, seed, data: for the replay command of an error) */
  options: ChildOptions;
  /** its heap limit as set (MB), if any */
  heapMb?: number;
}

/** Extra V8 flags of the children: heapMb sets their heap limit (--max-old-space-size). */
function childExecArgv(heapMb?: number): string[] {
  return ['--import', TSX_LOADER, ...(heapMb && heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : [])];
}

function startChild(options: ChildOptions, limitMs: number, heapMb?: number): Worker {
  const proc = fork(CHILD, [], {
    execArgv: childExecArgv(heapMb),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
    // its own process group: a timeout kills the check and whatever it started (a protocol child, …)
    detached: true,
  });
  track(proc);
  // the run's options, and the check's time limit as the limit of one run of the implementation (src/impl/guard.ts)
  proc.send({ type: 'options', options: { ...options, settings: { ...options.settings, implTimeLimitMs: limitMs } } });
  const w: Worker = { proc, stderr: '', oom: false, dead: false, options, heapMb };
  proc.stderr?.on('data', (b: Buffer) => appendStderr(w, b.toString()));
  proc.on('message', (m: { type: string; key: string; outcome: Outcome; pgid: number; alive: boolean; heapLimit: number }) => {
    if (m.type === 'ready') w.heapLimit = m.heapLimit;
    // a protocol child's process group: killed with this child's (it lives in a group of its own)
    if (m.type === 'group') noteGroup(proc, m.pgid, m.alive);
    if (m.type === 'started' && w.busy?.job.key === m.key) return w.busy.started();
    if (m.type !== 'result' || !w.busy || w.busy.job.key !== m.key) return;
    const { timer, resolve } = w.busy;
    clearTimeout(timer);
    w.busy = undefined;
    resolve(m.outcome);
  });
  proc.on('exit', (code, signal) => {
    w.dead = true;
    killGroup(proc); // whatever it started and left behind
    untrack(proc);
    if (w.busy) {
      const { job, timer, resolve, since } = w.busy;
      clearTimeout(timer);
      w.busy = undefined;
      const durationMs = performance.now() - since;
      // the exit can come before the last of stderr (V8's fatal error) has been read: judge once it has
      afterStderr(w, () => resolve({ ...errorOutcome(job, exitMessage(job, code, signal, w), w.options, processFault(job, w.oom ? 'out-of-memory' : 'exited')), durationMs }));
    }
  });
  return w;
}

/**
 * Why a check's process died before reporting: out of memory (V8's fatal error, named with the heap limit), or
 * an exit — any code, 0 included (a module or implementation that calls process.exit) — with its stderr's tail.
 */
function exitMessage(job: ClaimJob, code: number | null, signal: NodeJS.Signals | null, w: Worker): string {
  const prefix = blames(job) ? `ImplementationError: [${w.oom ? 'out-of-memory' : 'exited'}] ${job.impl}: ` : 'Error: ';
  if (w.oom) {
    const limit = heapLimitText(w);
    return `${prefix}the check's process ran out of memory (JavaScript heap limit ${limit}; raise it with CLAIMS_HEAP_MB) and was stopped by V8 (${signal ?? `code ${code}`})`;
  }
  return `${prefix}the check's process exited (${signal ?? `code ${code}`}) before reporting${blames(job) ? ` while running ${job.impl}` : ''}: ${lastLines(w.stderr)}`;
}

/** A fault of a check is the implementation's when it ran one (controls too: they are wrappers over the subject). */
function blames(job: ClaimJob): boolean {
  return !!job.impl;
}
/** The typed kind of a process fault this parent detects itself: the implementation's, or the harness's (our reference). */
function processFault(job: ClaimJob, fault: 'timeout' | 'exited' | 'out-of-memory'): OutcomeError {
  return blames(job) ? { kind: 'implementation', fault, name: 'ImplementationError' } : { kind: 'harness', fault, name: 'Error' };
}
/** V8's whole heap limit as the child reported it, and the old-space limit set by CLAIMS_HEAP_MB if any. */
function heapLimitText(w: Worker): string {
  const mb = w.heapMb ?? 0;
  return `${w.heapLimit ? `${(w.heapLimit / 2 ** 20).toFixed(0)} MB` : 'unknown'}${mb > 0 ? `, old space CLAIMS_HEAP_MB=${mb}` : ''}`;
}



function errorOutcome(job: ClaimJob, message: string, o: ChildOptions, error: OutcomeError): Outcome {
  const seed = job.seed ?? o.seed;
  const replay = replayCommand({ id: job.id, which: job.which, impl: job.impl, data: o.data?.path }, { seed }, o.profile);
  return { verdict: 'error', message, error, figures: {}, seed, trials: 0, durationMs: 0, ...(replay ? { replayCommand: replay } : {}) };
}

/**
 * Loading (tsx, the claim's module, the implementation) has its own limit, LOAD_LIMIT_MS or the check's limit if
 * larger: a machine busy with other work must not eat the check's time, and an implementation whose module never
 * finishes loading is still stopped.
 */
const LOAD_LIMIT_MS = 120_000;

function runOn(w: Worker, job: ClaimJob, limitMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const kill = (what: string) => () => {
      w.busy = undefined;
      w.dead = true;
      killGroup(w.proc);
      resolve({
        ...errorOutcome(
          job,
          blames(job)
            ? `ImplementationError: [timeout] ${job.impl}: ${what} (an update that never returns, or an implementation too slow for this profile: raise the limit with --time-limit)`
            : `Error: [timeout] ${what} (the reference optimizers: a budget too large for this machine, or a long shrink; raise the limit with --time-limit)`,
          w.options,
          processFault(job, 'timeout'),
        ),
        durationMs: performance.now() - started,
      });
    };
    const loadLimit = Math.max(limitMs, LOAD_LIMIT_MS);
    const timer = setTimeout(kill(`loading the ${job.which === 'control' ? 'negative control' : 'check'} of ${job.id} took more than ${(loadLimit / 1000).toFixed(0)} s; it was terminated`), loadLimit);
    w.busy = {
      job,
      timer,
      resolve,
      since: started,
      started() {
        clearTimeout(w.busy!.timer);
        w.busy!.timer = setTimeout(kill(`the ${job.which === 'control' ? 'negative control' : 'check'} of ${job.id} did not finish within the time limit of ${(limitMs / 1000).toFixed(0)} s and was terminated`), limitMs);
      },
    };
    w.proc.send({ type: 'job', job });
  });
}

/**
 * Runs the jobs, at most `concurrency` at a time, each in a child process with the time limit; returns every
 * job's outcome (in the order of `jobs`). Never throws for a job: a timeout or a crash is that job's "error".
 */
export async function runJobsIsolated(jobs: ClaimJob[], opts: PoolOptions): Promise<JobResult[]> {
  installInterruptHandlers();
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? Math.min(2, availableParallelism()), jobs.length));
  // queue of groups: a group's jobs run in order in one child
  const groups = new Map<string, ClaimJob[]>();
  for (const j of jobs) {
    const g = j.group ?? j.key;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(j);
  }
  const queue = [...groups.values()];
  const results = new Map<string, Outcome>();
  const lane = async () => {
    let w: Worker | null = null;
    for (let group = queue.shift(); group; group = queue.shift()) {
      for (const job of group) {
        if (!w || w.dead) w = startChild(opts.child, opts.limitMs, opts.heapMb);
        const outcome = await runOn(w, job, opts.limitMs);
        results.set(job.key, outcome);
        await opts.onResult?.({ job, outcome });
      }
    }
    if (w && !w.dead) {
      w.proc.send({ type: 'exit' });
      await new Promise<void>((r) => {
        const t = setTimeout(() => {
          killGroup(w!.proc);
          r();
        }, 5000);
        w!.proc.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return jobs.map((job) => ({ job, outcome: results.get(job.key)! }));
}

/** What `describeIsolated` learns of an implementation: what `claims check` prints and selects claims by. */
export interface ImplementationInfo {
  name: string;
  roles: OptimizerRole[];
  precision?: 'float64' | 'float32';
}

/**
 * Loads an implementation in a child process and returns its name and roles, or throws ImplementationRefused
 * (src/impl/faults.ts) naming why it cannot be checked. The user's code never runs in this process: a module that calls
 * process.exit at import (with any code), exhausts memory or never finishes loading is refused — never a run that
 * exits 0 having checked nothing.
 */
export async function describeIsolated(spec: string, child: ChildOptions, heapMb?: number): Promise<ImplementationInfo> {
  installInterruptHandlers();
  const w = startChild(child, LOAD_LIMIT_MS, heapMb);
  type Reply = { type: string; info?: ImplementationInfo; error?: string; refused?: { spec: string; reason: string } };
  const reply = await new Promise<Reply | { exited: string }>((resolve) => {
    const timer = setTimeout(() => resolve({ exited: `it did not finish loading within ${LOAD_LIMIT_MS / 1000} s` }), LOAD_LIMIT_MS);
    w.proc.on('message', (m: Reply) => {
      if (m.type !== 'described') return;
      clearTimeout(timer);
      resolve(m);
    });
    w.proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      afterStderr(w, () => resolve({
        exited: w.oom
          ? `loading it ran out of memory (JavaScript heap limit ${heapLimitText(w)}; raise it with CLAIMS_HEAP_MB)`
          : `the process loading it exited (${signal ?? `code ${code}`}) before reporting — does the module call process.exit at import? ${lastLines(w.stderr)}`,
      }));
    });
    w.proc.send({ type: 'describe', spec });
  });
  killGroup(w.proc);
  if ('exited' in reply) throw new ImplementationRefused(spec, reply.exited);
  // the child's refusal keeps its own spec and reason (a protocol child names its command); any other error is wrapped
  if (reply.refused) throw new ImplementationRefused(reply.refused.spec, reply.refused.reason);
  if (reply.error !== undefined) throw new ImplementationRefused(spec, reply.error);
  return reply.info!;
}

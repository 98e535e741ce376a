/**
 * Runs claim checks in child processes that are terminated at a time limit, so that an implementation whose
 * update never returns (or that calls process.exit, or exhausts memory) costs one "error" verdict and the run goes
 * on with the next check. Children are reused across checks (the GD runs memoized in a child are shared by the
 * claims it runs); a child is replaced after a timeout or a crash.
 *
 * The child is src/impl/claim-child.ts, started as `node --import tsx` with an IPC channel (structured clone).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome } from '../harness/types.js';
import { TSX_LOADER } from '../cli/package-root.js';

/** One check to run: a claim's check, its control, or its onData on the user's dataset. */
export interface ClaimJob {
  /** unique key of the job in this run */
  key: string;
  /** claim file, relative to the project root */
  file: string;
  id: string;
  which: 'claim' | 'control' | 'data';
  /** the implementation (CLAIMS_IMPL spec: a module path, `builtin:<name>`, or a protocol command); none = reference */
  impl?: string;
  /** seed of this check (default: the pool's CLAIMS_SEED) */
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

export interface PoolOptions {
  /** wall-clock limit of one check, ms */
  limitMs: number;
  /** children at once (default: available cores, at most 2) */
  concurrency?: number;
  /** environment of the children on top of process.env (CLAIMS_PROFILE, CLAIMS_SEED, CLAIMS_DATA, …) */
  env?: Record<string, string | undefined>;
  /** called as each job finishes (awaited before that lane takes its next job) */
  onResult?(r: JobResult): void | Promise<void>;
}

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'claim-child.ts');
const STDERR_TAIL = 2000;

interface Worker {
  proc: ChildProcess;
  stderr: string;
  busy?: { job: ClaimJob; timer: NodeJS.Timeout; resolve(o: Outcome): void; started(): void };
  dead: boolean;
}

function startChild(env: Record<string, string | undefined>, limitMs: number): Worker {
  const proc = fork(CHILD, [], {
    execArgv: ['--import', TSX_LOADER],
    env: { ...process.env, ...env, CLAIMS_IMPL_TIME_LIMIT_MS: String(limitMs) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
    // its own process group: a timeout kills the check and whatever it started (a protocol child, …)
    detached: true,
  });
  live.add(proc);
  proc.on('exit', () => live.delete(proc));
  const w: Worker = { proc, stderr: '', dead: false };
  proc.stderr?.on('data', (b: Buffer) => {
    w.stderr = (w.stderr + b.toString()).slice(-STDERR_TAIL);
  });
  proc.on('message', (m: { type: string; key: string; outcome: Outcome }) => {
    if (m.type === 'started' && w.busy?.job.key === m.key) return w.busy.started();
    if (m.type !== 'result' || !w.busy || w.busy.job.key !== m.key) return;
    const { timer, resolve } = w.busy;
    clearTimeout(timer);
    w.busy = undefined;
    resolve(m.outcome);
  });
  proc.on('exit', (code, signal) => {
    w.dead = true;
    if (w.busy) {
      const { job, timer, resolve } = w.busy;
      clearTimeout(timer);
      w.busy = undefined;
      resolve(errorOutcome(job, `Error: the check's process exited (${signal ?? `code ${code}`}) before reporting${job.impl ? ` while running ${job.impl}` : ''}: ${lastLines(w.stderr)}`));
    }
  });
  return w;
}

/** The children alive, killed with their process groups if this process is interrupted. */
const live = new Set<ChildProcess>();
let handlersInstalled = false;
function killGroup(proc: ChildProcess): void {
  try {
    if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
  } catch {
    proc.kill('SIGKILL');
  }
}
function installInterruptHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      for (const p of live) killGroup(p);
      process.exit(130);
    });
  process.once('exit', () => {
    for (const p of live) killGroup(p);
  });
}

function lastLines(s: string): string {
  const t = s.trim().split('\n').slice(-6).join(' | ');
  return t || '(no output on stderr)';
}

function errorOutcome(job: ClaimJob, message: string): Outcome {
  return { verdict: 'error', message, figures: {}, seed: job.seed ?? Number(process.env.CLAIMS_SEED ?? 0), trials: 0, durationMs: 0 };
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
          job.impl
            ? `ImplementationError: [timeout] ${job.impl}: ${what} (an update that never returns, or an implementation too slow for this profile: raise the limit with --time-limit)`
            : `Error: [timeout] ${what} (the reference optimizers: a budget too large for this machine, or a long shrink; raise the limit with --time-limit)`,
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
  const env = opts.env ?? {};
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
        if (!w || w.dead) w = startChild(env, opts.limitMs);
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

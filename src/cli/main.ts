#!/usr/bin/env node
/**
 * The `claims` command.
 *   claims run [--profile smoke|default|thorough] [--seed N] [id-or-file-filter ...]
 *   claims list
 *   claims replay <claim-id> [--impl M] --seed N [--path P] [--profile P]
 *   claims check --impl M [--data FILE] [--no-rescale] [--intercept] [--profile P] [--seed N] [--time-limit S] [--jobs K] [filter ...]
 *   claims check --data FILE [...]                      (the reference optimizers on the user's dataset)
 *   claims power [--profile P] [--seed N] [--time-limit S] [--jobs K] [mutant ...]
 *   claims false-alarms [--runs R] [--impl M ...] [--profile P] [--time-limit S] [--jobs K]
 * `run` executes the claims through vitest (one spec per claim) in a run folder of its own, publishes the HTML
 * report (Allure 3) and audit.json/md under the reports folder's lock, prints the table; exit codes in HELP.run.
 * `claims <command> --help` prints one command's help.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEED } from '../harness/profile.js';
import { runCheck } from '../harness/run.js';
import { PROFILES, type Outcome, type Profile } from '../harness/types.js';
import { buildAudit, writeAudit } from '../report/audit.js';
import { publish } from '../report/publish.js';
import { describeExit, EXIT, runExitCode } from '../report/exit-codes.js';
import { createRunDir, newRunId, withLock } from '../report/run-dir.js';
import { readOutcomes, reportsDir } from '../report/outcomes.js';
import { claimFiles, loadClaims } from './registry.js';
import { loadImplementation } from '../impl/select.js';
import { subjectOf } from '../impl/subject.js';
import { environmentWithBackend } from './environment.js';
import { PACKAGE_ROOT } from './package-root.js';
import { claimCosts, idOfFile, parseShard, shardOf, type Shard } from './shard.js';
import { emptyShard, mergeCmd } from './merge.js';

interface Args {
  command: string;
  positional: string[];
  profile: Profile;
  seed: number;
  /** the seed was given (--seed or CLAIMS_SEED) */
  seedGiven: boolean;
  /** the profile was given (--profile or CLAIMS_PROFILE) */
  profileGiven: boolean;
  path?: string;
  /** --impl, repeatable (false-alarms takes several) */
  impl: string[];
  data?: string;
  rescale: boolean;
  intercept: boolean;
  timeLimitS?: number;
  jobs?: number;
  runs?: number;
  /** --out DIR: the reports folder (sets CLAIMS_REPORTS_DIR); --shard I/K; --costs FILE (src/cli/shard.ts) */
  out?: string;
  shard?: Shard;
  costs?: string;
}

export function parseArgs(argv: string[]): Args {
  const [command = 'help', ...rest] = argv;
  const positional: string[] = [];
  let profile: Profile = (process.env.CLAIMS_PROFILE as Profile) ?? 'default';
  let seed = process.env.CLAIMS_SEED ? Number(process.env.CLAIMS_SEED) : DEFAULT_SEED;
  let path: string | undefined;
  let seedGiven = !!process.env.CLAIMS_SEED;
  let profileGiven = !!process.env.CLAIMS_PROFILE;
  const impl: string[] = [];
  let data: string | undefined;
  let rescale = true;
  let intercept = false;
  let timeLimitS: number | undefined;
  let jobs: number | undefined;
  let runs: number | undefined;
  const sharding: Pick<Args, 'out' | 'shard' | 'costs'> = {};
  const positiveNumber = (name: string, v: string, integer = false) => {
    const x = Number(v);
    if (!(x > 0) || (integer && !Number.isInteger(x))) throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}; got "${v}"`);
    return x;
  };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--profile') [profile, profileGiven] = [value() as Profile, true];
    else if (a === '--seed') {
      const v = value();
      if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`--seed must be an integer; got "${v}"`);
      [seed, seedGiven] = [Number(v), true];
    }
    else if (a === '--path') path = value();
    else if (a === '--impl') impl.push(value());
    else if (a === '--data') data = value();
    else if (a === '--no-rescale') rescale = false;
    else if (a === '--intercept') intercept = true;
    else if (a === '--time-limit') timeLimitS = positiveNumber(a, value());
    else if (a === '--jobs') jobs = positiveNumber(a, value(), true);
    else if (a === '--runs') runs = positiveNumber(a, value(), true);
    else if (a === '--out') sharding.out = value();
    else if (a === '--costs') sharding.costs = value();
    else if (a === '--shard') sharding.shard = shardArg(value());
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}; got "${profile}"`);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer; got "${seed}"`);
  return { command, positional, profile, seed, seedGiven, profileGiven, path, impl, data, rescale, intercept, timeLimitS, jobs, runs, ...sharding };
}

class UsageError extends Error {}

function shardArg(v: string): Shard {
  try {
    return parseShard(v);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

const SHARD_HELP = `  --shard I/K  run shard I of K (claims or mutants dealt by measured cost, claims/costs.json or --costs FILE;
              false-alarms: the seeds drawn from --seed, split); --out DIR  the reports folder of this run`;

/** `claims <command> --help`: what each subcommand does, its options and its exit codes. */
const HELP: Record<string, string> = {
  run: `claims run [--profile smoke|default|thorough] [--seed N] [filter ...]
  Runs the catalogue (or the claim files whose path contains a filter) through vitest, stages everything in
  reports/runs/<run id>/, then publishes under reports/.lock: the history line, and for a run of the whole catalogue
  reports/audit.json, audit.md and reports/allure-report (a filtered run keeps its report and audit in its run folder).
  --profile  budget (default: default; smoke for CI, thorough for more horizon and trials)
  --seed N   an integer (default 20261123; CLAIMS_SEED); same seed, same figures
  CLAIMS_REPORTS_DIR  reports folder (default ./reports; --out DIR sets it, and a filtered run publishes its
                      audit and report there: the folder is the run's own)
${SHARD_HELP}
  exit: 0 all as expected; 1 an unexpected confirmed/violated/error, a claim without outcome or a failed report;
        2 usage error or no claim matches; 3 only inconclusive differences`,
  list: `claims list
  Prints the catalogue: id, expected verdict, title and file of every claim. exit 0.`,
  replay: `claims replay <claim-id> --seed N [--path P] [--profile P] [--impl M]
  Runs the claim's check on exactly the counterexample a run printed (fast-check seed and path, no search, no
  shrinking) and prints verdict, figures and counterexample as JSON. Copy the command from the report or audit.json.
  exit: 0 the violation is reproduced; 1 it ran but the input holds (check seed, path, profile); 2 it cannot run
        (unknown claim, a path fast-check cannot follow, an error)`,
  check: `claims check --impl M [--data FILE] [--no-rescale] [--intercept] [--profile P] [--seed N] [--time-limit S] [--jobs K] [filter ...]
  Checks an implementation (a .ts/.js module, a .py file or cmd:COMMAND speaking docs/protocol.md, builtin:NAME)
  against every claim about the roles it provides; --data runs the dataset-generic claims on FILE (.csv/.json),
  --intercept appends a constant coordinate (data separable only with a bias).
${SHARD_HELP}
  exit: 0 every expected verdict reproduced; 1 one differs; 2 the module or the data cannot be used`,
  power: `claims power [--profile P] [--seed N] [--time-limit S] [--jobs K] [mutant ...]
  Runs the mutants of src/impl/mutants.ts against the claims; table into reports/power.json and audit.json.
${SHARD_HELP}`,
  'false-alarms': `claims false-alarms [--runs R] [--impl M ...] [--profile P] [--time-limit S] [--jobs K]
  Runs correct implementations (default: builtin:reference, builtin:tfjs-sgd) with R fresh seeds; counts violations.
${SHARD_HELP}`,
  merge: `claims merge DIR1 DIR2 … --out DIR
  Joins the --out folders of shards (run, check, power, false-alarms) into DIR: audit.json/md, power.json,
  false-alarms.json, the Allure results and the HTML report with DIR's history; writes costs.json for the next --costs.
  exit: 0 merged; 2 the shards do not fit together (other profile, seed or implementation, a missing or repeated shard)`,
};

const USAGE = `usage: claims <command> [options]   (claims <command> --help for one command)
${Object.values(HELP).map((h) => '  ' + h.split('\n')[0]).join('\n')}
exit codes of run: 0 every claim and control as expected; 1 an unexpected confirmed/violated/error, a claim without
  outcome or a failed report; 2 a usage error; 3 only inconclusive differences (undecided at this budget)`;

async function run(a: Args): Promise<number> {
  // run elsewhere than in the clone (an installed package: vitest is a dev dependency here), the same claims
  // through the isolated runner of check
  if (realpathSync(process.cwd()) !== realpathSync(PACKAGE_ROOT) || !existsSync(join('node_modules', '.bin', 'vitest'))) {
    const { check } = await import('../impl/check.js');
    return check({ profile: a.profile, seed: a.seed, filters: a.positional, shard: a.shard, costs: a.costs });
  }
  const reports = reportsDir();
  const matching = claimFiles().filter((f) => a.positional.length === 0 || a.positional.some((p) => f.includes(p)));
  const files = a.shard ? shardOf(matching, a.shard, claimCosts(a.profile, a.costs), idOfFile) : matching;
  if (files.length === 0 && a.shard && matching.length) return emptyShard(a, reports);
  if (files.length === 0) {
    console.error(`claims run: no claim matches ${a.positional.join(' ')} (see \`claims list\`)`);
    return EXIT.usage;
  }
  // everything this run produces is staged in its own directory (src/report/run-dir.ts): concurrent runs never
  // share or delete each other's files; only publishing, under the folder's lock, touches shared files
  const runId = newRunId();
  const runDir = createRunDir(reports, runId);
  // an --out folder (a shard's, or any run's) is the run's own: its audit and report are published there as a full
  // run's even when filtered (claims merge reads them); only the shared reports folder keeps its full-run audit
  const filtered = a.positional.length > 0 && !a.shard && !a.out;
  const started = performance.now();
  const vitest = spawnSync(join('node_modules', '.bin', 'vitest'), ['run', '--project', 'claims', ...files], {
    stdio: ['ignore', 'inherit', 'pipe'],
    env: { ...process.env, CLAIMS_MODE: 'report', CLAIMS_PROFILE: a.profile, CLAIMS_SEED: String(a.seed), CLAIMS_RUN_DIR: runDir, CLAIMS_RUN_ID: runId },
    encoding: 'utf8',
  });
  const ids = new Set(files.map((f) => f.replace(/^.*\//, '').replace(/\.claim\.ts$/, '')));
  const outcomes = (await readOutcomes(join(runDir, 'outcomes'))).filter((o) => ids.has(o.id));
  const missing = files.filter((f) => !outcomes.some((o) => f.endsWith(`/${o.id}.claim.ts`)));
  if (missing.length) console.error(`no outcome from ${missing.join(', ')} (the spec crashed):\n${vitest.stderr?.slice(-4000) ?? ''}`);
  const audit = buildAudit(outcomes, a.profile, a.seed, await environmentWithBackend());
  audit.run = { id: runId, dir: runDir, filters: a.positional, full: !filtered, files: files.length };
  if (a.shard) audit.shard = { ...a.shard, ids: [...ids] };
  await writeAudit(runDir, audit);
  const published = withLock(reports, () => publish(reports, runDir, audit));
  // an --out folder is self-contained: claims merge reads a shard's (or any run's) pages and outcomes at its top
  if (a.shard || a.out) for (const sub of ['allure-results', 'outcomes']) cpSync(join(runDir, sub), join(reports, sub), { recursive: true });
  printTable(audit.claims);
  const code = runExitCode(audit.claims, { missing: missing.length, reportFailed: !published.report.ok });
  console.log(
    `\n${audit.summary.asExpected}/${audit.summary.total} as expected in ${((performance.now() - started) / 1000).toFixed(0)} s (profile ${a.profile}, seed ${a.seed}, run ${runId}); ` +
      `verdicts ${JSON.stringify(audit.summary.byVerdict)}\n${published.note}\n${published.report.message}\n${describeExit(code)}`,
  );
  return code;
}

function printTable(claims: { id: string; verdict: string; expected: string; asExpected: boolean; control: { verdict: string; asExpected: boolean } }[]): void {
  console.log(`\n${'claim'.padEnd(48)} ${'verdict'.padEnd(13)} ${'expected'.padEnd(13)} control`);
  for (const c of claims)
    console.log(`${c.id.padEnd(48)} ${(c.verdict + (c.asExpected ? '' : ' !')).padEnd(13)} ${c.expected.padEnd(13)} ${c.control.verdict}${c.control.asExpected ? '' : ' !'}`);
}

async function list(): Promise<number> {
  for (const { file, def } of await loadClaims()) console.log(`${def.id.padEnd(48)} ${def.expected.padEnd(12)} ${def.title}\n${''.padEnd(48)} ${file}`);
  return 0;
}

/**
 * Replays a printed counterexample: the claim's check on exactly fast-check's seed and path (no search, no
 * shrinking), with the claim's regression examples in place so that the path numbers the same inputs as in the run.
 * Exit 0 when it reproduces a violation, 1 when it ran but did not (the path leads to an input that holds), 2 when
 * it cannot run (unknown claim, a path fast-check cannot follow, a check that ends in "error").
 */
export async function replayOutcome(a: Args): Promise<{ code: number; outcome: Outcome; reason?: string; implementation?: string }> {
  const id = a.positional[0];
  if (!id) throw new UsageError('replay needs a claim id');
  const found = (await loadClaims()).find((c) => c.def.id === id);
  if (!found) throw new UsageError(`no claim "${id}" (see \`claims list\`)`);
  if (a.impl.length > 1) throw new UsageError('replay takes one --impl');
  const impl = a.impl[0] ? await loadImplementation(a.impl[0]) : null;
  const implementation = impl?.name;
  const o = await runCheck(id, found.def.check, { profile: a.profile, seed: a.seed, path: a.path, subject: subjectOf(impl) });
  if (o.verdict === 'violated') return { code: 0, outcome: o, implementation };
  if (o.verdict === 'error') return { code: EXIT.usage, outcome: o, implementation, reason: `the replay could not run: ${o.message}` };
  return { code: 1, outcome: o, implementation, reason: `the replay ran but reproduced no violation (verdict ${o.verdict}): check the seed, --path and --profile against the printed command` };
}

async function replay(a: Args): Promise<number> {
  const r = await replayOutcome(a);
  const o = r.outcome;
  console.log(JSON.stringify({ id: a.positional[0], implementation: r.implementation, verdict: o.verdict, message: o.message, figures: o.figures, counterexample: o.counterexample, path: o.path }, null, 2));
  if (r.reason) console.error(`claims replay: ${r.reason}`);
  return r.code;
}

async function checkCmd(a: Args): Promise<number> {
  if (a.impl.length > 1) throw new UsageError('check takes one --impl');
  if (!a.impl[0] && !a.data) throw new UsageError('check needs --impl MODULE (an implementation) and/or --data FILE (a dataset)');
  const { check } = await import('../impl/check.js');
  const { DataError } = await import('../impl/data-file.js');
  const { ImplementationRefused } = await import('../impl/faults.js');
  try {
    return await check({ impl: a.impl[0], data: a.data, rescale: a.rescale, intercept: a.intercept, profile: a.profile, seed: a.seed, timeLimitS: a.timeLimitS, jobs: a.jobs, filters: a.positional, shard: a.shard, costs: a.costs });
  } catch (e) {
    // the implementation or the data were refused before anything ran: say which assumption failed
    if (e instanceof DataError || e instanceof ImplementationRefused) {
      console.error(`claims check: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

async function powerCmd(a: Args): Promise<number> {
  const { power } = await import('../impl/power.js');
  return power({ profile: a.profileGiven ? a.profile : 'smoke', seed: a.seed, timeLimitS: a.timeLimitS, jobs: a.jobs, mutants: a.positional, shard: a.shard, costs: a.costs });
}

async function falseAlarmsCmd(a: Args): Promise<number> {
  const { falseAlarms } = await import('../impl/power.js');
  return falseAlarms({ profile: a.profileGiven ? a.profile : 'smoke', runs: a.runs ?? 20, impls: a.impl.length ? a.impl : undefined, timeLimitS: a.timeLimitS, jobs: a.jobs, shard: a.shard, seed: a.seed });
}

export async function main(argv: string[]): Promise<number> {
  const [command = 'help'] = argv;
  if (['help', '--help', '-h'].includes(command)) {
    console.log(argv[1] && HELP[argv[1]] ? HELP[argv[1]] : USAGE);
    return 0;
  }
  if (!HELP[command]) {
    console.error(`claims: unknown subcommand "${command}"\n${USAGE}`);
    return EXIT.usage;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP[command]);
    return 0;
  }
  try {
    const a = parseArgs(argv);
    if (a.out) process.env.CLAIMS_REPORTS_DIR = a.out;
    if (a.command === 'merge') return await mergeCmd(a.positional, a.out);
    if (a.command === 'run') return await run(a);
    if (a.command === 'list') return await list();
    if (a.command === 'replay') return await replay(a);
    if (a.command === 'check') return await checkCmd(a);
    if (a.command === 'power') return await powerCmd(a);
    return await falseAlarmsCmd(a);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`claims: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && (process.argv[1].endsWith('main.ts') || process.argv[1].endsWith('claims.mjs'))) {
  if (!existsSync(join(PACKAGE_ROOT, 'claims'))) console.error(`claims: no claims/ folder in ${PACKAGE_ROOT} (an incomplete install?)`);
  main(process.argv.slice(2)).then((code) => process.exit(code));
}

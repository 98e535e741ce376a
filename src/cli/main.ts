#!/usr/bin/env node
/**
 * The `claims` command.
 *   claims run [--profile smoke|default|thorough] [--seed N] [id-or-file-filter ...]
 *   claims list
 *   claims replay <claim-id> [--impl M] --seed N [--path P] [--profile P]
 *   claims check --impl M [--data FILE] [--no-rescale] [--intercept] [--profile P] [--seed N] [--time-limit S] [--jobs K] [filter ...]
 *   claims check --data FILE [...]                      (the reference optimizers on the user's dataset)
 *   claims power [--impl-mutants FILE.py|cmd:COMMAND] [--profile P] [--seed N] [--time-limit S] [--jobs K] [mutant ...]
 *   claims false-alarms [--runs R] [--impl M ...] [--profile P] [--time-limit S] [--jobs K] [filter ...]
 * run, check, power and false-alarms go through one engine (src/cli/execute.ts): isolated children, a run folder of
 * their own, publishing under the reports folder's lock, one table, the exit codes of HELP.run. The options are
 * built once, here, from argv and the environment (src/cli/options.ts).
 * `claims <command> --help` prints one command's help.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCheck } from '../harness/run.js';
import { configure } from '../harness/settings.js';
import type { Outcome } from '../harness/types.js';
import { EXIT } from '../report/exit-codes.js';
import { loadClaims } from './registry.js';
import { loadImplementation } from '../impl/select.js';
import { subjectOf } from '../impl/subject.js';
import { PACKAGE_ROOT } from './package-root.js';
import { mergeCmd } from './merge.js';
import { parseArgs, UsageError, type Options } from './options.js';

export { parseArgs };

const SHARD_HELP = `  --shard I/K  run shard I of K (claims or mutants dealt by measured cost, claims/costs.json or --costs FILE;
              false-alarms: the seeds drawn from --seed, split); --out DIR  the reports folder of this run`;

/** `claims <command> --help`: what each subcommand does, its options and its exit codes. */
const HELP: Record<string, string> = {
  run: `claims run [--profile smoke|default|thorough] [--seed N] [filter ...]
  Runs the catalogue (or the claim files whose path contains a filter) against the reference optimizers, each check
  in a child process (as check does), stages everything in
  reports/runs/<run id>/, then publishes under reports/.lock: the history line, and for a run of the whole catalogue
  reports/audit.json, audit.md and reports/allure-report (a filtered run keeps its report and audit in its run folder).
  --profile  budget (default: default, for every command; smoke for CI, thorough for more horizon and trials)
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
  exit: 0 every expected verdict reproduced; 1 one differs (confirmed/violated/error); 2 the module or the data
        cannot be used; 3 only inconclusive differences`,
  power: `claims power [--impl-mutants FILE.py|cmd:COMMAND] [--profile P] [--seed N] [--time-limit S] [--jobs K] [mutant ...]
  Runs the mutants of src/impl/mutants.ts against the claims; table into reports/power.json and audit.json
  (npm run power: --profile smoke).
  --impl-mutants  the mutants of a program speaking docs/protocol.md instead ("COMMAND --list" names them,
                  "COMMAND NAME" serves one; examples/python/mutants.py), each run through the protocol
${SHARD_HELP}`,
  'false-alarms': `claims false-alarms [--runs R] [--impl M ...] [--profile P] [--time-limit S] [--jobs K] [filter ...]
  Runs correct implementations (default: builtin:reference, builtin:tfjs-sgd) with R fresh seeds; counts violations
  (npm run false-alarms: --profile smoke).
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

/** run and check: the claims plan of the engine; the implementation or the data refused before anything ran → exit 2. */
async function claimsCmd(a: Options): Promise<number> {
  const { runClaimsPlan } = await import('../impl/check.js');
  const { DataError } = await import('../impl/data-file.js');
  const { ImplementationRefused } = await import('../impl/faults.js');
  try {
    return (await runClaimsPlan(a)).code;
  } catch (e) {
    // the implementation or the data were refused before anything ran: say which assumption failed
    if (e instanceof DataError || e instanceof ImplementationRefused) {
      console.error(`claims ${a.command}: ${e.message}`);
      return EXIT.usage;
    }
    throw e;
  }
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
export async function replayOutcome(a: Options): Promise<{ code: number; outcome: Outcome; reason?: string; implementation?: string }> {
  const id = a.positional[0];
  if (!id) throw new UsageError('replay needs a claim id');
  const found = (await loadClaims()).find((c) => c.def.id === id);
  if (!found) throw new UsageError(`no claim "${id}" (see \`claims list\`)`);
  if (a.impl.length > 1) throw new UsageError('replay takes one --impl');
  const impl = a.impl[0] ? await loadImplementation(a.impl[0]) : null;
  const implementation = impl?.name;
  const o = await runCheck(id, found.def.check, { profile: a.profile, seed: a.seed, path: a.path, subject: subjectOf(impl), replay: { impl: a.impl[0] } });
  if (o.verdict === 'violated') return { code: 0, outcome: o, implementation };
  if (o.verdict === 'error') return { code: EXIT.usage, outcome: o, implementation, reason: `the replay could not run: ${o.message}` };
  return { code: 1, outcome: o, implementation, reason: `the replay ran but reproduced no violation (verdict ${o.verdict}): check the seed, --path and --profile against the printed command` };
}

async function replay(a: Options): Promise<number> {
  const r = await replayOutcome(a);
  const o = r.outcome;
  console.log(JSON.stringify({ id: a.positional[0], implementation: r.implementation, verdict: o.verdict, message: o.message, figures: o.figures, counterexample: o.counterexample, path: o.path }, null, 2));
  if (r.reason) console.error(`claims replay: ${r.reason}`);
  return r.code;
}

function checkCmd(a: Options): Promise<number> {
  if (a.impl.length > 1) throw new UsageError('check takes one --impl');
  if (!a.impl[0] && !a.data) throw new UsageError('check needs --impl MODULE (an implementation) and/or --data FILE (a dataset)');
  return claimsCmd(a);
}

async function powerCmd(a: Options): Promise<number> {
  const { power } = await import('../impl/power.js');
  return power(a);
}

async function falseAlarmsCmd(a: Options): Promise<number> {
  const { falseAlarms } = await import('../impl/power.js');
  return falseAlarms(a);
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
    configure(a.settings);
    if (a.command === 'merge') return await mergeCmd(a.positional, a.out);
    if (a.command === 'run') return await claimsCmd(a);
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

/**
 * Measured power of the catalogue (`npm run power`) and its false-alarm rate (`npm run false-alarms`).
 *
 * Power: every mutant of src/impl/mutants.ts runs as the implementation under test against the claims that
 * exercise its role (checks only; the negative controls do not depend on the implementation), each check isolated
 * with the time limit. A claim CATCHES a mutant when
 *   - its verdict is "violated" and the claim's expected verdict is not "violated" (a claim checked as written,
 *     expected violated, says nothing about the implementation when it comes out violated again), or
 *   - its verdict is "error" with a fault of the implementation (Outcome.error of kind 'implementation' with a
 *     fault: a non-finite iterate, a throw, …; src/harness/outcome-kinds.ts) — under the claim's checked
 *     assumptions a correct implementation has none.
 * Not caught: "inconclusive" (the budget could not decide — not a refutation, even where the reference decides on
 * the same datasets), "confirmed", and errors of the harness (a measurement that came out NaN, a solver).
 *
 * False alarms: correct implementations (the reference and TensorFlow.js's sgd) against the same claims, with
 * fresh random seeds; a false alarm is a "violated" on a claim expected to be confirmed.
 *
 * Both are plans of the one engine (src/cli/execute.ts): isolated checks, the run's own folder, publishing under
 * the reports folder's lock (power.json merged into the folder's audit, its page into the folder's report).
 */
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaimDefinition, Outcome, Profile } from '../harness/types.js';
import { auditMarkdown, powerMarkdown, type Audit, type PowerAudit } from '../report/audit.js';
import { allureWriter, writeSummaryResult } from '../report/allure-direct.js';
import { generateHtml } from '../report/generate.js';
import { publishFile } from '../report/publish.js';
import { pruneRuns, writeFileAtomic } from '../report/run-dir.js';
import { mutantTable } from '../report/table.js';
import { loadClaims } from '../cli/registry.js';
import { environment } from '../cli/environment.js';
import { errorTitle, implementationFault } from '../harness/outcome-kinds.js';
import { refutes } from '../harness/verdicts.js';
import { execute, type Plan } from '../cli/execute.js';
import { resolveOptions, type Options, type OptionsInput } from '../cli/options.js';
import type { ClaimJob, JobResult } from './isolate.js';
import { MUTANTS } from './mutants.js';
import { listProtocolMutants, MutantListError, type ProtocolMutant } from './protocol-mutants.js';
import { UPDATE_RULE_TOPIC } from '../experiments/update-rules.js';
import { builtinImplementation } from './builtins.js';
import { rolesOf } from './select.js';
import type { OptimizerRole } from './interface.js';
import { claimCosts, shardOf } from '../cli/shard.js';
import { rngUint32, seedRng } from '../optimizers/rng.js';

export const CAUGHT_RULE =
  'A claim catches a mutant when it comes out "violated" (and is not a claim checked as written, expected violated) or "error" naming a fault of the implementation (non-finite iterate, throw, wrong shape, mutation); "inconclusive", "confirmed", timeouts and harness errors do not count. Checks stop at the first failing input (no shrinking).';

/** Whether an outcome of a claim catches the implementation it ran against (the rule above). */
export function catches(def: Pick<ClaimDefinition, 'expected'>, o: Pick<Outcome, 'verdict' | 'error'>): boolean {
  if (o.verdict === 'violated') return refutes(def, o);
  // a timeout is not counted: no mutant hangs, so it is the budget or the machine, not a refutation
  const fault = implementationFault(o);
  return fault !== undefined && fault !== 'timeout';
}

/** Claims that run against an implementation with these roles (every role they exercise is provided). */
function applicable(all: { file: string; def: ClaimDefinition }[], roles: OptimizerRole[]) {
  return all.filter((c) => (c.def.roles ?? []).length > 0 && c.def.roles!.every((r) => roles.includes(r)));
}

/** Claims that exercise a role. */
function exercising(all: { file: string; def: ClaimDefinition }[], role: OptimizerRole) {
  return all.filter((c) => (c.def.roles ?? []).includes(role));
}

function short(o: Outcome): string {
  if (o.verdict !== 'error') return o.verdict;
  return `error (${errorTitle(o.error)}${o.error?.kind === 'implementation' ? `: ${o.message.slice(0, 80)}…` : ''})`;
}

/** A mutant as power runs it: name, role, bug, and the --impl spec that loads it in the check's process. */
type PowerMutant = Pick<ProtocolMutant, 'key' | 'role' | 'bug' | 'impl'>;

/** The mutants of src/impl/mutants.ts, or (--impl-mutants) those a protocol program lists; an Error to report. */
function mutantSource(o: Options): PowerMutant[] | Error {
  if (!o.implMutants) return MUTANTS.map((m) => ({ key: m.key, role: m.role, bug: m.bug, impl: `builtin:mutant:${m.key}` }));
  try {
    return listProtocolMutants(o.implMutants, o.settings.python);
  } catch (e) {
    if (e instanceof MutantListError) return e;
    throw e;
  }
}

/**
 * `claims power`: options as the CLI builds them (src/cli/options.ts), or given from code; `mutants` = the names,
 * `claims` (from code only) narrows the claims run against each mutant to these ids or parts of their paths.
 */
export async function power(input: OptionsInput & { mutants?: string[]; claims?: string[] }): Promise<number> {
  const o = resolveOptions({ command: 'power', ...input, positional: input.mutants ?? input.positional });
  const all = (await loadClaims()).filter((c) => !input.claims || input.claims.some((f) => c.def.id === f || c.file.includes(f)));
  if (all.length === 0) {
    console.error(`power: no claim matches ${input.claims!.join(' ')} (see \`claims list\`)`);
    return 2;
  }
  const source = mutantSource(o);
  if (source instanceof Error) {
    console.error(`power: ${source.message}`);
    return 2;
  }
  const named = o.positional.length ? source.filter((m) => o.positional.includes(m.key)) : source;
  if (named.length === 0) {
    console.error(`no mutant named ${o.positional.join(', ')} (${source.map((m) => m.key).join(', ')})`);
    return 2;
  }
  // --shard: the mutants dealt by their measured cost (costs.json keys `mutant:<name>`)
  const mutants = o.shard ? shardOf(named, o.shard, claimCosts(o.profile, o.costs), (m) => `mutant:${m.key}`) : named;
  // a mutant is the reference with one role broken: the claims that exercise that role can catch it (a protocol
  // mutant serves that role only; the subject runs the reference for a claim's other roles, src/impl/subject.ts)
  const jobs: ClaimJob[] = mutants.flatMap((m) =>
    exercising(all, m.role).map(({ file, def }) => ({ key: `${m.key}/${def.id}`, file, id: def.id, which: 'claim' as const, impl: m.impl, group: m.key, noShrink: true })),
  );
  const defs = new Map(all.map((c) => [c.def.id, c.def]));
  const plan: Plan<PowerAudit> = {
    header: `power: ${mutants.length} mutants${o.implMutants ? ` of ${o.implMutants} through the protocol` : ''}, ${jobs.length} checks (profile ${o.profile}, seed ${o.seed}, time limit ${o.timeLimitS} s per check)`,
    jobs,
    onResult: ({ job, outcome }, stage) => stage.log(`  ${job.key.padEnd(70)} ${short(outcome)}`),
    async stage(results, stage) {
      const p = powerSummary(mutants.map((m) => powerRow(m, results.filter((r) => r.job.group === m.key), defs)), o.profile, o.seed);
      if (o.implMutants) p.mutantsFrom = o.implMutants;
      if (o.shard) p.shard = { ...o.shard, ids: mutants.map((m) => m.key) };
      writePower(p, stage.dir, { html: false });
      return p;
    },
    publish(p, stage) {
      const audited = existsSync(join(o.reports, 'audit.json'));
      const report = writePower(p, o.reports, { html: o.html });
      pruneRuns(o.reports);
      return { report, note: `${join(o.reports, 'power.json')}${audited ? ', merged into audit.json' : ''} (this run's copy: ${stage.dir})` };
    },
    conclude: (p, published, _stage, seconds) => ({
      code: published.report.ok ? 0 : 1,
      lines: [
        '',
        ...mutantTable(p.mutants),
        '',
        `${p.caught}/${p.total} mutants caught (${((100 * p.caught) / p.total).toFixed(0)}%; ${p.caughtByBehaviour}/${p.total} by claims about behaviour, without the update rules) in ${seconds.toFixed(0)} s; ${published.note}`,
        published.report.message,
      ],
    }),
  };
  return (await execute(o, plan)).code;
}

/** One mutant's row of the power table: the claims that caught it, every verdict, whether behaviour alone did. */
function powerRow(m: PowerMutant, mine: JobResult[], defs: Map<string, ClaimDefinition>): PowerAudit['mutants'][number] {
  const caught = (r: JobResult) => catches(defs.get(r.job.id)!, r.outcome);
  return {
    name: m.key,
    role: m.role,
    bug: m.bug,
    caughtBy: mine.filter(caught).map((r) => r.job.id),
    verdicts: Object.fromEntries(mine.map((r) => [r.job.id, short(r.outcome)])),
    applicable: mine.length,
    byBehaviour: mine.some((r) => caught(r) && defs.get(r.job.id)!.topic !== UPDATE_RULE_TOPIC),
    durationMs: Math.round(mine.reduce((s, r) => s + r.outcome.durationMs, 0)),
  };
}

/** The power record of a table of mutants (also how `claims merge` joins the tables of shards). */
export function powerSummary(table: PowerAudit['mutants'], profile: Profile, seed: number): PowerAudit {
  const caught = table.filter((m) => m.caughtBy.length > 0).length;
  return { generatedAt: new Date().toISOString(), profile, seed, rule: CAUGHT_RULE, mutants: table, caught, total: table.length, caughtByBehaviour: table.filter((m) => m.byBehaviour).length };
}

/**
 * power.json in `dir`, merged into its audit.json/md when they exist, the power page among its Allure results and
 * (html) its HTML report rebuilt from them. Files are replaced by renames; call it holding the folder's lock when
 * the folder is shared (the engine's publish does; `claims merge` writes a folder of its own).
 */
export function writePower(p: PowerAudit, dir: string, opts: { html?: boolean } = {}): { ok: boolean; message: string } {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'power.json'), JSON.stringify(p, null, 2));
  const auditPath = join(dir, 'audit.json');
  if (existsSync(auditPath)) {
    const audit = JSON.parse(readFileSync(auditPath, 'utf8')) as Audit;
    audit.power = p;
    writeFileAtomic(auditPath, JSON.stringify(audit, null, 2));
    writeFileAtomic(join(dir, 'audit.md'), auditMarkdown(audit));
  }
  const rt = allureWriter(join(dir, 'allure-results'), { ...environment(), profile: p.profile, seed: String(p.seed) });
  writeSummaryResult(rt, {
    id: 'power-of-the-catalogue',
    title: `${p.caught} of ${p.total} deliberately broken implementations caught`,
    epic: 'Power of the catalogue',
    feature: 'mutants',
    markdown: powerMarkdown(p).join('\n'),
    passed: p.caught >= 0.9 * p.total,
    message: `${p.caught}/${p.total} mutants caught (target ≥ 90%)`,
    attachments: [{ name: 'power.json', content: JSON.stringify(p, null, 2), type: 'application/json' }],
  });
  return opts.html === false ? { ok: true, message: 'HTML report: not built (html: false)' } : generateHtml(dir);
}

/** reports/false-alarms.json (`claims merge` joins the shards': seeds, checks, alarms). */
export interface FalseAlarms {
  generatedAt: string;
  profile: Profile;
  implementations: string[];
  seeds: number[];
  checks: number;
  falseViolations: number;
  alarms: { impl: string; seed: number; id: string; message: string; replay?: string }[];
  otherUnexpected: Record<string, number[]>;
  /** `false-alarms --shard I/K`: the seeds of every shard (this one ran `seeds`) */
  shard?: { index: number; count: number; seeds: number[] };
}

/** The seeds of a sharded false-alarm run: drawn from the base seed, the same on every shard. */
export function shardSeeds(base: number, runs: number): number[] {
  const s = seedRng(base);
  return Array.from({ length: runs }, () => 1 + (rngUint32(s) % (2 ** 31 - 2)));
}

/** The implementations whose violations are false alarms by construction. */
export const CORRECT_IMPLEMENTATIONS = ['builtin:reference', 'builtin:tfjs-sgd'];

/** `claims false-alarms`: options as the CLI builds them, or from code (`impls`, `seeds` given directly). */
export async function falseAlarms(input: OptionsInput & { impls?: string[]; seeds?: number[] }): Promise<number> {
  const o = resolveOptions({ command: 'false-alarms', ...input });
  const impls = input.impls ?? (o.impl.length ? o.impl : CORRECT_IMPLEMENTATIONS);
  const runs = o.runs ?? 20;
  // filters (claim ids or parts of their paths) narrow the claims; none: every claim the implementations apply to
  const all = (await loadClaims()).filter((c) => o.positional.length === 0 || o.positional.some((f) => c.file.includes(f) || c.def.id === f));
  if (all.length === 0) {
    console.error(`false-alarms: no claim matches ${o.positional.join(' ')} (see \`claims list\`)`);
    return 2;
  }
  // --shard: every shard draws the same seeds (from --seed) and runs its share of them (they cost alike)
  const allSeeds = input.seeds ?? (o.shard ? shardSeeds(o.seed, runs) : Array.from({ length: runs }, () => randomInt(1, 2 ** 31 - 1)));
  const seeds = o.shard ? allSeeds.filter((_, i) => i % o.shard!.count === o.shard!.index - 1) : allSeeds;
  const jobs: ClaimJob[] = [];
  for (const spec of impls) {
    const impl = spec.startsWith('builtin:') ? await builtinImplementation(spec.slice('builtin:'.length)) : null;
    const roles = impl ? rolesOf(impl) : (['gd'] as OptimizerRole[]);
    for (const seed of seeds)
      for (const { file, def } of applicable(all, roles)) jobs.push({ key: `${spec}/${seed}/${def.id}`, file, id: def.id, which: 'claim', impl: spec === 'builtin:reference' ? undefined : spec, seed, group: `${spec}/${seed}`, noShrink: true });
  }
  const defs = new Map(all.map((c) => [c.def.id, c.def]));
  const alarms: FalseAlarms['alarms'] = [];
  // progress: one line per (implementation, seed) as its last check finishes
  const remaining = new Map<string, number>();
  for (const j of jobs) remaining.set(j.group!, (remaining.get(j.group!) ?? 0) + 1);
  let groupsDone = 0;
  const other: Record<string, number[]> = {};
  const plan: Plan<FalseAlarms> = {
    header: `false alarms: ${impls.join(', ')} × ${seeds.length} fresh seeds (${seeds.join(', ')}), ${jobs.length} checks, profile ${o.profile}`,
    jobs,
    onResult({ job, outcome }, stage) {
      const def = defs.get(job.id)!;
      const impl = job.key.split('/')[0];
      const left = (remaining.get(job.group!) ?? 1) - 1;
      remaining.set(job.group!, left);
      if (left === 0) stage.log(`  [${++groupsDone}/${remaining.size}] ${job.group} done`);
      if (refutes(def, outcome)) {
        alarms.push({ impl, seed: job.seed!, id: job.id, message: outcome.message, replay: outcome.replayCommand });
        stage.log(`  FALSE ALARM ${job.key}: ${outcome.message.slice(0, 200)}${outcome.replayCommand ? `\n    replay: ${outcome.replayCommand}` : ''}`);
      } else if (outcome.verdict !== def.expected) {
        const k = `${impl} ${job.id}: ${outcome.verdict === 'error' ? `error (${outcome.message.slice(0, 100)})` : outcome.verdict}`;
        (other[k] ??= []).push(job.seed!);
      }
    },
    async stage(results, stage) {
      const summary: FalseAlarms = { generatedAt: new Date().toISOString(), profile: o.profile, implementations: impls, seeds, checks: results.length, falseViolations: alarms.length, alarms, otherUnexpected: other, ...(o.shard ? { shard: { ...o.shard, seeds: allSeeds } } : {}) };
      writeFileSync(join(stage.dir, 'false-alarms.json'), JSON.stringify(summary, null, 2));
      return summary;
    },
    publish(_s, stage) {
      const to = publishFile(o.reports, stage.dir, 'false-alarms.json');
      pruneRuns(o.reports);
      return { report: { ok: true, message: 'HTML report: not built (false-alarms writes false-alarms.json only)' }, note: `${to} (this run's copy: ${stage.dir})` };
    },
    conclude: (s, published, _stage, seconds) => ({
      code: s.falseViolations === 0 ? 0 : 1,
      lines: [
        ...Object.entries(s.otherUnexpected).map(([k, v]) => `  not as expected (not a violation) ×${v.length}: ${k} (seeds ${v.join(', ')})`),
        `\nfalse violations: ${s.falseViolations} in ${s.checks} checks (${impls.join(', ')}; ${seeds.length} fresh seeds; ${seconds.toFixed(0)} s); ${published.note}`,
      ],
    }),
  };
  return (await execute(o, plan)).code;
}

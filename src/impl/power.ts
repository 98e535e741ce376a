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
 */
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClaimDefinition, Outcome, Profile } from '../harness/types.js';
import { auditMarkdown, powerMarkdown, type Audit, type PowerAudit } from '../report/audit.js';
import { allureWriter, writeSummaryResult } from '../report/allure-direct.js';
import { generateHtml } from '../report/generate.js';
import { reportsDir } from '../report/outcomes.js';
import { loadClaims } from '../cli/registry.js';
import { environment } from '../cli/environment.js';
import { errorTitle, implementationFault } from '../harness/outcome-kinds.js';
import { refutes } from '../harness/verdicts.js';
import { runJobsIsolated, type ClaimJob } from './isolate.js';
import { MUTANTS } from './mutants.js';
import { UPDATE_RULE_TOPIC } from '../experiments/update-rules.js';
import { builtinImplementation } from './builtins.js';
import { rolesOf } from './select.js';
import type { OptimizerRole } from './interface.js';
import { DEFAULT_TIME_LIMIT_S } from './check.js';
import { claimCosts, shardOf, type Shard } from '../cli/shard.js';
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

export async function power(o: { profile: Profile; seed: number; timeLimitS?: number; jobs?: number; mutants?: string[]; quiet?: boolean; shard?: Shard; costs?: string }): Promise<number> {
  const log = o.quiet ? () => {} : (s: string) => console.log(s);
  const started = performance.now();
  const all = await loadClaims();
  const named = o.mutants?.length ? MUTANTS.filter((m) => o.mutants!.includes(m.key)) : MUTANTS;
  if (named.length === 0) {
    console.error(`no mutant named ${o.mutants!.join(', ')} (${MUTANTS.map((m) => m.key).join(', ')})`);
    return 2;
  }
  // --shard: the mutants dealt by their measured cost (costs.json keys `mutant:<name>`)
  const mutants = o.shard ? shardOf(named, o.shard, claimCosts(o.profile, o.costs), (m) => `mutant:${m.key}`) : named;
  // a mutant is the reference with one role broken: the claims that exercise that role can catch it
  const jobs: ClaimJob[] = mutants.flatMap((m) =>
    exercising(all, m.role).map(({ file, def }) => ({ key: `${m.key}/${def.id}`, file, id: def.id, which: 'claim' as const, impl: `builtin:mutant:${m.key}`, group: m.key, noShrink: true })),
  );
  const limitS = o.timeLimitS ?? DEFAULT_TIME_LIMIT_S[o.profile];
  log(`power: ${mutants.length} mutants, ${jobs.length} checks (profile ${o.profile}, seed ${o.seed}, time limit ${limitS} s per check)`);
  const results = await runJobsIsolated(jobs, {
    limitMs: limitS * 1000,
    concurrency: o.jobs,
    env: { CLAIMS_PROFILE: o.profile, CLAIMS_SEED: String(o.seed) },
    onResult: ({ job, outcome }) => log(`  ${job.key.padEnd(70)} ${short(outcome)}`),
  });
  const defs = new Map(all.map((c) => [c.def.id, c.def]));
  const table: PowerAudit['mutants'] = mutants.map((m) => {
    const mine = results.filter((r) => r.job.group === m.key);
    return {
      name: m.key,
      role: m.role,
      bug: m.bug,
      caughtBy: mine.filter((r) => catches(defs.get(r.job.id)!, r.outcome)).map((r) => r.job.id),
      verdicts: Object.fromEntries(mine.map((r) => [r.job.id, short(r.outcome)])),
      applicable: mine.length,
      byBehaviour: mine.some((r) => catches(defs.get(r.job.id)!, r.outcome) && defs.get(r.job.id)!.topic !== UPDATE_RULE_TOPIC),
      durationMs: Math.round(mine.reduce((s, r) => s + r.outcome.durationMs, 0)),
    };
  });
  const p = powerSummary(table, o.profile, o.seed);
  if (o.shard) p.shard = { ...o.shard, ids: mutants.map((m) => m.key) };
  const byBehaviour = p.caughtByBehaviour;
  await writePower(p);
  log(`\n${'mutant'.padEnd(28)} ${'role'.padEnd(10)} caught by`);
  for (const m of table) log(`${m.name.padEnd(28)} ${m.role.padEnd(10)} ${m.caughtBy.length ? m.caughtBy.join(', ') : m.applicable ? '— not caught' : '— no claim exercises this role'}`);
  log(`\n${p.caught}/${p.total} mutants caught (${((100 * p.caught) / p.total).toFixed(0)}%; ${byBehaviour}/${p.total} by claims about behaviour, without the update rules) in ${((performance.now() - started) / 1000).toFixed(0)} s; ${join(reportsDir(), 'power.json')}${existsSync(join(reportsDir(), 'audit.json')) ? ', merged into audit.json' : ''}`);
  return 0;
}

/** The power record of a table of mutants (also how `claims merge` joins the tables of shards). */
export function powerSummary(table: PowerAudit['mutants'], profile: Profile, seed: number): PowerAudit {
  const caught = table.filter((m) => m.caughtBy.length > 0).length;
  return { generatedAt: new Date().toISOString(), profile, seed, rule: CAUGHT_RULE, mutants: table, caught, total: table.length, caughtByBehaviour: table.filter((m) => m.byBehaviour).length };
}

/** reports/power.json, merged into audit.json/md when they exist, and a page of the HTML report. */
export async function writePower(p: PowerAudit, dir = reportsDir()): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'power.json'), JSON.stringify(p, null, 2));
  const auditPath = join(dir, 'audit.json');
  if (existsSync(auditPath)) {
    const audit = JSON.parse(await readFile(auditPath, 'utf8')) as Audit;
    audit.power = p;
    await writeFile(auditPath, JSON.stringify(audit, null, 2));
    await writeFile(join(dir, 'audit.md'), auditMarkdown(audit));
  }
  const rt = allureWriter(join(dir, 'allure-results'), { ...environment(), profile: p.profile });
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
  generateHtml(dir);
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

export async function falseAlarms(o: { profile: Profile; runs: number; impls?: string[]; timeLimitS?: number; jobs?: number; seeds?: number[]; quiet?: boolean; shard?: Shard; seed?: number }): Promise<number> {
  const log = o.quiet ? () => {} : (s: string) => console.log(s);
  const started = performance.now();
  const impls = o.impls ?? CORRECT_IMPLEMENTATIONS;
  const all = await loadClaims();
  // --shard: every shard draws the same seeds (from --seed) and runs its share of them (they cost alike)
  const allSeeds = o.seeds ?? (o.shard ? shardSeeds(o.seed ?? 1, o.runs) : Array.from({ length: o.runs }, () => randomInt(1, 2 ** 31 - 1)));
  const seeds = o.shard ? allSeeds.filter((_, i) => i % o.shard!.count === o.shard!.index - 1) : allSeeds;
  const jobs: ClaimJob[] = [];
  for (const spec of impls) {
    const impl = spec.startsWith('builtin:') ? await builtinImplementation(spec.slice('builtin:'.length)) : null;
    const roles = impl ? rolesOf(impl) : (['gd'] as OptimizerRole[]);
    for (const seed of seeds)
      for (const { file, def } of applicable(all, roles)) jobs.push({ key: `${spec}/${seed}/${def.id}`, file, id: def.id, which: 'claim', impl: spec === 'builtin:reference' ? undefined : spec, seed, group: `${spec}/${seed}`, noShrink: true });
  }
  const limitS = o.timeLimitS ?? DEFAULT_TIME_LIMIT_S[o.profile];
  log(`false alarms: ${impls.join(', ')} × ${seeds.length} fresh seeds (${seeds.join(', ')}), ${jobs.length} checks, profile ${o.profile}`);
  const defs = new Map(all.map((c) => [c.def.id, c.def]));
  const alarms: { impl: string; seed: number; id: string; message: string; replay?: string }[] = [];
  // progress: one line per (implementation, seed) as its last check finishes
  const remaining = new Map<string, number>();
  for (const j of jobs) remaining.set(j.group!, (remaining.get(j.group!) ?? 0) + 1);
  let groupsDone = 0;
  const other: Record<string, number[]> = {};
  const results = await runJobsIsolated(jobs, {
    limitMs: limitS * 1000,
    concurrency: o.jobs,
    env: { CLAIMS_PROFILE: o.profile },
    onResult: ({ job, outcome }) => {
      const def = defs.get(job.id)!;
      const impl = job.key.split('/')[0];
      const left = (remaining.get(job.group!) ?? 1) - 1;
      remaining.set(job.group!, left);
      if (left === 0) log(`  [${++groupsDone}/${remaining.size}] ${job.group} done`);
      if (refutes(def, outcome)) {
        alarms.push({ impl, seed: job.seed!, id: job.id, message: outcome.message, replay: outcome.replayCommand });
        log(`  FALSE ALARM ${job.key}: ${outcome.message.slice(0, 200)}${outcome.replayCommand ? `\n    replay: ${outcome.replayCommand}` : ''}`);
      } else if (outcome.verdict !== def.expected) {
        const k = `${impl} ${job.id}: ${outcome.verdict === 'error' ? `error (${outcome.message.slice(0, 100)})` : outcome.verdict}`;
        (other[k] ??= []).push(job.seed!);
      }
    },
  });
  const summary: FalseAlarms = { generatedAt: new Date().toISOString(), profile: o.profile, implementations: impls, seeds, checks: results.length, falseViolations: alarms.length, alarms, otherUnexpected: other, ...(o.shard ? { shard: { ...o.shard, seeds: allSeeds } } : {}) };
  await mkdir(reportsDir(), { recursive: true });
  await writeFile(join(reportsDir(), 'false-alarms.json'), JSON.stringify(summary, null, 2));
  for (const [k, v] of Object.entries(other)) log(`  not as expected (not a violation) ×${v.length}: ${k} (seeds ${v.join(', ')})`);
  log(`\nfalse violations: ${alarms.length} in ${results.length} checks (${impls.join(', ')}; ${seeds.length} fresh seeds; ${((performance.now() - started) / 1000).toFixed(0)} s); reports/false-alarms.json`);
  return alarms.length === 0 ? 0 : 1;
}

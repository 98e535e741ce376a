/**
 * `claims merge` for the shards of `power` (power.json: the mutants each shard ran) and `false-alarms`
 * (false-alarms.json: the seeds each shard ran): the same checks as for audits (one profile and seed, every shard
 * once, nothing twice), then one table as an unsharded run writes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PowerAudit } from '../report/audit.js';
import type { FalseAlarms } from '../impl/power.js';
import { MUTANTS } from '../impl/mutants.js';
import { powerSummary } from '../impl/power.js';

export class MergeError extends Error {}

/** Each of `count` shards exactly once, or none sharded at all; `what` names the records in the messages. */
export function checkShards(shards: ({ index: number; count: number } | undefined)[], names: string[], what: string): void {
  const first = shards[0];
  for (const [i, s] of shards.entries())
    if ((s?.count ?? 0) !== (first?.count ?? 0))
      throw new MergeError(`${names[i]}'s ${what} is ${s ? `shard ${s.index}/${s.count}` : 'not a shard'}; ${names[0]}'s is ${first ? `shard ${first.index}/${first.count}` : 'not a shard'}`);
  if (!first) return;
  const seen = new Map<number, string>();
  for (const [i, s] of shards.entries()) {
    if (seen.has(s!.index)) throw new MergeError(`shard ${s!.index}/${s!.count} given twice (${seen.get(s!.index)}, ${names[i]})`);
    seen.set(s!.index, names[i]);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.count}`).join(', ')} missing`);
}

/** The file in every folder, parsed; null when no folder has it; MergeError when only some have it. */
export function readAll<T>(dirs: string[], file: string): T[] | null {
  const have = dirs.filter((d) => existsSync(join(d, file)));
  if (have.length === 0) return null;
  if (have.length < dirs.length) throw new MergeError(`${file} is in ${have.join(', ')} but not in ${dirs.filter((d) => !have.includes(d)).join(', ')}`);
  return dirs.map((d) => JSON.parse(readFileSync(join(d, file), 'utf8')) as T);
}

/** The power tables of shards as one (mutants in the order of src/impl/mutants.ts). */
export function mergePower(ps: PowerAudit[], names: string[]): PowerAudit {
  const first = ps[0];
  for (const [i, p] of ps.entries())
    if (p.profile !== first.profile || p.seed !== first.seed) throw new MergeError(`${names[i]}'s power ran profile ${p.profile}, seed ${p.seed}; ${names[0]}'s profile ${first.profile}, seed ${first.seed}`);
    else if (p.mutantsFrom !== first.mutantsFrom) throw new MergeError(`${names[i]}'s power ran the mutants of ${p.mutantsFrom ?? 'src/impl/mutants.ts'}; ${names[0]}'s of ${first.mutantsFrom ?? 'src/impl/mutants.ts'}`);
  checkShards(ps.map((p) => p.shard), names, 'power.json');
  const rows = new Map<string, PowerAudit['mutants'][number]>();
  for (const [i, p] of ps.entries())
    for (const m of p.mutants) {
      if (rows.has(m.name)) throw new MergeError(`mutant ${m.name} is in two shards (${names[i]} and another): give every shard the same --costs`);
      rows.set(m.name, m);
    }
  const order = (n: string) => MUTANTS.findIndex((m) => m.key === n);
  const merged = powerSummary([...rows.values()].sort((a, b) => order(a.name) - order(b.name)), first.profile, first.seed);
  return first.mutantsFrom ? { ...merged, mutantsFrom: first.mutantsFrom } : merged;
}

/** The false-alarm counts of shards as one: all seeds, all checks, every alarm. */
export function mergeFalseAlarms(fs: FalseAlarms[], names: string[]): FalseAlarms {
  const first = fs[0];
  for (const [i, f] of fs.entries()) {
    if (f.profile !== first.profile || f.implementations.join() !== first.implementations.join())
      throw new MergeError(`${names[i]}'s false alarms ran ${f.implementations.join(', ')} at ${f.profile}; ${names[0]}'s ${first.implementations.join(', ')} at ${first.profile}`);
    if (f.shard?.seeds.join() !== first.shard?.seeds.join()) throw new MergeError(`${names[i]} drew other seeds than ${names[0]} (give every shard the same --seed)`);
  }
  checkShards(fs.map((f) => f.shard), names, 'false-alarms.json');
  const seeds = fs.flatMap((f) => f.seeds);
  if (new Set(seeds).size !== seeds.length) throw new MergeError('a seed was run by two shards');
  const order = first.shard?.seeds ?? seeds;
  const other: Record<string, number[]> = {};
  for (const f of fs) for (const [k, v] of Object.entries(f.otherUnexpected)) (other[k] ??= []).push(...v);
  return {
    generatedAt: new Date().toISOString(),
    profile: first.profile,
    implementations: first.implementations,
    seeds: [...seeds].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    checks: fs.reduce((s, f) => s + f.checks, 0),
    falseViolations: fs.reduce((s, f) => s + f.falseViolations, 0),
    alarms: fs.flatMap((f) => f.alarms),
    otherUnexpected: other,
  };
}

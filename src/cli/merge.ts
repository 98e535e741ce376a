/**
 * `claims merge DIR1 DIR2 … --out DIR`: joins the reports folders of shards (`claims run|check --shard I/K --out
 * DIRi`, src/cli/shard.ts) into one: audit.json and audit.md (the claims of every shard, sorted as an unsharded run
 * sorts them), the Allure results (every shard's pages), the HTML report built with DIR's history, and costs.json
 * (the measured duration of each claim, to balance the next shards: `--costs DIR/costs.json`, or copy it to
 * claims/costs.json).
 *
 * The shards of `power` (power.json) and `false-alarms` (false-alarms.json) are joined too (src/cli/merge-runs.ts).
 *
 * Refuses (exit 2, naming the cause) shards that cannot be one run: different profiles, seeds or implementations,
 * different shard counts, a shard missing or given twice, a claim in two shards.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildAudit, writeAudit, type Audit, type PowerAudit } from '../report/audit.js';
import { writePower, type FalseAlarms } from '../impl/power.js';
import { checkShards, mergeFalseAlarms, mergePower, MergeError, readAll } from './merge-runs.js';
import { generateHtml } from '../report/generate.js';
import type { AuditClaim } from '../report/outcomes.js';
import type { CostTable } from './shard.js';

export { MergeError };

/** The audit of the union of shards; throws MergeError when they are not shards of one run. */
export function mergeAudits(audits: Audit[], names: string[] = audits.map((_, i) => `#${i + 1}`)): Audit {
  if (audits.length === 0) throw new MergeError('merge needs at least one reports folder');
  const first = audits[0];
  for (const [i, a] of audits.entries()) {
    if (a.profile !== first.profile || a.seed !== first.seed)
      throw new MergeError(`${names[i]} ran profile ${a.profile}, seed ${a.seed}; ${names[0]} ran profile ${first.profile}, seed ${first.seed}`);
    if (a.implementation?.name !== first.implementation?.name)
      throw new MergeError(`${names[i]} checked ${a.implementation?.name ?? 'the reference'}; ${names[0]} checked ${first.implementation?.name ?? 'the reference'}`);
    if (a.data?.path !== first.data?.path) throw new MergeError(`${names[i]} ran on dataset ${a.data?.path ?? '(none)'}; ${names[0]} on ${first.data?.path ?? '(none)'}`);
  }
  checkShards(audits.map((a) => a.shard), names, 'audit.json');
  const claims: AuditClaim[] = [];
  const from = new Map<string, string>();
  for (const [i, a] of audits.entries())
    for (const c of a.claims) {
      if (from.has(c.id)) throw new MergeError(`claim ${c.id} is in ${from.get(c.id)} and in ${names[i]} (the shards were dealt with different costs: give every shard the same --costs)`);
      from.set(c.id, names[i]);
      claims.push(c);
    }
  claims.sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id));
  const merged = buildAudit(claims, first.profile, first.seed, first.environment);
  if (first.implementation) merged.implementation = first.implementation;
  if (first.data) merged.data = first.data;
  if (audits.some((a) => a.notApplicable)) {
    const na = new Map<string, { id: string; reason: string }>();
    for (const a of audits) for (const n of a.notApplicable ?? []) if (!from.has(n.id)) na.set(n.id, n);
    merged.notApplicable = [...na.values()];
  }
  return merged;
}

/** The page of a shard's partial power table (merge writes the whole table's page instead). */
const POWER_PAGE = 'implicit-bias-claims:power-of-the-catalogue';

/** Copies every file of `src` into `dst` (Allure results are uuid-named: shards never collide), but power pages. */
function copyDir(src: string, dst: string): number {
  if (!existsSync(src)) return 0;
  mkdirSync(dst, { recursive: true });
  let n = 0;
  for (const f of readdirSync(src, { withFileTypes: true })) {
    if (!f.isFile()) continue;
    if (f.name.endsWith('-result.json') && (JSON.parse(readFileSync(join(src, f.name), 'utf8')) as { fullName?: string }).fullName === POWER_PAGE) continue;
    copyFileSync(join(src, f.name), join(dst, f.name));
    n++;
  }
  return n;
}

export interface Merged {
  audit?: Audit;
  power?: PowerAudit;
  falseAlarms?: FalseAlarms;
  html: string;
}

/** Merges the folders into `out`: audit.json, power.json, false-alarms.json, whichever the shards wrote. */
export async function merge(dirs: string[], out: string, opts: { html?: boolean; log?: (s: string) => void } = {}): Promise<Merged> {
  const log = opts.log ?? (() => {});
  if (dirs.length === 0) throw new MergeError('merge needs at least one reports folder');
  if (dirs.some((d) => resolve(d) === resolve(out))) throw new MergeError(`--out ${out} is one of the shards' folders: merge into another folder`);
  const audits = readAll<Audit>(dirs, 'audit.json');
  const powers = readAll<PowerAudit>(dirs, 'power.json');
  const fas = readAll<FalseAlarms>(dirs, 'false-alarms.json');
  if (!audits && !powers && !fas) throw new MergeError(`${dirs.join(', ')}: no audit.json, power.json or false-alarms.json (not the --out folders of claims run|check|power|false-alarms)`);
  const audit = audits ? mergeAudits(audits, dirs) : undefined;
  const power = powers ? mergePower(powers, dirs) : undefined;
  const falseAlarms = fas ? mergeFalseAlarms(fas, dirs) : undefined;
  for (const sub of ['outcomes', 'allure-results']) rmSync(join(out, sub), { recursive: true, force: true });
  let pages = 0;
  for (const d of dirs) {
    pages += copyDir(join(d, 'allure-results'), join(out, 'allure-results'));
    copyDir(join(d, 'outcomes'), join(out, 'outcomes'));
  }
  mkdirSync(out, { recursive: true });
  if (audit) {
    if (power) audit.power = power;
    await writeAudit(out, audit);
  }
  const profile = audit?.profile ?? power?.profile ?? falseAlarms!.profile;
  const measured = [...(audit?.claims.map((c) => [c.id, c.durationMs]) ?? []), ...(power?.mutants.filter((m) => m.durationMs !== undefined).map((m) => [`mutant:${m.name}`, m.durationMs]) ?? [])];
  const costs: CostTable = { [profile]: Object.fromEntries(measured) };
  if (measured.length) writeFileSync(join(out, 'costs.json'), JSON.stringify(costs, null, 2) + '\n');
  if (falseAlarms) await writeFile(join(out, 'false-alarms.json'), JSON.stringify(falseAlarms, null, 2));
  log(`merged ${dirs.length} folders: ${audit ? `${audit.claims.length} claims, ` : ''}${power ? `${power.total} mutants, ` : ''}${falseAlarms ? `${falseAlarms.seeds.length} false-alarm seeds, ` : ''}${pages} Allure files`);
  // writePower adds the whole table's page and builds the HTML report itself
  if (power) await writePower(power, out);
  const html = opts.html === false && !power ? 'HTML report: not built' : power ? `HTML report: ${join(out, 'allure-report')}` : generateHtml(out).message;
  return { audit, power, falseAlarms, html };
}

/** `claims merge DIR… --out DIR`. */
export async function mergeCmd(dirs: string[], out: string | undefined): Promise<number> {
  if (dirs.length === 0 || !out) {
    console.error('usage: claims merge DIR1 DIR2 … --out DIR   (the --out folders of `claims run|check --shard I/K`)');
    return 2;
  }
  try {
    const { audit, power, falseAlarms, html } = await merge(dirs, out, { log: console.log });
    const s = audit?.summary;
    if (audit && s) console.log(`${s.asExpected}/${s.total} as expected (profile ${audit.profile}, seed ${audit.seed}); verdicts ${JSON.stringify(s.byVerdict)}${s.unexpected.length ? `; unexpected: ${s.unexpected.join(', ')}` : ''}`);
    if (power) console.log(`power: ${power.caught}/${power.total} mutants caught (${power.caughtByBehaviour}/${power.total} by claims about behaviour)`);
    if (falseAlarms) console.log(`false violations: ${falseAlarms.falseViolations} in ${falseAlarms.checks} checks (${falseAlarms.seeds.length} seeds)`);
    console.log(`reports: ${out} (audit.json, audit.md, power.json, false-alarms.json as the shards wrote them; costs.json)\n${html}`);
    return (s?.unexpected.length ?? 0) === 0 && (falseAlarms?.falseViolations ?? 0) === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof MergeError) {
      console.error(`claims merge: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

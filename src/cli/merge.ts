/**
 * `claims merge DIR1 DIR2 … --out DIR`: joins the reports folders of shards (`claims run|check --shard I/K --out
 * DIRi`, src/cli/shard.ts) into one: audit.json and audit.md (the claims of every shard, sorted as an unsharded run
 * sorts them), the Allure results (every shard's pages), the HTML report built with DIR's history, and costs.json
 * (the measured duration of each claim, to balance the next shards: `--costs DIR/costs.json`, or copy it to
 * claims/costs.json).
 *
 * Refuses (exit 2, naming the cause) shards that cannot be one run: different profiles, seeds or implementations,
 * different shard counts, a shard missing or given twice, a claim in two shards.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAudit, writeAudit, type Audit } from '../report/audit.js';
import { generateHtml } from '../report/generate.js';
import type { AuditClaim } from '../report/outcomes.js';
import { environmentWithBackend } from './environment.js';
import type { CostTable } from './shard.js';

export class MergeError extends Error {}

function readAudit(dir: string): Audit {
  const path = join(dir, 'audit.json');
  if (!existsSync(path)) throw new MergeError(`${dir}: no audit.json (not a reports folder of \`claims run|check --out\`)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Audit;
}

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
    if ((a.shard?.count ?? 0) !== (first.shard?.count ?? 0)) throw new MergeError(`${names[i]} is ${a.shard ? `shard ${a.shard.index}/${a.shard.count}` : 'not a shard'}; ${names[0]} is ${first.shard ? `shard ${first.shard.index}/${first.shard.count}` : 'not a shard'}`);
  }
  if (first.shard) {
    const seen = new Map<number, string>();
    for (const [i, a] of audits.entries()) {
      if (seen.has(a.shard!.index)) throw new MergeError(`shard ${a.shard!.index}/${a.shard!.count} given twice (${seen.get(a.shard!.index)}, ${names[i]})`);
      seen.set(a.shard!.index, names[i]);
    }
    const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${first.shard!.count}`).join(', ')} missing`);
  }
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

/** Copies every file of `src` into `dst` (Allure results are uuid-named: shards never collide). */
function copyDir(src: string, dst: string): number {
  if (!existsSync(src)) return 0;
  mkdirSync(dst, { recursive: true });
  let n = 0;
  for (const f of readdirSync(src, { withFileTypes: true }))
    if (f.isFile()) {
      copyFileSync(join(src, f.name), join(dst, f.name));
      n++;
    }
  return n;
}

/** Merges the folders into `out`; returns the merged audit. */
export async function merge(dirs: string[], out: string, opts: { html?: boolean; log?: (s: string) => void } = {}): Promise<{ audit: Audit; html: string }> {
  const log = opts.log ?? (() => {});
  if (dirs.some((d) => resolve(d) === resolve(out))) throw new MergeError(`--out ${out} is one of the shards' folders: merge into another folder`);
  const audit = mergeAudits(dirs.map(readAudit), dirs);
  for (const sub of ['outcomes', 'allure-results']) rmSync(join(out, sub), { recursive: true, force: true });
  let pages = 0;
  for (const d of dirs) {
    pages += copyDir(join(d, 'allure-results'), join(out, 'allure-results'));
    copyDir(join(d, 'outcomes'), join(out, 'outcomes'));
  }
  await writeAudit(out, audit);
  const costs: CostTable = { [audit.profile]: Object.fromEntries(audit.claims.map((c) => [c.id, c.durationMs])) };
  writeFileSync(join(out, 'costs.json'), JSON.stringify(costs, null, 2) + '\n');
  log(`merged ${dirs.length} folders: ${audit.claims.length} claims, ${pages} Allure files`);
  const html = opts.html === false ? 'HTML report: not built' : generateHtml(out).message;
  return { audit, html };
}

/** `claims merge DIR… --out DIR`. */
export async function mergeCmd(dirs: string[], out: string | undefined): Promise<number> {
  if (dirs.length === 0 || !out) {
    console.error('usage: claims merge DIR1 DIR2 … --out DIR   (the --out folders of `claims run|check --shard I/K`)');
    return 2;
  }
  try {
    const { audit, html } = await merge(dirs, out, { log: console.log });
    const s = audit.summary;
    console.log(`${s.asExpected}/${s.total} as expected (profile ${audit.profile}, seed ${audit.seed}); verdicts ${JSON.stringify(s.byVerdict)}${s.unexpected.length ? `; unexpected: ${s.unexpected.join(', ')}` : ''}`);
    console.log(`audit: ${join(out, 'audit.json')}, ${join(out, 'audit.md')}; costs: ${join(out, 'costs.json')}\n${html}`);
    return s.unexpected.length === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof MergeError) {
      console.error(`claims merge: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/** A shard dealt no claim (more shards than claims): an empty audit, so that the merge sees every shard. */
export async function emptyShard(a: { profile: Audit['profile']; seed: number; shard?: { index: number; count: number } }, dir: string): Promise<number> {
  const audit = buildAudit([], a.profile, a.seed, await environmentWithBackend());
  audit.shard = { index: a.shard!.index, count: a.shard!.count, ids: [] };
  await writeAudit(dir, audit);
  console.log(`shard ${a.shard!.index}/${a.shard!.count}: no claim dealt to it; empty audit in ${join(dir, 'audit.json')}`);
  return 0;
}

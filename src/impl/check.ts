/**
 * `claims check --impl MODULE [--data FILE]`: runs every claim that applies to an implementation (every role the
 * claim exercises is one the implementation provides) — or, with --data, every dataset-generic claim (one with
 * `onData`) on the user's dataset — each check in a child process terminated at the time limit
 * (src/impl/isolate.ts). Writes the same report as `claims run` (Allure pages, audit.json/md) with the
 * implementation and the dataset named, lists the claims that do not apply and why, and exits 1 when a verdict
 * is not the claim's expected one (a correct implementation reproduces the expected verdicts).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClaimRun } from '../harness/run.js';
import type { ClaimDefinition, Outcome, Profile } from '../harness/types.js';
import { buildAudit, writeAudit, type Audit } from '../report/audit.js';
import { allureWriter, writeClaimResult } from '../report/allure-direct.js';
import { generateHtml } from '../report/generate.js';
import { auditRecord, reportsDir, type AuditClaim } from '../report/outcomes.js';
import { loadClaims } from '../cli/registry.js';
import { environment, environmentWithBackend } from '../cli/environment.js';
import { loadUserData, type UserData } from './data-file.js';
import { describeIsolated, runJobsIsolated, type ClaimJob } from './isolate.js';
import type { OptimizerRole } from './interface.js';
import { claimCosts, shardOf } from '../cli/shard.js';
import { isNotApplicable, notApplicableReason } from '../harness/outcome-kinds.js';

/** Default time limit of one check (the claim's, or its control's), by profile. */
export const DEFAULT_TIME_LIMIT_S: Record<Profile, number> = { smoke: 300, default: 1200, thorough: 7200 };

export interface CheckOptions {
  /** implementation spec (module path, .py, cmd:…, builtin:…); none = the reference */
  impl?: string;
  /** the user's dataset (.csv or .json) */
  data?: string;
  /** rescale points into the unit ball (default) or refuse data outside it */
  rescale?: boolean;
  /** append a constant coordinate 1 to every point (a bias), --intercept */
  intercept?: boolean;
  profile: Profile;
  seed: number;
  /** time limit of one check, seconds */
  timeLimitS?: number;
  /** child processes at once */
  jobs?: number;
  /** keep claims whose file path or id contains one of these */
  filters?: string[];
  /** print nothing but errors (tests) */
  quiet?: boolean;
  /** build the HTML report (default true; tests that only read audit.json turn it off) */
  html?: boolean;
  /** reports folder (default: CLAIMS_REPORTS_DIR or ./reports) */
  out?: string;
  /** run only shard `index` (1-based) of `count`, the claims balanced by measured cost (src/cli/shard.ts) */
  shard?: { index: number; count: number };
  /** the measured costs that balance the shards (an audit.json or costs.json; default claims/costs.json) */
  costs?: string;
}

/** The result of a check: the exit code, and the audit when the claims ran (none when nothing applied). */
export interface CheckResult {
  code: number;
  audit?: Audit;
  /** why nothing ran */
  error?: string;
}

/** Which claims run and which do not apply (with the reason). */
export function applicableClaims(all: { file: string; def: ClaimDefinition }[], roles: OptimizerRole[] | null, data: boolean): { run: { file: string; def: ClaimDefinition }[]; notApplicable: { id: string; reason: string }[] } {
  const run: { file: string; def: ClaimDefinition }[] = [];
  const notApplicable: { id: string; reason: string }[] = [];
  for (const c of all) {
    const need = c.def.roles ?? [];
    const missing = roles ? need.filter((r) => !roles.includes(r)) : [];
    if (data && !c.def.onData) notApplicable.push({ id: c.def.id, reason: 'not dataset-generic (no onData: it needs data built for it)' });
    else if (!data && roles && need.length === 0) notApplicable.push({ id: c.def.id, reason: 'exercises no optimizer role (a statement about data, a solver or a flow)' });
    else if (missing.length) notApplicable.push({ id: c.def.id, reason: `needs the role${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the implementation does not provide` });
    else run.push(c);
  }
  return { run, notApplicable };
}

export async function check(o: CheckOptions): Promise<number> {
  return (await checkAudit(o)).code;
}

/** `check`, returning the audit object as well (the programmatic API, src/index.ts). */
export async function checkAudit(o: CheckOptions): Promise<CheckResult> {
  const log = o.quiet ? () => {} : (s: string) => console.log(s);
  const started = performance.now();
  // 1. the implementation and the data are checked before anything runs
  // the implementation is loaded in a child process: its code never runs in this one (src/impl/isolate.ts)
  const impl = o.impl ? await describeIsolated(o.impl) : null;
  const roles = impl ? impl.roles : null;
  let data: UserData | undefined;
  if (o.data) data = loadUserData(o.data, { rescale: o.rescale ?? true, intercept: o.intercept });
  if (impl) log(`implementation: ${impl.name} (${o.impl}), roles: ${roles!.join(', ')}`);
  if (data) for (const note of data.notes) log(`data: ${note}`);
  // 2. the claims that apply
  const all = await loadClaims();
  const filtered = o.filters?.length ? all.filter((c) => o.filters!.some((f) => c.file.includes(f) || c.def.id === f)) : all;
  const applicable = applicableClaims(filtered, roles, !!data);
  const { notApplicable } = applicable;
  if (applicable.run.length === 0) {
    const error = `no claim applies${o.filters?.length ? ` (filter ${o.filters.join(' ')})` : ''}: ${notApplicable.map((c) => `${c.id}: ${c.reason}`).join('; ')}`;
    console.error(error);
    return { code: 2, error };
  }
  const dir = o.out ?? reportsDir();
  const run = o.shard ? shardOf(applicable.run, o.shard, claimCosts(o.profile, o.costs)) : applicable.run;
  if (o.shard) log(`shard ${o.shard.index}/${o.shard.count}: ${run.length} of ${applicable.run.length} claims`);
  for (const sub of ['outcomes', 'allure-results']) await rm(join(dir, sub), { recursive: true, force: true });
  await mkdir(join(dir, 'outcomes'), { recursive: true });
  // 3. run: the claim and its control (not on a user's dataset), each isolated with the time limit
  const limitS = o.timeLimitS ?? DEFAULT_TIME_LIMIT_S[o.profile];
  const jobs: ClaimJob[] = run.flatMap(({ file, def }): ClaimJob[] =>
    data
      ? [{ key: `${def.id}/data`, file, id: def.id, which: 'data' as const, impl: o.impl }]
      : [
          { key: `${def.id}/claim`, file, id: def.id, which: 'claim' as const, impl: o.impl },
          { key: `${def.id}/control`, file, id: def.id, which: 'control' as const, impl: o.impl },
        ],
  );
  log(`checking ${run.length} claims${impl ? ` against ${impl.name}` : ''}${data ? ` on ${o.data}` : ''} (profile ${o.profile}, seed ${o.seed}, time limit ${limitS} s per check); ${notApplicable.length} not applicable`);
  const rt = allureWriter(join(dir, 'allure-results'), { ...environment(), profile: o.profile, ...(impl ? { implementation: impl.name } : {}), ...(data ? { dataset: o.data! } : {}) });
  const subject = { implementation: impl ? { name: impl.name, path: o.impl! } : undefined, data: data ? { path: o.data!, notes: data.notes } : undefined };
  const pending = new Map<string, Partial<ClaimRun>>();
  const records: AuditClaim[] = [];
  let done = 0;
  const width = String(run.length).length;
  const finish = async (file: string, def: ClaimDefinition, r: ClaimRun) => {
    const rec = auditRecord(def, r, { profile: o.profile, seed: o.seed });
    if (impl) {
      rec.implementation = impl.name;
      rec.control.runs = def.control.runs ?? 'subject';
      // a control built on the subject that came out otherwise is the implementation's doing, not the harness's
      if (!rec.control.asExpected && rec.control.runs === 'subject')
        rec.control.note = `the negative control runs ${impl.name} (${def.control.description}); it came out ${rec.control.verdict}, not ${rec.control.expected}: a fault or behaviour of the implementation, not of the harness`;
    }
    if (data) {
      rec.data = o.data;
      rec.control = { ...rec.control, verdict: 'inconclusive', asExpected: true, message: 'not run on a user dataset (it runs on generated data: npx claims run)', skipped: true };
    }
    if (isNotApplicable(r.claim)) {
      const reason = notApplicableReason(r.claim);
      notApplicable.push({ id: def.id, reason });
      log(`[${String(++done).padStart(width)}/${run.length}] ${def.id.padEnd(48)} not applicable: ${reason}`);
      return;
    }
    records.push(rec);
    await writeFile(join(dir, 'outcomes', `${def.id}.json`), JSON.stringify(rec, null, 2));
    await writeClaimResult(rt, file, def, r, { profile: o.profile, seed: o.seed, ...subject });
    const expected = rec.asExpected && rec.control.asExpected ? '(as expected)' : `(UNEXPECTED: expected ${rec.expected}${rec.control.asExpected ? '' : `; control ${rec.control.verdict}${rec.control.note ? ' — on the implementation' : ''}`})`;
    log(`[${String(++done).padStart(width)}/${run.length}] ${def.id.padEnd(48)} ${rec.verdict.padEnd(12)} ${expected}  ${(rec.durationMs / 1000).toFixed(1)} s`);
    if (!rec.asExpected && rec.verdict === 'error') log(`${''.padStart(2 * width + 3)} ${rec.message.slice(0, 400)}`);
    if (rec.control.note) log(`${''.padStart(2 * width + 3)} control: ${rec.control.note}`);
  };
  const byId = new Map(run.map((c) => [c.def.id, c]));
  let chain: Promise<void> = Promise.resolve();
  const notRun = (): Outcome => ({ verdict: 'inconclusive', message: 'not run on a user dataset', figures: {}, seed: o.seed, trials: 0, durationMs: 0 });
  await runJobsIsolated(jobs, {
    limitMs: limitS * 1000,
    concurrency: o.jobs,
    env: {
      CLAIMS_PROFILE: o.profile,
      CLAIMS_SEED: String(o.seed),
      CLAIMS_DATA: o.data,
      CLAIMS_DATA_RESCALE: o.rescale === false ? '0' : '1',
      CLAIMS_DATA_INTERCEPT: o.intercept ? '1' : '0',
    },
    onResult({ job, outcome }) {
      // one page at a time: the Allure page writer swaps a global runtime while it awaits
      chain = chain.then(async () => {
        const c = byId.get(job.id)!;
        const p = pending.get(job.id) ?? {};
        if (job.which === 'control') p.control = outcome;
        else p.claim = outcome;
        if (job.which === 'data') p.control = notRun();
        pending.set(job.id, p);
        if (p.claim && p.control) await finish(c.file, c.def, p as ClaimRun);
      });
      return chain;
    },
  });
  await chain;
  records.sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id));
  const audit: Audit = buildAudit(records, o.profile, o.seed, await environmentWithBackend());
  if (impl) audit.implementation = { name: impl.name, path: o.impl!, roles: roles! };
  audit.notApplicable = notApplicable;
  if (o.shard) audit.shard = { ...o.shard, ids: run.map((c) => c.def.id) };
  if (data) audit.data = { path: o.data!, n: data.ds.n, d: data.ds.d, maxNorm: data.maxNorm, scale: data.scale, gammaBar: data.gammaBar, notes: data.notes };
  await writeAudit(dir, audit);
  const gen = o.html === false ? { ok: true, message: 'HTML report: not built (html: false)' } : generateHtml(dir);
  log(`\n${'claim'.padEnd(48)} ${'verdict'.padEnd(13)} ${'expected'.padEnd(13)} control`);
  for (const c of records)
    log(`${c.id.padEnd(48)} ${(c.verdict + (c.asExpected ? '' : ' !')).padEnd(13)} ${c.expected.padEnd(13)} ${c.control.skipped ? 'not run' : c.control.verdict + (c.control.asExpected ? '' : ' !')}`);
  for (const c of notApplicable) log(`${c.id.padEnd(48)} not applicable: ${c.reason}`);
  log(
    `\n${audit.summary.asExpected}/${audit.summary.total} as expected in ${((performance.now() - started) / 1000).toFixed(0)} s${impl ? ` (implementation ${impl.name})` : ''}; verdicts ${JSON.stringify(audit.summary.byVerdict)}; ${notApplicable.length} not applicable\n` +
      `audit: ${join(dir, 'audit.json')}, ${join(dir, 'audit.md')}\n` +
      gen.message,
  );
  return { code: audit.summary.unexpected.length === 0 && records.length + notApplicable.filter((n) => byId.has(n.id)).length === run.length ? 0 : 1, audit };
}

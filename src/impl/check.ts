/**
 * `claims run` and `claims check --impl MODULE [--data FILE]` as one plan of the engine (src/cli/execute.ts).
 *
 * `run` is the reference subject and the whole catalogue (claims with no role included); `check` runs every claim
 * that applies to an implementation (every role the claim exercises is one it provides) — or, with --data, every
 * dataset-generic claim (one with `onData`) on the user's dataset. Each check and control runs in a child process
 * terminated at the time limit; each claim gets its Allure page and outcome in the run's folder as it finishes;
 * then audit.json/md, published under the lock (src/report/publish.ts), the table, and the exit code of
 * src/report/exit-codes.ts (0 as expected, 1 an unexpected confirmed/violated/error, 3 only inconclusive).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClaimRun } from '../harness/run.js';
import type { ClaimDefinition, Outcome } from '../harness/types.js';
import { buildAudit, writeAudit, type Audit } from '../report/audit.js';
import { allureWriter, writeClaimResult } from '../report/allure-direct.js';
import { auditRecord, type AuditClaim } from '../report/outcomes.js';
import { publish } from '../report/publish.js';
import { describeExit, runExitCode } from '../report/exit-codes.js';
import { verdictTable } from '../report/table.js';
import { loadClaims } from '../cli/registry.js';
import { environment, environmentWithBackend } from '../cli/environment.js';
import { childOptions, execute, type Plan, type Stage } from '../cli/execute.js';
import { resolveOptions, type Options, type OptionsInput } from '../cli/options.js';
import { claimCosts, shardOf } from '../cli/shard.js';
import { isNotApplicable, notApplicableReason } from '../harness/outcome-kinds.js';
import { loadUserData, type UserData } from './data-file.js';
import { describeIsolated, type ClaimJob, type ImplementationInfo } from './isolate.js';
import type { OptimizerRole } from './interface.js';

export { DEFAULT_TIME_LIMIT_S } from '../cli/options.js';

/** Options of check() (and of the API): those of src/cli/options.ts, `impl` as one spec. */
export type CheckOptions = Omit<OptionsInput, 'impl'> & { impl?: string };

/** The result of a check: the exit code, and the audit when the claims ran (none when nothing applied). */
export interface CheckResult {
  code: number;
  audit?: Audit;
  /** why nothing ran */
  error?: string;
}

type Claim = { file: string; def: ClaimDefinition };

/** Which claims run and which do not apply (with the reason). */
export function applicableClaims(all: Claim[], roles: OptimizerRole[] | null, data: boolean): { run: Claim[]; notApplicable: { id: string; reason: string }[] } {
  const run: Claim[] = [];
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

/** `claims check` from code (tests): the options resolved at the edge (src/cli/options.ts), then {@link runClaimsPlan}. */
export async function check(o: CheckOptions): Promise<number> {
  return (await checkAudit(o)).code;
}

/** `check`, returning the audit as well (the programmatic API, src/index.ts). */
export function checkAudit(o: CheckOptions): Promise<CheckResult> {
  return runClaimsPlan(resolveOptions({ command: 'check', ...o, impl: o.impl ? [o.impl] : [] }));
}

/**
 * Whether a run's audit and report become the reports folder's: a run of the whole selection, a run in a folder of
 * its own (--out, a shard), or a check (its audit is about the implementation; check has always written it there).
 */
export function publishedAsFolder(o: Options): boolean {
  return o.command !== 'run' || o.positional.length === 0 || !!o.out || !!o.shard;
}

/** run or check: selects the claims, then runs them through the engine. Code 2 (with the reason) when none applies. */
export async function runClaimsPlan(o: Options): Promise<CheckResult> {
  const log = o.quiet ? () => {} : (s: string) => console.log(s);
  // the implementation is loaded in a child process: its code never runs in this one (src/impl/isolate.ts)
  const spec = o.impl[0];
  const impl = spec ? await describeIsolated(spec, childOptions(o), o.heapMb) : null;
  const data = o.data ? loadUserData(o.data.path, { rescale: o.data.rescale, intercept: o.data.intercept }) : undefined;
  if (impl) log(`implementation: ${impl.name} (${spec}), roles: ${impl.roles.join(', ')}`);
  if (data) for (const note of data.notes) log(`data: ${note}`);
  const all = await loadClaims();
  const filtered = o.positional.length ? all.filter((c) => o.positional.some((f) => c.file.includes(f) || c.def.id === f)) : all;
  const applicable = applicableClaims(filtered, impl ? impl.roles : null, !!data);
  if (applicable.run.length === 0) {
    const error = `${o.command === 'run' ? 'no claim matches' : 'no claim applies'}${o.positional.length ? ` (filter ${o.positional.join(' ')})` : ''}${applicable.notApplicable.length ? ': ' : ''}${applicable.notApplicable.map((c) => `${c.id}: ${c.reason}`).join('; ')}${o.command === 'run' ? ' (see `claims list`)' : ''}`;
    console.error(error);
    return { code: 2, error };
  }
  const run = o.shard ? shardOf(applicable.run, o.shard, claimCosts(o.profile, o.costs)) : applicable.run;
  if (o.shard) log(`shard ${o.shard.index}/${o.shard.count}: ${run.length} of ${applicable.run.length} claims`);
  const { code, staged } = await execute(o, claimsPlan(o, run, applicable.notApplicable, impl, data));
  return { code, audit: staged.audit };
}

interface Staged {
  audit: Audit;
  records: AuditClaim[];
  notApplicable: { id: string; reason: string }[];
  missing: number;
}

function claimsPlan(o: Options, run: Claim[], notApplicable: { id: string; reason: string }[], impl: ImplementationInfo | null, data: UserData | undefined): Plan<Staged> {
  const spec = o.impl[0];
  const jobs: ClaimJob[] = run.flatMap(({ file, def }): ClaimJob[] =>
    data
      ? [{ key: `${def.id}/data`, file, id: def.id, which: 'data', impl: spec }]
      : (['claim', 'control'] as const).map((which) => ({ key: `${def.id}/${which}`, file, id: def.id, which, impl: spec })),
  );
  const byId = new Map(run.map((c) => [c.def.id, c]));
  const pending = new Map<string, Partial<ClaimRun>>();
  const records: AuditClaim[] = [];
  const width = String(run.length).length;
  let done = 0;
  let page: ((c: Claim, r: ClaimRun) => Promise<void>) | undefined;
  // the run's Allure writer and outcomes folder, made when the first result arrives (or at the end: a shard dealt no claim)
  const start = async (stage: Stage) => {
    if (page) return;
    await mkdir(join(stage.dir, 'outcomes'), { recursive: true });
    const rt = allureWriter(join(stage.dir, 'allure-results'), { ...environment(), profile: o.profile, seed: String(o.seed), run: stage.runId, ...(impl ? { implementation: impl.name } : {}), ...(data ? { dataset: o.data!.path } : {}) });
    page = (c, r) => writeClaimResult(rt, c.file, c.def, r, { profile: o.profile, seed: o.seed, ...subject });
  };
  let chain: Promise<void> = Promise.resolve();
  const notRun = (): Outcome => ({ verdict: 'inconclusive', message: 'not run on a user dataset', figures: {}, seed: o.seed, trials: 0, durationMs: 0 });
  const subject = { implementation: impl ? { name: impl.name, path: spec! } : undefined, data: data ? { path: o.data!.path, notes: data.notes } : undefined };

  const finish = async (stage: Stage, { file, def }: Claim, r: ClaimRun) => {
    const rec = auditRecord(def, r, { profile: o.profile, seed: o.seed });
    if (impl) {
      rec.implementation = impl.name;
      rec.control.runs = def.control.runs ?? 'subject';
      // a control built on the subject that came out otherwise is the implementation's doing, not the harness's
      if (!rec.control.asExpected && rec.control.runs === 'subject')
        rec.control.note = `the negative control runs ${impl.name} (${def.control.description}); it came out ${rec.control.verdict}, not ${rec.control.expected}: a fault or behaviour of the implementation, not of the harness`;
    }
    if (data) {
      rec.data = o.data!.path;
      rec.control = { ...rec.control, verdict: 'inconclusive', asExpected: true, message: 'not run on a user dataset (it runs on generated data: npx claims run)', skipped: true };
    }
    const counter = `[${String(++done).padStart(width)}/${run.length}] ${def.id.padEnd(48)}`;
    if (isNotApplicable(r.claim)) {
      const reason = notApplicableReason(r.claim);
      notApplicable.push({ id: def.id, reason });
      stage.log(`${counter} not applicable: ${reason}`);
      return;
    }
    records.push(rec);
    await writeFile(join(stage.dir, 'outcomes', `${def.id}.json`), JSON.stringify(rec, null, 2));
    await page!({ file, def }, r);
    const expected = rec.asExpected && rec.control.asExpected ? '(as expected)' : `(UNEXPECTED: expected ${rec.expected}${rec.control.asExpected ? '' : `; control ${rec.control.verdict}${rec.control.note ? ' — on the implementation' : ''}`})`;
    stage.log(`${counter} ${rec.verdict.padEnd(12)} ${expected}  ${(rec.durationMs / 1000).toFixed(1)} s`);
    if (!rec.asExpected && rec.verdict === 'error') stage.log(`${''.padStart(2 * width + 3)} ${rec.message.slice(0, 400)}`);
    if (rec.control.note) stage.log(`${''.padStart(2 * width + 3)} control: ${rec.control.note}`);
  };

  return {
    header: `${o.command === 'run' ? 'running' : 'checking'} ${run.length} claims${impl ? ` against ${impl.name}` : ''}${data ? ` on ${o.data!.path}` : ''} (profile ${o.profile}, seed ${o.seed}, time limit ${o.timeLimitS} s per check)${notApplicable.length ? `; ${notApplicable.length} not applicable` : ''}`,
    jobs,
    async onResult({ job, outcome }, stage) {
      await start(stage);
      // one page at a time: the Allure page writer swaps a global runtime while it awaits
      chain = chain.then(async () => {
        const p = pending.get(job.id) ?? {};
        if (job.which === 'control') p.control = outcome;
        else p.claim = outcome;
        if (job.which === 'data') p.control = notRun();
        pending.set(job.id, p);
        if (p.claim && p.control) await finish(stage, byId.get(job.id)!, p as ClaimRun);
      });
      return chain;
    },
    async stage(_results, stage) {
      await chain;
      await start(stage);
      records.sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id));
      const audit = buildAudit(records, o.profile, o.seed, await environmentWithBackend());
      audit.run = { id: stage.runId, dir: stage.dir, filters: o.positional, full: publishedAsFolder(o), files: run.length };
      if (impl) audit.implementation = { name: impl.name, path: spec!, roles: impl.roles };
      if (impl || data) audit.notApplicable = notApplicable;
      if (o.shard) audit.shard = { ...o.shard, ids: run.map((c) => c.def.id) };
      if (data) audit.data = { path: o.data!.path, n: data.ds.n, d: data.ds.d, maxNorm: data.maxNorm, scale: data.scale, gammaBar: data.gammaBar, notes: data.notes };
      await writeAudit(stage.dir, audit);
      const missing = run.length - records.length - notApplicable.filter((n) => byId.has(n.id)).length;
      return { audit, records, notApplicable, missing };
    },
    // a shard dealt no claim publishes its (empty) audit for `claims merge`, and no report
    publish: (s, stage) => publish(o.reports, stage.dir, s.audit, { html: o.html && run.length > 0 }),
    conclude(s, published, stage, seconds) {
      const code = runExitCode(s.records, { missing: s.missing, reportFailed: !published.report.ok });
      const summary = s.audit.summary;
      return {
        code,
        lines: [
          '',
          ...verdictTable(s.records, s.notApplicable),
          '',
          `${summary.asExpected}/${summary.total} as expected in ${seconds.toFixed(0)} s (profile ${o.profile}, seed ${o.seed}, run ${stage.runId}${impl ? `, implementation ${impl.name}` : ''}); verdicts ${JSON.stringify(summary.byVerdict)}${impl || data ? `; ${s.notApplicable.length} not applicable` : ''}`,
          published.note,
          published.report.message,
          describeExit(code),
        ],
      };
    },
  };
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { figureName } from './figure-names.js';
import { errorTitle } from '../harness/outcome-kinds.js';
import { NOT_EXECUTABLE } from './not-executable.js';
import type { AuditClaim } from './outcomes.js';
import type { Profile, Verdict } from '../harness/types.js';

/** audit.json: the machine-readable result that other tools read. */
export interface Audit {
  generatedAt: string;
  profile: Profile;
  seed: number;
  environment: Record<string, string>;
  claims: AuditClaim[];
  notExecutable: { statement: string; source: string; reason: string }[];
  summary: { total: number; asExpected: number; unexpected: string[]; byVerdict: Partial<Record<Verdict, number>> };
  /** `claims check --impl`: the implementation under test and the roles it provides */
  implementation?: { name: string; path: string; roles: string[] };
  /** `claims check`: the claims that were not run, and why (a role the implementation lacks, not dataset-generic, …) */
  notApplicable?: { id: string; reason: string }[];
  /** `claims check --data`: the user's dataset as verified (after rescaling into the unit ball, if it was) */
  data?: { path: string; n: number; d: number; maxNorm: number; scale: number; gammaBar: number; notes: string[] };
  /** `--shard I/K`: this audit covers shard I of K, the claims (or seeds) listed; `claims merge` joins the shards */
  shard?: { index: number; count: number; ids: string[] };
  /** `npm run power`: which claims caught which deliberately broken implementation (src/impl/power.ts) */
  power?: PowerAudit;
  /** `claims run`: this run's id and directory (src/report/run-dir.ts), its filters, and whether it ran the whole catalogue */
  run?: { id: string; dir: string; filters: string[]; full: boolean; files: number };
}

/** The measured power of the catalogue against the mutants of src/impl/mutants.ts. */
export interface PowerAudit {
  generatedAt: string;
  profile: Profile;
  seed: number;
  /** what counts as caught, in words */
  rule: string;
  mutants: { name: string; role: string; bug: string; caughtBy: string[]; verdicts: Record<string, string>; applicable: number; byBehaviour?: boolean; durationMs?: number }[];
  caught: number;
  total: number;
  /**
   * Mutants caught by a claim about behaviour (limits, rates, bounds, solutions found) rather than by an
   * update-rule claim (claims/update-rules/, which compare each step with the method's definition and so catch
   * any change of trajectory by construction): the power of the theorems alone.
   */
  caughtByBehaviour?: number;
  /** `power --impl-mutants SPEC`: the protocol program whose mutants these are (none: src/impl/mutants.ts) */
  mutantsFrom?: string;
  /** `power --shard I/K`: the mutants of shard I of K (`claims merge` joins the shards) */
  shard?: { index: number; count: number; ids: string[] };
}

export function buildAudit(claims: AuditClaim[], profile: Profile, seed: number, environment: Record<string, string>): Audit {
  const unexpected = claims.filter((c) => !c.asExpected || !c.control.asExpected).map((c) => c.id);
  const byVerdict: Partial<Record<Verdict, number>> = {};
  for (const c of claims) byVerdict[c.verdict] = (byVerdict[c.verdict] ?? 0) + 1;
  return {
    generatedAt: new Date().toISOString(),
    profile,
    seed,
    environment,
    claims,
    notExecutable: NOT_EXECUTABLE,
    summary: { total: claims.length, asExpected: claims.length - unexpected.length, unexpected, byVerdict },
  };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(3) : v.toPrecision(4);
}

/** audit.md: the same for people. */
export function auditMarkdown(a: Audit): string {
  const lines = [
    '# Audit of the implicit-bias claims',
    '',
    `Generated ${a.generatedAt}, profile **${a.profile}**, seed ${a.seed}. ${a.summary.asExpected} of ${a.summary.total} claims came out as expected` +
      (a.summary.unexpected.length ? `; unexpected: ${a.summary.unexpected.join(', ')}.` : '.'),
    '',
    `Environment: ${Object.entries(a.environment).map(([k, v]) => `${k} ${v}`).join(', ')}.` +
      (a.run ? ` Run ${a.run.id}${a.run.full ? ' (the whole catalogue)' : ` (filtered: ${a.run.filters.join(' ')}; ${a.run.files} claim files)`}.` : ''),
    '',
    '| claim | verdict | expected | control | key figures |',
    '|---|---|---|---|---|',
  ];
  for (const c of a.claims) {
    const figs = Object.entries(c.figures).slice(0, 4).map(([k, v]) => `${figureName(k)} = ${fmt(v)}`).join('; ');
    lines.push(`| \`${c.id}\` | ${c.verdict}${c.asExpected ? '' : ' ⚠'} | ${c.expected} | ${c.control.verdict}${c.control.asExpected ? '' : ' ⚠'} | ${figs} |`);
  }
  for (const c of a.claims) {
    lines.push('', `## ${c.id}: ${c.title}`, '', `*${c.group}.* Source: ${c.source.lecture}, slide "${c.source.slide}"${c.source.paper ? `; ${c.source.paper}` : ''}${c.source.theorem ? `, ${c.source.theorem}` : ''}.`, '', `Statement: ${c.statement}`, '', `Verdict: **${c.verdict}**${c.error ? ` — ${errorTitle(c.error)}` : ''} (expected ${c.expected}). ${c.message}`);
    if (c.decidedBy) lines.push('', `Decided by: ${c.decidedBy}; ${c.trials} input(s).`);
    if (c.replay) lines.push('', `Replay: \`${c.replay.command}\``);
    if (c.counterexample !== undefined) lines.push('', 'Counterexample:', '', '```json', JSON.stringify(c.counterexample), '```');
    lines.push('', `Negative control (${c.control.description}): ${c.control.verdict}, must be ${c.control.expected}. ${c.control.message}${c.control.note ? ` — ${c.control.note}` : ''}`);
  }
  if (a.implementation || a.data || a.notApplicable?.length) lines.splice(4, 0, ...subjectMarkdown(a));
  if (a.power) lines.push('', ...powerMarkdown(a.power));
  lines.push('', '## Statements that are not executable', '');
  for (const s of a.notExecutable) lines.push(`- **${s.statement}** (${s.source}): ${s.reason}`);
  return lines.join('\n') + '\n';
}

function subjectMarkdown(a: Audit): string[] {
  const out: string[] = [];
  if (a.implementation) out.push(`Implementation under test: **${a.implementation.name}** (\`${a.implementation.path}\`), roles ${a.implementation.roles.join(', ')}.`, '');
  if (a.data) out.push(`Dataset: \`${a.data.path}\`, n = ${a.data.n}, d = ${a.data.d}; ${a.data.notes.join('; ')}.`, '');
  if (a.notApplicable?.length) out.push(`Not applicable (${a.notApplicable.length}): ${a.notApplicable.map((c) => `\`${c.id}\` (${c.reason})`).join(', ')}.`, '');
  return out;
}

/** The power table: mutant → the claims that caught it. */
export function powerMarkdown(p: PowerAudit): string[] {
  const lines = [
    '## Power: deliberately broken implementations caught by the claims',
    '',
    `${p.caught} of ${p.total} mutants caught (profile ${p.profile}, seed ${p.seed})${p.caughtByBehaviour !== undefined ? `; ${p.caughtByBehaviour} of ${p.total} by a claim about behaviour, without the update-rule claims` : ''}. ${p.rule}`,
    '',
    '| mutant | role | bug | caught by | other verdicts |',
    '|---|---|---|---|---|',
  ];
  for (const m of p.mutants) {
    const others = Object.entries(m.verdicts).filter(([id]) => !m.caughtBy.includes(id)).map(([id, v]) => `${id}: ${v}`);
    lines.push(`| \`${m.name}\` | ${m.role} | ${m.bug} | ${m.caughtBy.length ? m.caughtBy.map((c) => `\`${c}\``).join(', ') : (m.applicable ? '**not caught**' : '**no applicable claim**')} | ${others.join('; ')} |`);
  }
  return lines;
}

export async function writeAudit(dir: string, a: Audit): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'audit.json'), JSON.stringify(a, null, 2));
  await writeFile(join(dir, 'audit.md'), auditMarkdown(a));
}

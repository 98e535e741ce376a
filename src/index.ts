/**
 * The programmatic API of the package (`import { runClaims, checkImplementation } from 'implicit-bias-claims'`):
 * the same runs as `claims check` — every check in a child process killed at its time limit (src/impl/isolate.ts)
 * — returning the audit object that `claims` writes to audit.json (src/report/audit.ts), which is written too
 * (`out`, default CLAIMS_REPORTS_DIR or ./reports) with the Allure results, and the HTML report when the `allure`
 * package is installed. Plain Node ESM imports src/index.mjs, which loads this file through tsx.
 *
 * Both go through the engine of the CLI (src/cli/execute.ts); the options are resolved at this edge by
 * src/cli/options.ts (what is given here, then the environment, then the defaults).
 */
import type { Profile } from './harness/types.js';
import { runClaimsPlan, type CheckResult } from './impl/check.js';
import { resolveOptions, type OptionsInput } from './cli/options.js';
import type { Audit } from './report/audit.js';

export type { Audit } from './report/audit.js';
export type { AuditClaim } from './report/outcomes.js';
export type { Implementation, OptimizerRole } from './impl/interface.js';

export interface ClaimsOptions {
  /** smoke | default | thorough (default: 'default', DEFAULT_PROFILE) */
  profile?: Profile;
  /** default 20261123, the seed of `claims run` */
  seed?: number;
  /** keep claims whose id or file path contains one of these */
  filters?: string[];
  /** reports folder (audit.json, audit.md, allure-results, allure-report) */
  out?: string;
  /** time limit of one check, seconds (default 300 at smoke, 1200 by default, 7200 thorough) */
  timeLimitS?: number;
  /** child processes at once (default: available cores, at most 2) */
  jobs?: number;
  /** build the HTML report when `allure` is installed (default true) */
  html?: boolean;
  /** print the progress lines and the table (default false) */
  verbose?: boolean;
  /** run only shard `index` of `count` (1-based), dealt by measured cost */
  shard?: { index: number; count: number };
}

async function audited(o: OptionsInput): Promise<Audit> {
  const resolved = resolveOptions(o);
  // the API's reports folder is its own: its audit is written there even when filtered (src/impl/check.ts publishedAsFolder)
  const r: CheckResult = await runClaimsPlan({ ...resolved, out: resolved.reports });
  if (!r.audit) throw new Error(`implicit-bias-claims: ${r.error ?? 'nothing ran'}`);
  return r.audit;
}

function options(o: ClaimsOptions): OptionsInput {
  return { profile: o.profile, seed: o.seed, filters: o.filters, out: o.out, timeLimitS: o.timeLimitS, jobs: o.jobs, html: o.html, quiet: !o.verbose, shard: o.shard };
}

/** Runs the claims (or those matching `filters`) against the reference optimizers; resolves to the audit. */
export function runClaims(o: ClaimsOptions = {}): Promise<Audit> {
  return audited({ command: 'run', ...options(o) });
}

/**
 * Runs every claim whose roles `impl` provides against it: a module path (resolved from the working directory;
 * .ts/.js exporting `optimizers`, see src/impl/interface.ts), a .py file or `cmd:COMMAND` speaking
 * docs/protocol.md, or `builtin:NAME`. Resolves to the audit (`audit.implementation`, `audit.notApplicable`);
 * rejects when the module cannot be used or no claim applies.
 */
export function checkImplementation(impl: string, o: ClaimsOptions = {}): Promise<Audit> {
  return audited({ command: 'check', ...options(o), impl: [impl] });
}

/**
 * The claims of an implementation as tests of the user's own vitest suite (src/vitest-helper.mjs registers them):
 * which claims apply to it (every role they exercise is one it provides), and one claim run in-process with its
 * negative control, judged as `npm test` judges ours — the test passes when the claim's verdict is its expected
 * verdict and the control's is the control's — and, when allure-vitest is the suite's reporter, the claim's
 * Allure page (statement, source, figures, plot, replay).
 */
import { gateProblems, runClaim } from './harness/run.js';
import { configure } from './harness/settings.js';
import { resolveOptions } from './cli/options.js';
import type { ClaimDefinition, Profile } from './harness/types.js';
import { loadClaims } from './cli/registry.js';
import { applicableClaims } from './impl/check.js';
import type { Implementation } from './impl/interface.js';
import { loadImplementation, rolesOf } from './impl/select.js';
import { subjectOf } from './impl/subject.js';
import { isNotApplicable } from './harness/outcome-kinds.js';

export interface ClaimTestOptions {
  /** a module path (from the working directory), .py / cmd:…, builtin:NAME, or an implementation object */
  impl: string | Implementation;
  profile?: Profile;
  seed?: number;
  /** keep claims whose id or file path contains one of these */
  filters?: string[];
}

export interface ClaimTest {
  id: string;
  title: string;
  expected: string;
  /** runs the claim and its control; resolves to the problems (none: as expected) */
  run(): Promise<string[]>;
}

/**
 * True when a test runtime of allure-js-commons is installed (allure-vitest's setup puts it on globalThis); not
 * when the slot holds nothing or the no-op runtime (src/report/allure-direct.ts clears it to a function of undefined).
 */
function allureActive(): boolean {
  const slot = (globalThis as { allureTestRuntime?: () => { constructor?: { name?: string } } | undefined }).allureTestRuntime;
  const rt = typeof slot === 'function' ? slot() : undefined;
  return !!rt && rt.constructor?.name !== 'NoopTestRuntime';
}

/** The tests of an implementation: one per applicable claim, and the claims that do not apply (with the reason). */
export async function claimTestsOf(o: ClaimTestOptions): Promise<{ name: string; tests: ClaimTest[]; notApplicable: { id: string; reason: string }[] }> {
  // the user's suite is an edge: what is given, then the environment (CLAIMS_PROFILE, CLAIMS_PYTHON, …), then the defaults
  const { profile, seed, settings } = resolveOptions({ command: 'vitest', profile: o.profile, seed: o.seed });
  configure(settings);
  const impl = typeof o.impl === 'string' ? await loadImplementation(o.impl) : o.impl;
  if (!impl) throw new Error('claimTests: impl names no implementation');
  const subject = subjectOf(impl);
  const all = await loadClaims();
  const filtered = o.filters?.length ? all.filter((c) => o.filters!.some((f) => c.file.includes(f) || c.def.id === f)) : all;
  const { run, notApplicable } = applicableClaims(filtered, rolesOf(impl), false);
  const test = (def: ClaimDefinition): ClaimTest => ({
    id: def.id,
    title: def.title,
    expected: def.expected,
    async run() {
      const r = await runClaim(def, { profile, seed, subject, replay: { impl: typeof o.impl === 'string' ? o.impl : undefined } });
      if (allureActive()) {
        const { reportToAllure } = await import('./report/allure.js');
        await reportToAllure(def, r, { profile, seed, implementation: { name: impl.name, path: typeof o.impl === 'string' ? o.impl : impl.name } });
      }
      if (isNotApplicable(r.claim)) return [];
      return gateProblems(def, r).map((p) => `${def.id} [${impl.name}, ${profile}, seed ${seed}]: ${p}`);
    },
  });
  return { name: impl.name, tests: run.map((c) => test(c.def)), notApplicable };
}

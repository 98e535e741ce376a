import { makeContext, type ContextOptions } from './profile.js';
import { replayCommand, type ReplayTarget } from './replay.js';
import type { ClaimDefinition, Outcome } from './types.js';
import { errorFields } from './outcome-kinds.js';
import { controlExpected, replayable } from './verdicts.js';

/** The result of running a claim and its negative control. */
export interface ClaimRun {
  claim: Outcome;
  control: Outcome;
}

/** What a check's replay command names besides the claim: the implementation, the dataset (src/harness/replay.ts). */
export type ReplayOf = Omit<ReplayTarget, 'id' | 'which'>;

/**
 * Runs one check and never throws: an exception that escapes the check (a harness bug, a failed assumption, a
 * solver that could not verify, a NaN) becomes the verdict "error" with the exception's name and message, and its
 * typed kind (Outcome.error, src/harness/outcome-kinds.ts) read from the exception's class.
 * A violation carries the command that replays its counterexample, an error the command that replays the check
 * that raised it (a control's would replay its claim: none).
 */
export async function runCheck(
  id: string,
  check: ClaimDefinition['check'],
  opts: ContextOptions & { which?: ReplayTarget['which']; replay?: ReplayOf },
): Promise<Outcome> {
  const started = performance.now();
  let out: Outcome;
  try {
    out = await check(makeContext(opts));
  } catch (e) {
    out = { verdict: 'error', ...errorFields(e), figures: {}, seed: opts.seed, trials: 0, durationMs: 0 };
  }
  out.durationMs = performance.now() - started;
  const which = opts.which ?? (opts.control ? 'control' : 'claim');
  const replay = replayable(out) ? replayCommand({ id, which, ...opts.replay }, out, opts.profile) : undefined;
  if (replay) out.replayCommand = replay;
  return out;
}

/** Runs a claim and its negative control (the control with the same seed, stopping at its first failure). */
export async function runClaim(
  def: ClaimDefinition,
  opts: Omit<ContextOptions, 'control' | 'noShrink'> & { replay?: ReplayOf },
): Promise<ClaimRun> {
  const claim = await runCheck(def.id, def.check, opts);
  const control = opts.path
    ? { verdict: 'error' as const, message: 'not run while replaying', error: { kind: 'harness' as const, name: 'NotRun' }, figures: {}, seed: opts.seed, trials: 0, durationMs: 0 }
    : await runCheck(def.id, def.control.check, { ...opts, control: true });
  return { claim, control };
}

/**
 * How a gate judges a claim run (`npm test`'s src/harness/vitest.ts, the vitest helper of src/vitest-claims.ts): the
 * problems, none when the claim's verdict is its expected one and the control's is the control's.
 */
export function gateProblems(def: ClaimDefinition, run: ClaimRun): string[] {
  const control = controlExpected(def);
  const problems: string[] = [];
  if (run.claim.verdict !== def.expected) problems.push(`verdict ${run.claim.verdict}, expected ${def.expected}: ${run.claim.message}`);
  if (run.control.verdict !== control)
    problems.push(`negative control (${def.control.description}) came out ${run.control.verdict}, expected ${control}: ${run.control.message}`);
  return problems;
}

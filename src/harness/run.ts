import { makeContext, type ContextOptions } from './profile.js';
import type { ClaimDefinition, Outcome, Profile } from './types.js';
import { errorFields } from './outcome-kinds.js';
import { replayable } from './verdicts.js';

/** The result of running a claim and its negative control. */
export interface ClaimRun {
  claim: Outcome;
  control: Outcome;
}

/** The command that replays a counterexample of a claim (fast-check seed and path, no search, no shrinking). */
export function replayCommand(id: string, o: Pick<Outcome, 'seed' | 'path'>, profile: Profile): string {
  return `npx claims replay ${id} --seed ${o.seed}${o.path ? ` --path "${o.path}"` : ''} --profile ${profile}`;
}

/**
 * Runs one check and never throws: an exception that escapes the check (a harness bug, a failed assumption, a
 * solver that could not verify, a NaN) becomes the verdict "error" with the exception's name and message, and its
 * typed kind (Outcome.error, src/harness/outcome-kinds.ts) read from the exception's class.
 */
export async function runCheck(
  id: string,
  check: ClaimDefinition['check'],
  opts: ContextOptions,
): Promise<Outcome> {
  const started = performance.now();
  let out: Outcome;
  try {
    out = await check(makeContext(opts));
  } catch (e) {
    out = { verdict: 'error', ...errorFields(e), figures: {}, seed: opts.seed, trials: 0, durationMs: 0 };
  }
  out.durationMs = performance.now() - started;
  // a violation replays its counterexample; an error replays the check that raised it (a control's is its claim's)
  if (replayable(out) && (out.verdict === 'violated' || !opts.control)) out.replayCommand = replayCommand(id, out, opts.profile);
  return out;
}

/** Runs a claim and its negative control (the control with the same seed, stopping at its first failure). */
export async function runClaim(
  def: ClaimDefinition,
  opts: Omit<ContextOptions, 'control' | 'noShrink'>,
): Promise<ClaimRun> {
  const claim = await runCheck(def.id, def.check, opts);
  const control = opts.path
    ? { verdict: 'error' as const, message: 'not run while replaying', error: { kind: 'harness' as const, name: 'NotRun' }, figures: {}, seed: opts.seed, trials: 0, durationMs: 0 }
    : await runCheck(def.id, def.control.check, { ...opts, control: true });
  return { claim, control };
}

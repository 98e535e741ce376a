/**
 * Typed helpers over the Verdict union (src/harness/types.ts VERDICTS, its single source): what a claim's negative
 * control must come out, whether a run went as expected, and a guard for verdicts read back from JSON.
 */
import { VERDICTS, type ClaimDefinition, type Outcome, type Verdict } from './types.js';

/** The verdict a claim's negative control must come out with (violated unless the claim says otherwise). */
export function controlExpected(def: Pick<ClaimDefinition, 'control'>): Verdict {
  return def.control.expected ?? 'violated';
}

/** Whether the claim and its control both came out with their expected verdicts. */
export function runAsExpected(def: Pick<ClaimDefinition, 'expected' | 'control'>, run: { claim: Pick<Outcome, 'verdict'>; control: Pick<Outcome, 'verdict'> }): boolean {
  return run.claim.verdict === def.expected && run.control.verdict === controlExpected(def);
}

/** True for one of the four verdicts (a value read from audit.json, a shard, the command line). */
export function isVerdict(v: unknown): v is Verdict {
  return (VERDICTS as readonly unknown[]).includes(v);
}

/** Whether an outcome carries a replay command: a violation replays its counterexample, an error the check that raised it. */
export function replayable(o: Pick<Outcome, 'verdict'>): boolean {
  return o.verdict === 'violated' || o.verdict === 'error';
}

/**
 * Whether a "violated" refutes the subject: not on a claim expected violated (a statement checked as written says
 * nothing about the implementation when it is violated again). The power rule's first half, and a false alarm.
 */
export function refutes(def: Pick<ClaimDefinition, 'expected'>, o: Pick<Outcome, 'verdict'>): boolean {
  return o.verdict === 'violated' && def.expected !== 'violated';
}

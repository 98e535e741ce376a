import type { ClaimRun } from '../harness/run.js';
import type { ClaimDefinition, ClaimSource, Profile, Verdict } from '../harness/types.js';
import type { OutcomeError } from '../harness/outcome-kinds.js';
import { controlExpected as expectedOfControl, replayable } from '../harness/verdicts.js';

/** The per-claim record of audit.json. */
export interface AuditClaim {
  id: string;
  title: string;
  group: string;
  source: ClaimSource;
  statement: string;
  verdict: Verdict;
  expected: Verdict;
  asExpected: boolean;
  figures: Record<string, number>;
  message: string;
  /** verdict "error": its typed kind (src/harness/outcome-kinds.ts: kind, fault, name), what programs read */
  error?: OutcomeError;
  replay?: { seed: number; path?: string; command: string };
  counterexample?: unknown;
  decidedBy?: string;
  trials: number;
  minSlack?: number;
  control: { description: string; verdict: Verdict; expected: Verdict; asExpected: boolean; message: string; error?: OutcomeError; skipped?: boolean; /** what the control ran: the subject (wrapped) or a mutant of the reference */ runs?: 'subject' | 'mutant'; /** why a control that is not as expected is not the harness failing */ note?: string };
  /** `claims check`: the implementation the claim ran against, or the user's dataset it ran on */
  implementation?: string;
  data?: string;
  profile: Profile;
  seed: number;
  durationMs: number;
}

/** The audit record of one claim run. */
export function auditRecord(def: ClaimDefinition, run: ClaimRun, opts: { profile: Profile; seed: number }): AuditClaim {
  const c = run.claim;
  const controlExpected = expectedOfControl(def);
  return {
    id: def.id,
    title: def.title,
    group: def.group,
    source: def.source,
    statement: def.statement,
    verdict: c.verdict,
    expected: def.expected,
    asExpected: c.verdict === def.expected,
    figures: c.figures,
    message: c.message,
    ...(c.verdict === 'error' && c.error ? { error: c.error } : {}),
    replay: replayable(c) && c.replayCommand ? { seed: c.seed, path: c.path, command: c.replayCommand } : undefined,
    counterexample: c.verdict === 'violated' ? c.counterexample : undefined,
    decidedBy: c.decidedBy,
    trials: c.trials,
    minSlack: c.minSlack,
    control: {
      description: def.control.description,
      verdict: run.control.verdict,
      expected: controlExpected,
      asExpected: run.control.verdict === controlExpected,
      message: run.control.message,
      ...(run.control.verdict === 'error' && run.control.error ? { error: run.control.error } : {}),
    },
    profile: opts.profile,
    seed: opts.seed,
    durationMs: Math.round(c.durationMs + run.control.durationMs),
  };
}

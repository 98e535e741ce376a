import type { Outcome } from './types.js';

/** What a replay command reproduces: a claim's check (against an implementation, or on a user's dataset). */
export interface ReplayTarget {
  id: string;
  /** the claim's check (default), its negative control, or its onData on the user's dataset */
  which?: 'claim' | 'control' | 'data';
  /** the implementation (--impl spec); none = the reference */
  impl?: string;
  /** the user's dataset (--data path) */
  data?: string;
}

/**
 * The one builder of the command that reproduces a check, printed with every violation and error (run, check,
 * power, false-alarms, the report, audit.json): `claims replay` on fast-check's seed and path (no search, no
 * shrinking), or `claims check --data` for one claim on a user's dataset. None for a negative control: `replay`
 * runs the claim, so a control's command would reproduce something else.
 */
export function replayCommand(t: ReplayTarget, o: Pick<Outcome, 'seed' | 'path'>, profile: string): string | undefined {
  if (t.which === 'control') return undefined;
  const impl = t.impl ? ` --impl ${/\s/.test(t.impl) ? JSON.stringify(t.impl) : t.impl}` : '';
  if (t.which === 'data') return `npx claims check --data ${t.data}${impl} --profile ${profile} --seed ${o.seed} ${t.id}`;
  return `npx claims replay ${t.id}${impl} --seed ${o.seed}${o.path ? ` --path "${o.path}"` : ''} --profile ${profile}`;
}

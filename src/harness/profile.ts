import { referenceSubject, type Subject } from '../impl/subject.js';
import type { ClaimContext, Profile } from './types.js';

/** Default seed of a run; same seed, same figures. */
export const DEFAULT_SEED = 20261123;

/**
 * The profile of every command, of the API and of the vitest helper when none is given (README "Profiles and
 * seeds"). The budgets that run at smoke say so where they are declared: `npm test` (the claims project of
 * vitest.config.ts), `npm run power` and `npm run false-alarms` (package.json).
 */
export const DEFAULT_PROFILE: Profile = 'default';

/** What a context is made of; the subject defaults to our reference optimizers. */
export interface ContextOptions {
  profile: Profile;
  seed: number;
  path?: string;
  control?: boolean;
  noShrink?: boolean;
  subject?: Subject;
  progress?: (m: string) => void;
}

/**
 * The same context with another subject: a control that runs a variant (a mutant, a wrapper such as weight decay
 * around the subject) builds a new context instead of swapping a global.
 */
export function withSubject(ctx: ClaimContext, subject: Subject): ClaimContext {
  return { ...ctx, subject };
}

/** A context for one run of a check. */
export function makeContext(opts: ContextOptions): ClaimContext {
  return {
    subject: opts.subject ?? referenceSubject,
    profile: opts.profile,
    seed: opts.seed,
    path: opts.path,
    control: opts.control ?? false,
    noShrink: opts.noShrink,
    budget: (b) => b[opts.profile],
    progress: opts.progress ?? (() => {}),
  };
}

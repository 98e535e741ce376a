import { referenceSubject, type Subject } from '../impl/subject.js';
import { PROFILES, type ClaimContext, type Profile } from './types.js';

/** Default seed of a run; same seed, same figures. */
export const DEFAULT_SEED = 20261123;

/** The profile from CLAIMS_PROFILE (smoke | default | thorough), refusing anything else with a clear message. */
export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): Profile {
  const p = env.CLAIMS_PROFILE ?? 'smoke';
  if (!(PROFILES as readonly string[]).includes(p))
    throw new Error(`CLAIMS_PROFILE must be one of ${PROFILES.join(', ')}; got "${p}"`);
  return p as Profile;
}

/** The seed from CLAIMS_SEED (an integer), default {@link DEFAULT_SEED}. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const s = env.CLAIMS_SEED;
  if (s === undefined || s === '') return DEFAULT_SEED;
  const v = Number(s);
  if (!Number.isInteger(v)) throw new Error(`CLAIMS_SEED must be an integer; got "${s}"`);
  return v;
}

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

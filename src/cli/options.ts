/**
 * The one options object of a run, built once at the edge — from the command line and the environment here, from
 * the API's arguments in src/index.ts (through {@link resolveOptions}) — and passed down: to the engine
 * (src/cli/execute.ts), to the isolated children over IPC (src/impl/isolate.ts), to the checks in their context.
 * Environment variables are read in this folder and at the vitest gate's entry (src/harness/vitest.ts) only;
 * test/cli/env-edges.test.ts fails on a `process.env.CLAIMS_…` anywhere else in src/.
 *
 * User-facing variables: CLAIMS_PROFILE, CLAIMS_SEED (defaults of --profile, --seed), CLAIMS_REPORTS_DIR (the
 * reports folder; --out names a folder of the run's own), CLAIMS_PYTHON, CLAIMS_HEAP_MB, CLAIMS_TF_BACKEND,
 * CLAIMS_BATCHED=0, CLAIMS_QUIET=1; CLAIMS_IMPL and CLAIMS_PATH for the vitest gate.
 */
import { DEFAULT_PROFILE, DEFAULT_SEED } from '../harness/profile.js';
import { DEFAULT_SETTINGS, type RuntimeSettings } from '../harness/settings.js';
import { PROFILES, type Profile } from '../harness/types.js';
import type { TfBackendName } from '../models/tf-backend.js';
import { parseShard, type Shard } from './shard.js';

/** Default time limit of one check (the claim's, or its control's), by profile, seconds. */
export const DEFAULT_TIME_LIMIT_S: Record<Profile, number> = { smoke: 300, default: 1200, thorough: 7200 };

/** A user's dataset (`--data FILE`) and what may be done to it. */
export interface DataOption {
  path: string;
  /** rescale points into the unit ball (default) or refuse data outside it (--no-rescale) */
  rescale: boolean;
  /** append a constant coordinate (--intercept) */
  intercept: boolean;
}

/** Everything a run needs to know, typed; built by {@link parseArgs} or {@link resolveOptions}. */
export interface Options {
  command: string;
  /** filters (run, check), mutants (power), folders (merge), the claim id (replay) */
  positional: string[];
  profile: Profile;
  /** the profile was given (--profile or CLAIMS_PROFILE), not the default */
  profileGiven: boolean;
  seed: number;
  /** the seed was given (--seed or CLAIMS_SEED) */
  seedGiven: boolean;
  /** replay: fast-check's path */
  path?: string;
  /** --impl, repeatable (false-alarms takes several); none = the reference */
  impl: string[];
  /** power --impl-mutants SPEC: the mutants of a protocol program (a .py file or cmd:COMMAND; src/impl/protocol-mutants.ts) */
  implMutants?: string;
  data?: DataOption;
  /** time limit of one check, seconds (default by profile: DEFAULT_TIME_LIMIT_S) */
  timeLimitS: number;
  /** child processes at once (default: available cores, at most 2) */
  jobs?: number;
  /** false-alarms: fresh seeds */
  runs?: number;
  /** --out DIR: a reports folder of this run's own (a filtered run publishes its audit there) */
  out?: string;
  /** the reports folder: --out, else CLAIMS_REPORTS_DIR, else ./reports */
  reports: string;
  shard?: Shard;
  /** --costs FILE: measured costs that deal the shards */
  costs?: string;
  /** print nothing but errors (tests, the API unless verbose) */
  quiet: boolean;
  /** build the HTML report (default true) */
  html: boolean;
  /** V8 heap limit of the isolated children, MB (CLAIMS_HEAP_MB) */
  heapMb?: number;
  /** process-wide settings, handed to every child (src/harness/settings.ts) */
  settings: RuntimeSettings;
}

export class UsageError extends Error {}

type Env = Record<string, string | undefined>;

/** The process-wide settings named by the environment (CLAIMS_PYTHON, CLAIMS_TF_BACKEND, CLAIMS_BATCHED, CLAIMS_QUIET). */
export function settingsFromEnv(env: Env = process.env): RuntimeSettings {
  const backend = env.CLAIMS_TF_BACKEND;
  if (backend && !['tensorflow', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`CLAIMS_TF_BACKEND must be tensorflow, wasm or cpu; got "${backend}"`);
  return {
    ...DEFAULT_SETTINGS,
    python: env.CLAIMS_PYTHON || DEFAULT_SETTINGS.python,
    ...(backend ? { tfBackend: backend as TfBackendName } : {}),
    batched: env.CLAIMS_BATCHED !== '0',
    quiet: env.CLAIMS_QUIET === '1',
  };
}

function profileOf(p: string, source: string): Profile {
  if (!(PROFILES as readonly string[]).includes(p)) throw new UsageError(`${source} must be one of ${PROFILES.join(', ')}; got "${p}"`);
  return p as Profile;
}

function seedOf(v: string, source: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`${source} must be an integer; got "${v}"`);
  return Number(v);
}

function heapOf(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const mb = Number(v);
  if (!(mb > 0)) throw new UsageError(`CLAIMS_HEAP_MB must be a positive number of megabytes; got "${v}"`);
  return mb;
}

/** What the environment sets before the command line: profile, seed, reports folder, heap, settings. */
function fromEnv(env: Env) {
  return {
    profile: env.CLAIMS_PROFILE ? profileOf(env.CLAIMS_PROFILE, 'CLAIMS_PROFILE') : DEFAULT_PROFILE,
    profileGiven: !!env.CLAIMS_PROFILE,
    seed: env.CLAIMS_SEED ? seedOf(env.CLAIMS_SEED, 'CLAIMS_SEED') : DEFAULT_SEED,
    seedGiven: !!env.CLAIMS_SEED,
    reports: env.CLAIMS_REPORTS_DIR || 'reports',
    heapMb: heapOf(env.CLAIMS_HEAP_MB),
    settings: settingsFromEnv(env),
  };
}

/** Options given programmatically (the API, tests): any field, the rest from the environment and the defaults. */
export type OptionsInput = Partial<Omit<Options, 'data' | 'settings'>> & { data?: string | DataOption; rescale?: boolean; intercept?: boolean; filters?: string[]; settings?: Partial<RuntimeSettings> };

/** The options of a programmatic run: what is given, the environment for the rest, then the defaults. */
export function resolveOptions(o: OptionsInput, env: Env = process.env): Options {
  const e = fromEnv(env);
  const profile = o.profile ?? e.profile;
  const data = typeof o.data === 'string' ? { path: o.data, rescale: o.rescale ?? true, intercept: o.intercept ?? false } : o.data;
  return {
    command: o.command ?? 'check',
    positional: o.positional ?? o.filters ?? [],
    profile,
    profileGiven: o.profileGiven ?? (o.profile !== undefined || e.profileGiven),
    seed: o.seed ?? e.seed,
    seedGiven: o.seedGiven ?? (o.seed !== undefined || e.seedGiven),
    path: o.path,
    impl: o.impl ?? [],
    ...(o.implMutants ? { implMutants: o.implMutants } : {}),
    ...(data ? { data } : {}),
    timeLimitS: o.timeLimitS ?? DEFAULT_TIME_LIMIT_S[profile],
    jobs: o.jobs,
    runs: o.runs,
    out: o.out,
    reports: o.reports ?? o.out ?? e.reports,
    shard: o.shard,
    costs: o.costs,
    quiet: o.quiet ?? false,
    html: o.html ?? true,
    heapMb: o.heapMb ?? e.heapMb,
    settings: { ...e.settings, ...Object.fromEntries(Object.entries(o.settings ?? {}).filter(([, v]) => v !== undefined)) },
  };
}

const positiveNumber = (name: string, v: string, integer = false) => {
  const x = Number(v);
  if (!(x > 0) || (integer && !Number.isInteger(x))) throw new UsageError(`${name} must be a positive ${integer ? 'integer' : 'number'}; got "${v}"`);
  return x;
};

function shardArg(v: string): Shard {
  try {
    return parseShard(v);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The options of a command line (`claims <command> [options] [positional …]`) over the environment's. */
export function parseArgs(argv: string[], env: Env = process.env): Options {
  const [command = 'help', ...rest] = argv;
  const given: OptionsInput & { positional: string[]; impl: string[] } = { command, positional: [], impl: [] };
  let dataPath: string | undefined;
  const data = { rescale: true, intercept: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--profile') given.profile = profileOf(value(), '--profile');
    else if (a === '--seed') given.seed = seedOf(value(), '--seed');
    else if (a === '--path') given.path = value();
    else if (a === '--impl') given.impl.push(value());
    else if (a === '--impl-mutants' && command === 'power') given.implMutants = value();
    else if (a === '--data') dataPath = value();
    else if (a === '--no-rescale') data.rescale = false;
    else if (a === '--intercept') data.intercept = true;
    else if (a === '--time-limit') given.timeLimitS = positiveNumber(a, value());
    else if (a === '--jobs') given.jobs = positiveNumber(a, value(), true);
    else if (a === '--runs') given.runs = positiveNumber(a, value(), true);
    else if (a === '--out') given.out = value();
    else if (a === '--costs') given.costs = value();
    else if (a === '--shard') given.shard = shardArg(value());
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else given.positional.push(a);
  }
  return resolveOptions({ ...given, ...(dataPath ? { data: { path: dataPath, ...data } } : {}) }, env);
}

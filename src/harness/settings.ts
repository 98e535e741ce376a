/**
 * Process-wide settings of the machinery that runs a check (not of a claim, not of the subject): which Python runs a
 * .py implementation, which TensorFlow.js backend, whether batched runs are used, the time limit of one run of an
 * implementation, whether solver progress is printed.
 *
 * They are set once per process, at its edge — the CLI (src/cli/options.ts, from argv and the environment), the
 * isolated child (from the options it receives over IPC, src/impl/claim-child.ts), the vitest gate's entry
 * (src/harness/vitest.ts) — and read here by the code deep inside. Nothing below the edges reads the environment.
 */
import type { TfBackendName } from '../models/tf-backend.js';

export interface RuntimeSettings {
  /** the interpreter of a .py implementation (`python3` unless CLAIMS_PYTHON names another) */
  python: string;
  /** force one TensorFlow.js backend (CLAIMS_TF_BACKEND); none: tensorflow, else wasm, else cpu */
  tfBackend?: TfBackendName;
  /** let an implementation's runBatched hook serve checkpoint runs (CLAIMS_BATCHED=0 turns it off) */
  batched: boolean;
  /** wall-clock limit of one run of an implementation under test, ms (the isolated check sets its own limit) */
  implTimeLimitMs: number;
  /** silence the solvers' progress lines on stderr (CLAIMS_QUIET=1) */
  quiet: boolean;
}

export const DEFAULT_SETTINGS: Readonly<RuntimeSettings> = Object.freeze({ python: 'python3', batched: true, implTimeLimitMs: 60_000, quiet: false });

let current: RuntimeSettings = { ...DEFAULT_SETTINGS };

/** The settings of this process. */
export function settings(): Readonly<RuntimeSettings> {
  return current;
}

/** Sets some settings of this process (at its edge; undefined leaves one as it is); returns the previous ones. */
export function configure(s: Partial<RuntimeSettings>): RuntimeSettings {
  const previous = current;
  current = { ...current };
  for (const [k, v] of Object.entries(s)) if (v !== undefined) (current as unknown as Record<string, unknown>)[k] = v;
  return previous;
}

/** Puts back settings returned by {@link configure} (tests). */
export function restoreSettings(s: RuntimeSettings): void {
  current = s;
}

/**
 * Progress on stderr for a long phase: nothing during its first 2 s (PROGRESS_AFTER_MS), then one line at most
 * every 2 s, and a closing line when a phase that printed anything ends. Silent under CLAIMS_QUIET=1 (tests).
 */
import { settings } from '../harness/settings.js';

export const PROGRESS_AFTER_MS = 2000;

export class Progress {
  private readonly started = performance.now();
  private last = this.started;
  private printed = false;
  constructor(private readonly phase: string) {}

  /** Prints `message()` when the phase has run ≥ 2 s and the last line is ≥ 2 s old. */
  tick(message: () => string): void {
    const now = performance.now();
    if (now - this.started < PROGRESS_AFTER_MS || (this.printed && now - this.last < PROGRESS_AFTER_MS)) return;
    this.write(`${message()} (${((now - this.started) / 1000).toFixed(1)} s)`);
    this.last = now;
  }

  /** The closing line, only when the phase printed progress. */
  done(message: () => string): void {
    if (this.printed) this.write(`${message()} (${((performance.now() - this.started) / 1000).toFixed(1)} s)`);
  }

  private write(s: string): void {
    this.printed = true;
    if (!settings().quiet) process.stderr.write(`${this.phase}: ${s}\n`);
  }
}

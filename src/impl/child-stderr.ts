/**
 * What a check's child process wrote on stderr, read by the pool of src/impl/isolate.ts: its tail, whether V8's
 * out-of-memory line went by, and the moment the stream has ended (so a verdict on a dead child reads all of it).
 */
import type { ChildProcess } from 'node:child_process';

const STDERR_TAIL = 2000;
const OOM = /JavaScript heap out of memory|Allocation failed - process out of memory|Reached heap limit/;

/**
 * Keeps the tail of a child's stderr and whether V8's out-of-memory line went by: tested on tail + chunk, so a line
 * split between two chunks is seen, and sticky, so the native stack V8 prints after it cannot push it out of the tail.
 */
export function appendStderr(w: { stderr: string; oom: boolean }, chunk: string): void {
  const joined = w.stderr + chunk;
  if (OOM.test(joined)) w.oom = true;
  w.stderr = joined.slice(-STDERR_TAIL);
}

/** Bound on the wait for a dead child's stderr to end (a grandchild may hold the pipe open). */
const STDERR_END_MS = 3000;
/** Calls `fn` once the child's stderr has ended (everything it wrote has been read), or after STDERR_END_MS. */
export function afterStderr(w: { proc: ChildProcess }, fn: () => void): void {
  const err = w.proc.stderr;
  if (!err || err.readableEnded || err.destroyed) return fn();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn();
  };
  const timer = setTimeout(once, STDERR_END_MS);
  err.once('end', once);
  err.once('close', once);
}

/** The last lines of a child's stderr on one line, for a message. */
export function lastLines(s: string): string {
  const t = s.trim().split('\n').slice(-6).join(' | ');
  return t || '(no output on stderr)';
}

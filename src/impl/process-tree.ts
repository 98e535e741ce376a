/**
 * The process trees the harness owns: each check's child (started in a process group of its own) and the process
 * groups of the protocol children it started. A timeout, the end of a run, Ctrl-C or SIGTERM kills a tree whole
 * (test/impl/lifecycle.test.ts: a grandchild that ignores SIGTERM does not survive).
 */
import type { ChildProcess } from 'node:child_process';

/** The children alive, each with the process groups of the protocol children it started. */
const live = new Map<ChildProcess, Set<number>>();
let handlersInstalled = false;
/** Kills a child's process group and the groups of its protocol children (a SIGKILLed child cleans up nothing). */
export function killGroup(proc: ChildProcess): void {
  try {
    if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
  } catch {
    proc.kill('SIGKILL');
  }
  for (const g of live.get(proc) ?? []) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.get(proc)?.clear();
}
/** On Ctrl-C, SIGTERM and at exit, every tracked tree dies (once per process). */
export function installInterruptHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      for (const p of live.keys()) killGroup(p);
      process.exit(130);
    });
  process.once('exit', () => {
    for (const p of live.keys()) killGroup(p);
  });
}

/** Starts tracking a child (its own process group). */
export function track(proc: ChildProcess): void {
  live.set(proc, new Set());
}
/** A protocol child's process group, started (alive) or ended by the child `proc`. */
export function noteGroup(proc: ChildProcess, pgid: number, alive: boolean): void {
  live.get(proc)?.[alive ? 'add' : 'delete'](pgid);
}
/** Stops tracking a child that has exited. */
export function untrack(proc: ChildProcess): void {
  live.delete(proc);
}

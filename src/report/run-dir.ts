/**
 * Runs that share a reports folder never lose or overwrite each other's results.
 *
 * Each `claims run` stages everything it produces in a directory of its own, `<reports>/runs/<run id>/` (outcomes,
 * Allure results, its audit), so two runs started at once never write the same file and never delete each other's
 * results (the old layout cleared the shared `allure-results` at start: a concurrent run's results vanished and its
 * `allure generate` failed). Only publishing touches shared files — the history (`history/history.jsonl`, appended
 * by `allure generate`), the full report and `audit.json` — and publishing holds the folder's lock: runs publish one
 * after the other, each appending its history line. Shared files are written to a temporary name and renamed, so a
 * reader never sees half a file.
 *
 * Why a lock around publishing rather than a lock around the whole run: runs take minutes and are independent until
 * they publish; publishing takes seconds.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A run's id: UTC time to the millisecond and the process id (unique among concurrent runs of one machine). */
export function newRunId(now = new Date(), pid = process.pid): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${pid}`;
}

/** Creates `<reports>/runs/<id>` and returns its path. */
export function createRunDir(reports: string, id: string): string {
  const dir = join(reports, 'runs', id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A new run's id and directory, created here: two runs of one process started in the same millisecond (the API
 * called twice at once) get `<id>`, `<id>-1`, … — the directory is created exclusively, so no two runs share one.
 */
export function newRunDir(reports: string, now = new Date()): { id: string; dir: string } {
  const base = newRunId(now);
  mkdirSync(join(reports, 'runs'), { recursive: true });
  for (let k = 0; ; k++) {
    const id = k === 0 ? base : `${base}-${k}`;
    try {
      mkdirSync(join(reports, 'runs', id));
      return { id, dir: join(reports, 'runs', id) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Writes a file through a temporary name in the same folder and a rename (atomic on one file system). */
export function writeFileAtomic(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` holding `<reports>/.lock` (created with O_EXCL; it holds the owner's pid). A lock whose owner process
 * is gone is taken over; otherwise this waits, up to `timeoutMs`, then throws.
 */
export function withLock<T>(reports: string, fn: () => T, timeoutMs = 10 * 60_000): T {
  mkdirSync(reports, { recursive: true });
  const lock = join(reports, '.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(lock, 'utf8'));
      } catch {
        continue; // released between open and read
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(lock, { force: true }); // its owner died without releasing it
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the reports folder ${reports} stayed locked by process ${owner} for ${timeoutMs / 1000} s (${lock})`);
      sleep(200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** What a finished run leaves in its directory (run and check: audit.json; power: power.json; false-alarms: …). */
const FINISHED = ['audit.json', 'power.json', 'false-alarms.json'];

/** Deletes the oldest finished run directories (those with one of FINISHED) beyond `keep`; call it holding the lock. */
export function pruneRuns(reports: string, keep = 20): string[] {
  const root = join(reports, 'runs');
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const finished = names.filter((n) => {
    try {
      return FINISHED.some((f) => statSync(join(root, n, f), { throwIfNoEntry: false })?.isFile());
    } catch {
      return false;
    }
  }).sort();
  const old = finished.slice(0, Math.max(0, finished.length - keep));
  for (const n of old) rmSync(join(root, n), { recursive: true, force: true });
  return old;
}

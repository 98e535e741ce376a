import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { auditMarkdown, type Audit } from './audit.js';
import { generateHtml } from './generate.js';
import { pruneRuns, writeFileAtomic } from './run-dir.js';

/**
 * Publishes a finished run of claims (run, check), holding the reports folder's lock: its HTML report (appending
 * its line to the shared history) and, for a run published as the folder's (`audit.run.full`: the whole catalogue,
 * a folder of its own, a check), the folder's audit.json/audit.md, report, Allure results and outcomes (so the
 * folder is one run's, whole, as `claims merge` reads it). A filtered run keeps its report and audit in its run
 * directory and leaves the folder's as they are, and says so. `html: false` builds no report.
 */
export function publish(reports: string, runDir: string, audit: Audit, opts: { html?: boolean } = {}): { report: { ok: boolean; message: string }; note: string } {
  const full = audit.run!.full;
  // the report is built in the run directory; a full run's then replaces the folder's by renames, so a failed
  // generation leaves the previous report whole
  const built = join(runDir, 'allure-report');
  let report = opts.html === false
    ? { ok: true, message: 'HTML report: not built (html: false)' }
    : generateHtml(reports, { results: join(runDir, 'allure-results'), output: built, history: join(reports, 'history', 'history.jsonl'), configDir: runDir });
  if (full && report.ok && existsSync(built)) report = { ok: true, message: `HTML report: ${replaceDir(built, join(reports, 'allure-report'))}` };
  let note: string;
  if (full) {
    for (const sub of ['allure-results', 'outcomes']) copyDirOver(join(runDir, sub), join(reports, sub));
    writeFileAtomic(join(reports, 'audit.json'), JSON.stringify(audit, null, 2));
    writeFileAtomic(join(reports, 'audit.md'), auditMarkdown(audit));
    note = `audit: ${join(reports, 'audit.json')}, ${join(reports, 'audit.md')} (this run's copy: ${runDir})`;
  } else {
    const previous = readPublishedRun(reports);
    note = `filtered run (${audit.run!.files} claim file${audit.run!.files === 1 ? '' : 's'} matching ${audit.run!.filters.join(' ')}): its audit and report are in ${runDir}; ` +
      `${join(reports, 'audit.json')} and ${join(reports, 'allure-report')} were left as they are${previous ? ` (run ${previous})` : ''}`;
  }
  pruneRuns(reports);
  return { report, note };
}

/** Replaces directory `to` by a copy of `from` (copied beside it, then renamed into place); nothing when `from` is absent. */
function copyDirOver(from: string, to: string): void {
  if (!existsSync(from)) return;
  const copy = `${to}.new-${process.pid}`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(from, copy, { recursive: true });
  replaceDir(copy, to);
}

/** Makes a file the run staged the folder's (power.json, false-alarms.json): copied beside it, renamed into place. */
export function publishFile(reports: string, runDir: string, name: string): string {
  const to = join(reports, name);
  writeFileAtomic(to, readFileSync(join(runDir, name), 'utf8'));
  return to;
}

/** Moves directory `from` to `to`, replacing what was there (two renames; the old one is deleted after). */
function replaceDir(from: string, to: string): string {
  const old = `${to}.old-${process.pid}`;
  if (existsSync(to)) renameSync(to, old);
  renameSync(from, to);
  rmSync(old, { recursive: true, force: true });
  return to;
}

/** The id of the run whose audit is the folder's audit.json, if any. */
function readPublishedRun(reports: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(reports, 'audit.json'), 'utf8')) as Audit).run?.id ?? 'from before run directories';
  } catch {
    return undefined;
  }
}


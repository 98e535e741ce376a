import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { auditMarkdown, type Audit } from './audit.js';
import { generateHtml } from './generate.js';
import { pruneRuns, writeFileAtomic } from './run-dir.js';

/**
 * Publishes a finished run, holding the reports folder's lock: its HTML report (appending its line to the shared
 * history) and, for a run of the whole catalogue, the folder's audit.json/audit.md and report. A filtered run keeps
 * its report and audit in its run directory and leaves the full ones as they are, and says so.
 */
export function publish(reports: string, runDir: string, audit: Audit): { report: { ok: boolean; message: string }; note: string } {
  const full = audit.run!.full;
  // the report is built in the run directory; a full run's then replaces the folder's by renames, so a failed
  // generation leaves the previous report whole
  const built = join(runDir, 'allure-report');
  let report = generateHtml(reports, { results: join(runDir, 'allure-results'), output: built, history: join(reports, 'history', 'history.jsonl'), configDir: runDir });
  if (full && report.ok) report = { ok: true, message: `HTML report: ${replaceDir(built, join(reports, 'allure-report'))}` };
  let note: string;
  if (full) {
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


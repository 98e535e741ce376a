import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where `generateHtml` reads and writes; each defaults to the reports folder's own (`dir`). */
export interface HtmlTargets {
  /** Allure results to read (default `${dir}/allure-results`) */
  results?: string;
  /** the report folder to write (default `${dir}/allure-report`) */
  output?: string;
  /** the history file to read and append to (default `${dir}/history/history.jsonl`) */
  history?: string;
  /** where to write the config that extends allurerc.mjs (default `dir`) */
  configDir?: string;
}

/**
 * Builds the HTML report (Allure 3, allurerc.mjs) from Allure results into a report folder, appending one line to
 * the history. allurerc.mjs fixes the output and history to ./reports; for any other target a config beside it
 * extends allurerc.mjs with that output and history, so the project's report and history are never touched.
 * `ok` is false (and the message names the cause) when allure generate fails or writes no report.
 */
export function generateHtml(dir: string, t: HtmlTargets = {}): { ok: boolean; message: string } {
  const results = t.results ?? join(dir, 'allure-results');
  const output = t.output ?? join(dir, 'allure-report');
  const history = t.history ?? join(dir, 'history', 'history.jsonl');
  let config = 'allurerc.mjs';
  if (resolve(output) !== resolve('reports', 'allure-report') || resolve(history) !== resolve('reports', 'history', 'history.jsonl')) {
    const configDir = t.configDir ?? dir;
    mkdirSync(configDir, { recursive: true });
    config = join(configDir, 'allurerc.mjs');
    const base = pathToFileURL(resolve('allurerc.mjs')).href;
    writeFileSync(config, `import base from ${JSON.stringify(base)};\nexport default { ...base, output: ${JSON.stringify(resolve(output))}, historyPath: ${JSON.stringify(resolve(history))} };\n`);
  }
  const gen = spawnSync(join('node_modules', '.bin', 'allure'), ['generate', results, '--config', config], { encoding: 'utf8' });
  if (gen.status !== 0) return { ok: false, message: `allure generate failed (exit ${gen.status ?? gen.signal}): ${(gen.stderr || gen.stdout || String(gen.error ?? '')).slice(-500)}` };
  return { ok: true, message: `HTML report: ${output}` };
}

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { PACKAGE_ROOT } from '../cli/package-root.js';

/**
 * The allure command (a devDependency here: 54 MB, 128 packages), from the user's project or this package; null
 * when neither has it (an installed package then writes the Allure results and audit, not the HTML).
 */
function allureCli(): string | null {
  for (const from of [join(process.cwd(), 'package.json'), join(PACKAGE_ROOT, 'package.json')]) {
    try {
      const bin = join(dirname(createRequire(from).resolve('allure')), '..', 'cli.js');
      if (existsSync(bin)) return bin;
    } catch {
      /* not installed there */
    }
  }
  return null;
}

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
 * Builds the HTML report (Allure 3, the package's allurerc.mjs) from Allure results into a report folder, appending
 * one line to the history. allurerc.mjs fixes the output and history to the package's ./reports; for any other
 * target a config beside it extends allurerc.mjs with that output and history, so the project's report and history
 * are never touched. `ok` is false (and the message names the cause) when allure is not installed, when allure
 * generate fails or writes no report.
 */
export function generateHtml(dir: string, t: HtmlTargets = {}): { ok: boolean; message: string } {
  const results = t.results ?? join(dir, 'allure-results');
  const output = t.output ?? join(dir, 'allure-report');
  const history = t.history ?? join(dir, 'history', 'history.jsonl');
  const allureBin = allureCli();
  // not an error: allure is a devDependency, an installed package builds the HTML only where the user has it
  if (!allureBin) return { ok: true, message: `HTML report: not built (the \`allure\` package is not installed; \`npm i -D allure\` then \`npx allure generate ${results}\`)` };
  let config = join(PACKAGE_ROOT, 'allurerc.mjs');
  if (resolve(output) !== resolve(PACKAGE_ROOT, 'reports', 'allure-report') || resolve(history) !== resolve(PACKAGE_ROOT, 'reports', 'history', 'history.jsonl')) {
    const configDir = t.configDir ?? dir;
    mkdirSync(configDir, { recursive: true });
    config = join(configDir, 'allurerc.mjs');
    const base = pathToFileURL(join(PACKAGE_ROOT, 'allurerc.mjs')).href;
    writeFileSync(config, `import base from ${JSON.stringify(base)};\nexport default { ...base, output: ${JSON.stringify(resolve(output))}, historyPath: ${JSON.stringify(resolve(history))} };\n`);
  }
  const gen = spawnSync(process.execPath, [allureBin, 'generate', results, '--config', config], { encoding: 'utf8' });
  if (gen.status !== 0) return { ok: false, message: `allure generate failed (exit ${gen.status ?? gen.signal}): ${(gen.stderr || gen.stdout || String(gen.error ?? '')).slice(-500)}` };
  return { ok: true, message: `HTML report: ${output}` };
}

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Builds the HTML report (Allure 3, allurerc.mjs) from `${dir}/allure-results` into `${dir}/allure-report`.
 * allurerc.mjs fixes the output and history to ./reports; for another reports folder (CLAIMS_REPORTS_DIR, tests)
 * a config beside it extends allurerc.mjs with that folder's output and history, so the project's report and
 * history are never touched.
 */
export function generateHtml(dir: string): { ok: boolean; message: string } {
  let config = 'allurerc.mjs';
  if (resolve(dir) !== resolve('reports')) {
    mkdirSync(dir, { recursive: true });
    config = join(dir, 'allurerc.mjs');
    const base = pathToFileURL(resolve('allurerc.mjs')).href;
    writeFileSync(
      config,
      `import base from ${JSON.stringify(base)};\nexport default { ...base, output: ${JSON.stringify(resolve(dir, 'allure-report'))}, historyPath: ${JSON.stringify(resolve(dir, 'history', 'history.jsonl'))} };\n`,
    );
  }
  const gen = spawnSync(join('node_modules', '.bin', 'allure'), ['generate', join(dir, 'allure-results'), '--config', config], { encoding: 'utf8' });
  return gen.status === 0 ? { ok: true, message: `HTML report: ${join(dir, 'allure-report')}` } : { ok: false, message: `allure generate failed: ${(gen.stderr || gen.stdout).slice(-500)}` };
}

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

/**
 * Builds the HTML report (Allure 3, allurerc.mjs) from `${dir}/allure-results` into `${dir}/allure-report`.
 * allurerc.mjs fixes the output and history to ./reports; for another reports folder (CLAIMS_REPORTS_DIR, tests)
 * a config beside it extends allurerc.mjs with that folder's output and history, so the project's report and
 * history are never touched.
 */
export function generateHtml(dir: string): { ok: boolean; message: string } {
  const allureBin = allureCli();
  if (!allureBin) return { ok: false, message: `HTML report: not built (the \`allure\` package is not installed; \`npm i -D allure\` then \`npx allure generate ${join(dir, 'allure-results')}\`)` };
  let config = join(PACKAGE_ROOT, 'allurerc.mjs');
  if (resolve(dir) !== resolve(PACKAGE_ROOT, 'reports')) {
    mkdirSync(dir, { recursive: true });
    config = join(dir, 'allurerc.mjs');
    const base = pathToFileURL(join(PACKAGE_ROOT, 'allurerc.mjs')).href;
    writeFileSync(
      config,
      `import base from ${JSON.stringify(base)};\nexport default { ...base, output: ${JSON.stringify(resolve(dir, 'allure-report'))}, historyPath: ${JSON.stringify(resolve(dir, 'history', 'history.jsonl'))} };\n`,
    );
  }
  const gen = spawnSync(process.execPath, [allureBin, 'generate', join(dir, 'allure-results'), '--config', config], { encoding: 'utf8' });
  return gen.status === 0 ? { ok: true, message: `HTML report: ${join(dir, 'allure-report')}` } : { ok: false, message: `allure generate failed: ${(gen.stderr || gen.stdout).slice(-500)}` };
}

/**
 * The report as a person sees it: the Allure 3 single-file report (reports/allure-report/index.html) opened in
 * headless Chromium. Every claim of reports/audit.json appears in the tree with the status of its verdict, and a
 * violated claim's page shows its counterexample and the command that replays it.
 *
 * Reads the report of the last `claims run` (or `claims check`): `npm run test:report` makes one at the smoke
 * profile, installs what is missing, then runs this file. Skipped with the reason when the report, playwright-core
 * or Chromium is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audit } from '../../src/report/audit.js';

const REPORT = join('reports', 'allure-report', 'index.html');
const AUDIT = join('reports', 'audit.json');
const CHROMIUM = process.env.CLAIMS_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
// the flags of ../shared/ECOSYSTEM.md: headless, no sandbox (root in a container), nothing fetched in the background
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
// the Allure status says whether the run went as expected (src/report/allure.ts expectedStatus)
const UNEXPECTED = { confirmed: 'failed', violated: 'failed', inconclusive: 'skipped', error: 'broken' } as const;
const statusOf = (c: Audit['claims'][number]) => (c.asExpected && c.control.asExpected ? 'passed' : UNEXPECTED[c.asExpected ? c.control.verdict : c.verdict]);

type Playwright = typeof import('playwright-core');
let pw: Playwright | null = null;
try {
  pw = await import('playwright-core');
} catch {
  pw = null;
}
const missing = !pw
  ? 'playwright-core is not installed (npm install --no-save playwright-core, or npm run test:report, which installs it)'
  : !CHROMIUM
    ? 'no Chromium found (Debian: apt-get install -y chromium, or set CLAIMS_CHROMIUM)'
    : !existsSync(REPORT) || !existsSync(AUDIT)
      ? 'no report yet: run `npm run claims:smoke` first (npm run test:report does)'
      : null;
if (missing) console.warn(`report-in-a-browser test skipped: ${missing}`);

describe.skipIf(missing !== null)('the HTML report in a browser', () => {
  let browser: import('playwright-core').Browser;
  let page: import('playwright-core').Page;
  const audit: Audit = missing ? ({} as Audit) : JSON.parse(readFileSync(AUDIT, 'utf8'));
  beforeAll(async () => {
    browser = await pw!.chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage();
    await page.goto(pathToFileURL(REPORT).href);
    // the tree's groups (which of them start open is the report's choice): wait for any, then open all
    await page.waitForSelector('[data-testid="tree-section"], [data-testid="tree-leaf"]', { timeout: 120_000 });
    // open every group (lecture → topic → claim): click closed arrows until none is left
    for (let round = 0; round < 10; round++) {
      const closed = page.locator('[data-testid="tree-arrow"]:not(:has(svg[class*="opened"]))');
      const n = await closed.count();
      if (n === 0) break;
      for (let i = n - 1; i >= 0; i--) await closed.nth(i).click();
    }
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('every claim of audit.json appears with its status (passed when as expected, violated-as-written included)', async () => {
    const leaves = await page.$$eval('[data-testid="tree-leaf"]', (ls) =>
      ls.map((l) => ({
        title: l.querySelector('[data-testid="tree-leaf-title"]')?.textContent ?? '',
        status: (l.querySelector('[data-testid^="tree-leaf-status-"]')?.getAttribute('data-testid') ?? '').replace('tree-leaf-status-', ''),
      })),
    );
    const shown = new Map(leaves.map((l) => [l.title.split(':')[0], l.status]));
    expect(audit.claims.length).toBeGreaterThan(0);
    const wrong = audit.claims.filter((c) => shown.get(c.id) !== statusOf(c)).map((c) => `${c.id}: ${c.verdict} in audit.json, ${shown.get(c.id) ?? 'absent'} in the report`);
    expect(wrong).toEqual([]);
  });

  it("a violated claim's page shows the counterexample and the replay command", async () => {
    const v = audit.claims.find((c) => c.id === 'gd-residual-bounded-as-written' && c.verdict === 'violated') ?? audit.claims.find((c) => c.verdict === 'violated' && c.replay);
    expect(v, 'a violated claim with a replay command in audit.json (gd-residual-bounded-as-written is violated as expected)').toBeDefined();
    await page.locator('[data-testid="tree-leaf"]', { hasText: `${v!.id}:` }).first().click();
    // violated as expected: passed, and its title says it was checked as written
    await expect.poll(() => page.locator('[data-testid="test-result-status-passed"]').count()).toBeGreaterThan(0);
    // the description: the replay command and the shrunk counterexample, as the person reads them
    const description = await page.frameLocator('[data-testid="test-result-description-frame"]').locator('body').innerText();
    expect(description).toContain(`Replay the counterexample. ${v!.replay!.command}`);
    expect(description).toMatch(/Counterexample \(shrunk\)\./);
    expect(description).toContain(JSON.stringify(v!.counterexample).slice(0, 200));
  });
});

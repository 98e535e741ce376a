import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestCase, TestSpecification } from 'vitest/node';
import { stagingDir } from './outcomes.js';

/**
 * The progress line of `npm run claims`: one line per claim as it finishes, with its verdict, whether that was
 * the expected one, and the time — `[ 3/15] gd-loss-rate-inverse-t  confirmed  (as expected)  1.4 s`.
 */
export default class ProgressReporter implements Reporter {
  private total = 0;
  private done = 0;
  onTestRunStart(specs: ReadonlyArray<TestSpecification>): void {
    this.total = specs.length;
    process.stdout.write(`running ${this.total} claim files (profile ${process.env.CLAIMS_PROFILE ?? 'smoke'}, seed ${process.env.CLAIMS_SEED ?? 'default'})\n`);
  }
  onTestCaseResult(testCase: TestCase): void {
    this.done++;
    let verdict = testCase.result().state as string;
    let expected = '';
    try {
      const rec = JSON.parse(readFileSync(join(stagingDir(), 'outcomes', `${testCase.name}.json`), 'utf8'));
      verdict = rec.verdict;
      expected = rec.asExpected && rec.control.asExpected ? '(as expected)' : `(UNEXPECTED: expected ${rec.expected}, control ${rec.control.verdict})`;
    } catch {
      expected = '(no outcome written)';
    }
    const secs = ((testCase.diagnostic()?.duration ?? 0) / 1000).toFixed(1);
    const k = String(this.done).padStart(String(this.total).length);
    process.stdout.write(`[${k}/${this.total}] ${testCase.name.padEnd(48)} ${verdict.padEnd(12)} ${expected}  ${secs} s\n`);
  }
}

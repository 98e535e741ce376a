import { defineConfig } from 'allure';

// The claims report. A claim's Allure status says whether the run went as expected (src/report/allure.ts expectedStatus):
// passed = its expected verdict (a statement checked as written and violated as expected is passed, labelled
// outcome = "violated as expected (statement checked as written)"); failed = an unexpected confirmed or violated;
// broken = an unexpected error; skipped = an unexpected inconclusive. The categories say it in words; a broken
// page is sorted by its typed error (labels `error` = kind and `fault`, src/harness/outcome-kinds.ts), never by
// its message.
export default defineConfig({
  name: 'implicit-bias claims',
  output: './reports/allure-report',
  historyPath: './reports/history/history.jsonl',
  categories: {
    rules: [
      { name: 'Violated as expected (statement checked as written)', matchers: { statuses: ['passed'], labels: { outcome: /^violated as expected/ } }, groupBy: [{ label: 'epic' }] },
      { name: 'Unexpected verdict', matchers: { statuses: ['failed'] }, groupBy: [{ label: 'outcome' }] },
      { name: 'Fault of the implementation under test', matchers: { statuses: ['broken'], labels: { error: /^implementation$/ } }, groupBy: [{ label: 'fault' }] },
      { name: 'Harness error', matchers: { statuses: ['broken'], labels: { error: /^harness$/ } }, groupByMessage: true },
      { name: 'Error of a solver, an assumption or the data', matchers: { statuses: ['broken'] }, groupBy: [{ label: 'error' }] },
      { name: 'Inconclusive', matchers: { statuses: ['skipped'] }, groupBy: [{ label: 'epic' }] },
    ],
  },
  plugins: {
    awesome: { options: { singleFile: true, reportName: 'implicit-bias claims', reportLanguage: 'en', groupBy: ['epic', 'feature', 'story'] } },
  },
});

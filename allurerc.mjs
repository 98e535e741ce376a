import { defineConfig } from 'allure';

// The claims report. Categories say in words what the Allure statuses mean here:
// failed = a violated claim, broken = a harness error, skipped = inconclusive.
export default defineConfig({
  name: 'implicit-bias claims',
  output: './reports/allure-report',
  historyPath: './reports/history/history.jsonl',
  categories: {
    rules: [
      { name: 'Violated claim', matchers: { statuses: ['failed'] }, groupBy: [{ label: 'epic' }] },
      { name: 'Harness error', matchers: { statuses: ['broken'] }, groupByMessage: true },
      { name: 'Inconclusive', matchers: { statuses: ['skipped'] }, groupBy: [{ label: 'epic' }] },
    ],
  },
  plugins: {
    awesome: { options: { singleFile: true, reportName: 'implicit-bias claims', reportLanguage: 'en', groupBy: ['epic', 'feature', 'story'] } },
  },
});

/**
 * The one Allure writer of the engine (src/cli/execute.ts: `claims run`, `check`, `power`): results written without
 * a test framework. A claim's page is built by reportToAllure (src/report/allure.ts; its runtime messages are
 * collected by a message-holder runtime and applied to a result of allure-js-commons' ReporterRuntime, the same
 * page a user's allure-vitest suite gets from the vitest helper), its status is expectedStatus (passed when claim
 * and control came out as expected), its history id comes from its full name (file and id), stable across runs.
 */
import { FileSystemWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { MessageHolderTestRuntime, setGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';
import { Stage, Status } from 'allure-js-commons';
import type { ClaimRun } from '../harness/run.js';
import type { ClaimDefinition, Profile } from '../harness/types.js';
import { expectedStatus, reportToAllure, type RunSubject } from './allure.js';

const STATUS: Record<string, Status> = { passed: Status.PASSED, failed: Status.FAILED, skipped: Status.SKIPPED, broken: Status.BROKEN };

/** A ReporterRuntime writing into resultsDir, with the environment shown on the report's overview. */
export function allureWriter(resultsDir: string, environmentInfo: Record<string, string>): ReporterRuntime {
  const rt = new ReporterRuntime({ writer: new FileSystemWriter({ resultsDir }), environmentInfo });
  rt.writeEnvironmentInfo();
  return rt;
}

/** Writes one claim's page, named by its file and id (the history of the report follows a claim by this name). */
export async function writeClaimResult(rt: ReporterRuntime, file: string, def: ClaimDefinition, run: ClaimRun, opts: { profile: Profile; seed: number } & RunSubject): Promise<void> {
  const uuid = rt.startTest({
    name: def.id,
    fullName: `implicit-bias-claims:${file}#${def.id}`,
    titlePath: ['implicit-bias-claims', ...file.split('/')],
    labels: [
      { name: 'framework', value: 'implicit-bias-claims' },
      { name: 'language', value: 'javascript' },
      { name: 'package', value: `implicit-bias-claims.${file.replace(/\//g, '.')}` },
    ],
  });
  const holder = new MessageHolderTestRuntime();
  setGlobalTestRuntime(holder);
  try {
    await reportToAllure(def, run, opts);
  } finally {
    setGlobalTestRuntime(undefined as never);
  }
  rt.applyRuntimeMessages(uuid, holder.messages());
  const c = run.claim;
  const st = expectedStatus(def, run);
  rt.updateTest(uuid, (r) => {
    r.status = STATUS[st.status];
    r.stage = Stage.FINISHED;
    if (st.message) r.statusDetails = { message: st.message };
  });
  rt.stopTest(uuid, { duration: Math.round(c.durationMs + run.control.durationMs) });
  rt.writeTest(uuid);
}

/** A page that is not a claim (the power table): markdown description, status, labels. */
export function writeSummaryResult(rt: ReporterRuntime, page: { id: string; title: string; epic: string; feature: string; markdown: string; passed: boolean; message: string; attachments?: { name: string; content: string; type: string }[] }): void {
  const uuid = rt.startTest({
    name: `${page.id}: ${page.title}`,
    fullName: `implicit-bias-claims:${page.id}`,
    description: page.markdown,
    labels: [
      { name: 'epic', value: page.epic },
      { name: 'feature', value: page.feature },
      { name: 'story', value: page.id },
    ],
  });
  for (const a of page.attachments ?? []) rt.writeAttachment(uuid, undefined, a.name, Buffer.from(a.content), { contentType: a.type });
  rt.updateTest(uuid, (r) => {
    r.status = page.passed ? Status.PASSED : Status.FAILED;
    r.stage = Stage.FINISHED;
    r.statusDetails = { message: page.message };
  });
  rt.stopTest(uuid);
  rt.writeTest(uuid);
}

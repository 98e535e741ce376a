/**
 * The child process of src/impl/isolate.ts: receives claim jobs over IPC, runs each (the claim's check, its
 * negative control, or its onData on the user's dataset) against the job's implementation, and sends back the
 * Outcome. Its options (profile, seed, the user's dataset, the process-wide settings) arrive over IPC before any
 * job (the `options` message of src/impl/isolate.ts); a job may name its own seed. It reads no environment.
 */
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { pathToFileURL } from 'node:url';
import type { Dataset } from '../data/dataset.js';
import { runCheck } from '../harness/run.js';
import { errorFields } from '../harness/outcome-kinds.js';
import { replayCommand } from '../harness/replay.js';
import { configure } from '../harness/settings.js';
import { ImplementationRefused } from './faults.js';
import type { ClaimDefinition, Outcome } from '../harness/types.js';
import { loadUserData } from './data-file.js';
import type { ChildOptions, ClaimJob } from './isolate.js';
import { closeProtocolImplementation, onProtocolChildGroup, protocolChannelBroken } from './protocol.js';
import { loadImplementation, rolesOf } from './select.js';
import { subjectOf, type Subject } from './subject.js';
import { PACKAGE_ROOT } from '../cli/package-root.js';

const claims = new Map<string, ClaimDefinition>();
async function claimOf(file: string): Promise<ClaimDefinition> {
  let def = claims.get(file);
  if (!def) {
    const mod = await import(pathToFileURL(join(PACKAGE_ROOT, file)).href);
    def = mod.claim as ClaimDefinition;
    if (!def) throw new Error(`${file} does not export \`claim\``);
    claims.set(file, def);
  }
  return def;
}

// the parent kills the process group of every protocol child with this process's (src/impl/isolate.ts)
onProtocolChildGroup((pgid, alive) => process.send?.({ type: 'group', pgid, alive }));

// the subject of the last job, kept while the next job names the same implementation (a protocol child stays up)
let loaded: { spec: string | undefined; subject: Subject } | null = null;
async function subjectFor(spec: string | undefined): Promise<Subject> {
  const impl = loaded?.subject.implementation;
  // a protocol child whose channel broke in an earlier check (timeout, exit, a line out of step) is replaced
  if (loaded && loaded.spec === spec && !(impl && protocolChannelBroken(impl))) return loaded.subject;
  if (impl) closeProtocolImplementation(impl);
  loaded = null;
  loaded = { spec, subject: subjectOf(spec ? await loadImplementation(spec) : null) };
  return loaded.subject;
}

/** This child's options, from the parent's first message. */
let options: ChildOptions | undefined;
function runOptions(): ChildOptions {
  if (!options) throw new Error('claim-child: a job arrived before the options (src/impl/isolate.ts sends them first)');
  return options;
}

let data: Dataset | undefined;
function userData(): Dataset {
  if (!data) {
    const d = runOptions().data;
    if (!d) throw new Error('no dataset: the run has no --data');
    data = loadUserData(d.path, { rescale: d.rescale, intercept: d.intercept }).ds;
  }
  return data;
}


async function runJob(job: ClaimJob): Promise<Outcome> {
  const { profile, seed: runSeed, data: dataOption } = runOptions();
  const seed = job.seed ?? runSeed;
  const replay = { impl: job.impl, data: dataOption?.path };
  try {
    const subject = await subjectFor(job.impl);
    const def = await claimOf(job.file);
    // loaded: the check's own time limit starts now (src/impl/isolate.ts)
    process.send!({ type: 'started', key: job.key });
    const check =
      job.which === 'claim'
        ? def.check
        : job.which === 'control'
          ? def.control.check
          : (ctx: Parameters<ClaimDefinition['check']>[0]) => {
              if (!def.onData) throw new Error(`${def.id} has no onData: it is not dataset-generic`);
              return def.onData(ctx, userData());
            };
    return await runCheck(def.id, check, { profile, seed, control: job.which === 'control', noShrink: job.noShrink, subject, which: job.which, replay });
  } catch (e) {
    const o: Outcome = { verdict: 'error', ...errorFields(e), figures: {}, seed, trials: 0, durationMs: 0 };
    const command = replayCommand({ id: job.id, which: job.which, ...replay }, o, profile);
    if (command) o.replayCommand = command;
    return o;
  }
}

process.send!({ type: 'ready', heapLimit: getHeapStatistics().heap_size_limit });

process.on('message', async (m: { type: string; job?: ClaimJob; spec?: string; options?: ChildOptions }) => {
  if (m.type === 'exit') process.exit(0);
  if (m.type === 'options' && m.options) {
    options = m.options;
    configure(options.settings);
    return;
  }
  if (m.type === 'describe' && m.spec) {
    try {
      const impl = (await loadImplementation(m.spec))!;
      process.send!({ type: 'described', info: { name: impl.name, roles: rolesOf(impl), ...(impl.precision ? { precision: impl.precision } : {}) } });
    } catch (e) {
      const refused = e instanceof ImplementationRefused ? { spec: e.spec, reason: e.reason } : undefined;
      process.send!({ type: 'described', error: (e as Error).message ?? String(e), refused });
    }
    return;
  }
  if (m.type === 'job' && m.job) {
    const outcome = await runJob(m.job);
    try {
      process.send!({ type: 'result', key: m.job.key, outcome });
    } catch {
      // not structured-cloneable (a function in `data`?): send what JSON keeps
      process.send!({ type: 'result', key: m.job.key, outcome: JSON.parse(JSON.stringify(outcome)) });
    }
  }
});

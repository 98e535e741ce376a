/**
 * The life and death of what `claims check` starts (issue 10): a module or child that exits before reporting — at
 * import or later, with any exit code — is an error, never a silent exit 0; out of memory is named with the heap
 * limit and the check's real duration; no process of a protocol implementation (nor a grandchild it started that
 * ignores SIGTERM) survives a timeout, the end of the run or Ctrl-C; a broken channel is replaced for the next check.
 * Each fault arrives as a typed field (Outcome.error: kind, fault), set by the child or by the parent that saw the
 * process die; the loader's refusal is an ImplementationRefused.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { check } from '../../src/impl/check.js';
import { ImplementationRefused } from '../../src/impl/faults.js';
import { describeIsolated, runJobsIsolated } from '../../src/impl/isolate.js';
import { DEFAULT_SETTINGS } from '../../src/harness/settings.js';
import type { Audit } from '../../src/report/audit.js';

const FIX = 'test/impl/fixtures';
const QUICK = 'gd-loss-rate-inverse-t';
const SECOND = 'gd-norm-diverges-like-log-t';
const python = spawnSync('python3', ['--version']).status === 0;

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claims-lifecycle-'));
  process.env.CLAIMS_REPORTS_DIR = dir;
});
afterEach(() => {
  for (const k of ['CLAIMS_REPORTS_DIR', 'CLAIMS_HEAP_MB', 'CLAIMS_TEST_PIDS', 'CLAIMS_TEST_HANG', 'CLAIMS_TEST_FAIL_ONCE'])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
});
const audit = (): Audit => JSON.parse(readFileSync(join(dir, 'audit.json'), 'utf8'));

/** Alive = exists and is not a zombie (in a container nothing may reap an orphan). */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
}
async function pidsOf(file: string, count: number): Promise<number[]> {
  for (let i = 0; i < 600; i++) {
    const pids = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
    if (pids.length >= count) return pids;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no pids in ${file}`);
}
/** Processes die a little after SIGKILL is sent: wait up to 5 s for the last of them. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}

describe('the stderr of a dying child', () => {
  it('V8\'s out-of-memory line is remembered when the native stack after it overflows the kept tail, and when it is split between chunks', async () => {
    const { appendStderr } = await import('../../src/impl/child-stderr.js');
    const w = { stderr: '', oom: false };
    appendStderr(w, '<--- Last few GCs --->\nFATAL ERROR: Reached heap li');
    appendStderr(w, 'mit Allocation failed - JavaScript heap out of memory\n');
    for (let i = 0; i < 200; i++) appendStderr(w, ` ${i}: 0x1297c5f  [/usr/bin/node]\n`);
    expect(w.stderr).not.toMatch(/heap/); // the line itself is gone from the tail…
    expect(w.oom).toBe(true); // …but not forgotten
    const plain = { stderr: '', oom: false };
    for (let i = 0; i < 200; i++) appendStderr(plain, `line ${i}\n`);
    expect(plain.oom).toBe(false);
  });
});

describe('a module or child that exits before reporting is an error', () => {
  it.each([
    ['exits-at-import', /exited \(code 0\) before reporting — does the module call process\.exit at import\?/],
    ['oom-at-import', /loading it ran out of memory \(JavaScript heap limit \d+ MB/],
  ])('%s: refused at load (ImplementationRefused, which the CLI turns into exit 2)', async (kind, message) => {
    process.env.CLAIMS_HEAP_MB = '160';
    const refused = await check({ impl: `${FIX}/${kind}.ts`, profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImplementationRefused);
    expect((refused as ImplementationRefused).spec).toBe(`${FIX}/${kind}.ts`);
    expect((refused as Error).message).toMatch(message);
  }, 120_000);

  it('a protocol child refused in the loading process: its ImplementationRefused crosses IPC typed, with the child\'s own spec and reason', async () => {
    const refused = await describeIsolated('cmd:echo hello', { profile: 'smoke', seed: 7, settings: DEFAULT_SETTINGS }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImplementationRefused);
    expect((refused as ImplementationRefused).spec).toBe('echo hello');
    expect((refused as ImplementationRefused).reason).toMatch(/the child answered|not a JSON object|did not answer the protocol's hello/);
    expect((refused as Error).message).toMatch(/^CLAIMS_IMPL=echo hello: /);
  }, 120_000);

  it('through the CLI: exit 2 and the reason on stderr, not exit 0 with nothing printed', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', '--impl', `${FIX}/exits-at-import.ts`, '--profile', 'smoke', QUICK], { encoding: 'utf8', env: { ...process.env } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/claims check: CLAIMS_IMPL=.*exits-at-import\.ts: the process loading it exited \(code 0\)/);
  }, 120_000);

  it.each([
    ['exits', 'exited', /\[exited\] .*exits\.ts: the check's process exited \(code 0\) before reporting/],
    ['exits-1', 'exited', /\[exited\] .*exits-1\.ts: the check's process exited \(code 1\) before reporting/],
    ['out-of-memory', 'out-of-memory', /\[out-of-memory\] .*: the check's process ran out of memory \(JavaScript heap limit \d+ MB, old space CLAIMS_HEAP_MB=160; raise it with CLAIMS_HEAP_MB\) and was stopped by V8/],
  ])('%s during a check: verdict "error" naming it, and the run goes on', async (kind, fault, message) => {
    process.env.CLAIMS_HEAP_MB = '160';
    const code = await check({ impl: `${FIX}/${kind}.ts`, profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false, jobs: 1 });
    expect(code).toBe(1);
    const [c] = audit().claims;
    expect(c.verdict).toBe('error');
    // set by the parent, which saw the child die (src/impl/isolate.ts), not parsed from the message
    expect(c.error).toEqual({ kind: 'implementation', fault, name: 'ImplementationError' });
    expect(c.message).toMatch(message);
    expect(c.durationMs).toBeGreaterThan(0); // measured from the start of the check, not 0
    expect(c.control.verdict).toBe('error'); // a fresh child ran the control, which runs the same gd
    expect(c.control.error?.fault).toBe(fault);
    expect(c.control.note).toMatch(/not of the harness/);
  }, 180_000);
});

describe('the kinds the child and the parent set, for what the harness runs itself', () => {
  it('a reference solver that refuses to certify is kind "solver"; data outside the assumptions, kind "assumption"', async () => {
    const file = `${FIX}/solver-refuses.claim.ts`;
    const jobs = (['claim', 'control'] as const).map((which) => ({ key: which, file, id: 'solver-refuses', which, group: 'g' }));
    const [claim, control] = await runJobsIsolated(jobs, { limitMs: 60_000, concurrency: 1, child: { profile: 'smoke', seed: 7, settings: DEFAULT_SETTINGS } });
    expect(claim.outcome.verdict).toBe('error');
    expect(claim.outcome.error).toEqual({ kind: 'solver', name: 'SolverVerificationError' });
    expect(claim.outcome.message).toMatch(/^SolverVerificationError: hardMarginSVM \[n=2, d=2\]: cannot verify the answer to tol 1e-8/);
    expect(control.outcome.error).toEqual({ kind: 'assumption', name: 'AssumptionError' });
  }, 60_000);

  it('a check of ours that never finishes or exits its process is the harness\'s fault (timeout, exited), not an implementation\'s', async () => {
    const file = `${FIX}/harness-faults.claim.ts`;
    const jobs = (['claim', 'control'] as const).map((which) => ({ key: which, file, id: 'harness-faults', which }));
    const [claim, control] = await runJobsIsolated(jobs, { limitMs: 1000, concurrency: 1, child: { profile: 'smoke', seed: 7, settings: DEFAULT_SETTINGS } });
    expect(claim.outcome.error).toEqual({ kind: 'harness', fault: 'timeout', name: 'Error' });
    expect(claim.outcome.message).toMatch(/^Error: \[timeout\] the check of harness-faults did not finish within the time limit of 1 s/);
    expect(control.outcome.error).toEqual({ kind: 'harness', fault: 'exited', name: 'Error' });
    expect(control.outcome.message).toMatch(/^Error: the check's process exited \(code 0\) before reporting/);
  }, 60_000);
});

describe.skipIf(!python)('no process of a protocol implementation survives', () => {
  const start = (pidFile: string) => {
    process.env.CLAIMS_TEST_PIDS = pidFile;
    return `${FIX}/tree.py`;
  };
  it('a timeout: the hung child and its grandchild (both ignoring SIGTERM) are killed', async () => {
    const pidFile = join(dir, 'pids');
    process.env.CLAIMS_TEST_HANG = '1';
    const code = await check({ impl: start(pidFile), profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false, timeLimitS: 3, jobs: 1 });
    expect(code).toBe(1);
    expect(audit().claims[0].error).toEqual({ kind: 'implementation', fault: 'timeout', name: 'ImplementationError' });
    const pids = await pidsOf(pidFile, 2);
    expect(await survivors(pids)).toEqual([]);
  }, 120_000);

  it('the end of a run: every child started for the checks, and its grandchild, is gone', async () => {
    const pidFile = join(dir, 'pids');
    const code = await check({ impl: start(pidFile), profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false, jobs: 1 });
    expect(code).toBe(0);
    const pids = await pidsOf(pidFile, 2);
    expect(await survivors(pids)).toEqual([]);
  }, 180_000);

  it('Ctrl-C: the CLI interrupted mid-check leaves no child or grandchild behind', async () => {
    const pidFile = join(dir, 'pids');
    const cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'check', '--impl', `${FIX}/tree.py`, '--profile', 'smoke', QUICK], { env: { ...process.env, CLAIMS_TEST_PIDS: pidFile, CLAIMS_TEST_HANG: '1' }, stdio: 'ignore' });
    const exited = new Promise((r) => cli.on('exit', r));
    // the load probe's child and the check's child (each with its grandchild)
    const pids = await pidsOf(pidFile, 4);
    cli.kill('SIGINT');
    await exited;
    expect(await survivors(pids)).toEqual([]);
  }, 180_000);

  it('a broken channel (the child exited) is replaced by a fresh child for the next check instead of failing them all', async () => {
    const script = join(dir, 'once.py');
    const marker = join(dir, 'failed-once');
    writeFileSync(
      script,
      `import json, os, sys
for line in sys.stdin:
    r = json.loads(line)
    if r["op"] == "hello": out = {"protocol": "implicit-bias-claims/1", "name": "fails once", "roles": ["gd"]}
    elif r["op"] == "init": w = list(r["w0"]); eta = r["hyper"]["eta"]; out = {"w": w}
    else:
        if not os.path.exists(${JSON.stringify(marker)}):
            open(${JSON.stringify(marker)}, "w").close(); sys.exit(3)
        w = [a - eta * g for a, g in zip(w, r["grad"])]; out = {"w": w}
    sys.stdout.write(json.dumps(out) + "\\n"); sys.stdout.flush()
`,
    );
    const code = await check({ impl: `cmd:python3 ${script}`, profile: 'smoke', seed: 7, filters: [QUICK, SECOND], quiet: true, html: false, jobs: 1 });
    expect(code).toBe(1);
    const verdicts = audit().claims.map((c) => c.verdict).sort();
    expect(verdicts).toEqual(['confirmed', 'error']);
    const failed = audit().claims.find((c) => c.verdict === 'error')!;
    expect(failed.error).toEqual({ kind: 'implementation', fault: 'protocol', name: 'ImplementationError' });
    expect(failed.message).toMatch(/\[protocol\] fails once: the child .* exited \(code 3\)/);
  }, 240_000);
});

describe('negative controls and replay commands', () => {
  it('the claim and its control both run the implementation under test (controls are wrappers over the subject)', async () => {
    const file = `${FIX}/which-subject.claim.ts`;
    const jobs = (['claim', 'control'] as const).map((which) => ({ key: which, file, id: 'which-subject', which, impl: `${FIX}/gd-ok.mjs`, group: 'g' }));
    const [claim, control] = await runJobsIsolated(jobs, { limitMs: 60_000, concurrency: 1, child: { profile: 'smoke', seed: 7, settings: DEFAULT_SETTINGS } });
    expect(claim.outcome.message).toBe('ran fixture gd (js)');
    expect(control.outcome.message).toBe('ran fixture gd (js)');
  }, 60_000);

  it('a control flipped by an implementation whose claim is as expected is reported as its doing, not a harness failure', async () => {
    const code = await check({ impl: `${FIX}/flips-controls.mjs`, profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false, jobs: 1 });
    expect(code).toBe(1);
    const [c] = audit().claims;
    expect(c.verdict).toBe('confirmed');
    expect(c.control.asExpected).toBe(false);
    expect(c.control.runs).toBe('subject');
    expect(c.control.note).toMatch(/^the negative control runs fixture flips controls .* a fault or behaviour of the implementation, not of the harness/);
    expect(c.control.message).toMatch(/only the plain margin objective is supported/);
  }, 120_000);

  it('an error verdict carries the command that replays it, in audit.json too', async () => {
    await check({ impl: `${FIX}/nan.ts`, profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false });
    const [c] = audit().claims;
    expect(c.verdict).toBe('error');
    const command = c.replay!.command;
    expect(command).toMatch(new RegExp(`^npx claims replay ${QUICK} --impl ${FIX}/nan\\.ts --seed 7 (--path "[0-9:]+" )?--profile smoke$`));
    // and it reproduces the error
    const args = command.replace(/^npx claims /, '').match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ''));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'error', message: expect.stringMatching(/\[non-finite\] fixture nan gd: w\[0\] = NaN after step 50/) });
  }, 60_000);

  it('so does an error of a check terminated at its time limit', async () => {
    await check({ impl: `${FIX}/never-returns.ts`, profile: 'smoke', seed: 7, filters: [QUICK], quiet: true, html: false, timeLimitS: 3 });
    const [c] = audit().claims;
    expect(c.error?.fault).toBe('timeout');
    expect(c.replay?.command).toBe(`npx claims replay ${QUICK} --impl ${FIX}/never-returns.ts --seed 7 --profile smoke`);
  }, 60_000);
});

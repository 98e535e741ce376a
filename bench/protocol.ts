/**
 * `npm run bench:protocol` — implementations in Python through the protocol (docs/protocol.md) against the JS
 * reference, in the same run: wall time of `claims check` at the smoke profile over every claim that applies to
 * the PyTorch example (torch.optim, examples/python/torch_optimizers.py, run by /usr/bin/python3 or
 * $BENCH_TORCH_PYTHON) and over the numpy example's claims, each next to the reference's on the same claims, and
 * `exp-loss-same-implicit-bias` alone. Targets (issue 10): PyTorch ≤ 3× the reference over its claims;
 * exp-loss-same-implicit-bias < 60 s through it. Prints figures, verdict counts and PASS/MISS; asserts nothing.
 *
 * Every figure is followed by the load average (1, 5, 15 min) read when it ended: the machine may be shared.
 *
 * After each implementation's figures, its floor (bench/floor.ts): the longest chain of sequential steps per claim
 * times the measured cost of one step of its stacked Python loop (bench/per_step.py), summed over claims — the
 * least time any per-step loop of that cost can take — and its ratio to the reference's time.
 *
 * Options: --only torch|numpy, --jobs K (children at once, default 1), --claims id,id (instead of all applicable),
 * --time-limit S per check (default 3600), --profile smoke|default (default smoke), --floor-only (the reference's
 * time and the floor, without running the Python examples through the claims).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClaims } from '../src/cli/registry.js';
import { applicableClaims, check } from '../src/impl/check.js';
import { describeIsolated } from '../src/impl/isolate.js';
import { childOptions } from '../src/cli/execute.js';
import { resolveOptions } from '../src/cli/options.js';
import type { Audit } from '../src/report/audit.js';
import type { ClaimDefinition } from '../src/harness/types.js';
import type { OptimizerRole } from '../src/impl/interface.js';
import type { Profile } from '../src/harness/types.js';
import { longestChains, perStepCosts } from './floor.js';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const JOBS = Number(opt('--jobs') ?? 1);
const PROFILE = (opt('--profile') ?? 'smoke') as Profile;
const TORCH_PYTHON = process.env.BENCH_TORCH_PYTHON ?? '/usr/bin/python3';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Runs `claims check` quietly over `ids`; wall seconds and the audit's summary. */
async function timed(impl: string | undefined, ids: string[], python?: string): Promise<{ s: number; asExpected: number; total: number; verdicts: string }> {
  process.env.CLAIMS_REPORTS_DIR = mkdtempSync(join(tmpdir(), 'bench-protocol-'));
  if (python) process.env.CLAIMS_PYTHON = python;
  else delete process.env.CLAIMS_PYTHON;
  const started = performance.now();
  // no impl: the reference (claims run's path, fused kernels) over the same claims
  // a generous limit per check: the bench measures how long a slow implementation takes instead of cutting it off
  await check({ impl, profile: PROFILE, seed: 20261123, filters: ids, quiet: true, html: false, jobs: JOBS, timeLimitS: Number(opt('--time-limit') ?? 3600) });
  const s = (performance.now() - started) / 1000;
  const a: Audit = JSON.parse(readFileSync(join(process.env.CLAIMS_REPORTS_DIR, 'audit.json'), 'utf8'));
  return { s, asExpected: a.summary.asExpected, total: a.summary.total, verdicts: JSON.stringify(a.summary.byVerdict) };
}

async function bench(label: string, spec: string, python: string): Promise<void> {
  process.env.CLAIMS_PYTHON = python;
  const info = await describeIsolated(spec, childOptions(resolveOptions({ profile: 'smoke' })));
  const all = await loadClaims();
  const chosen = opt('--claims')?.split(',');
  const ids = applicableClaims(all, info.roles, false).run.map((c) => c.def.id).filter((id) => !chosen || chosen.includes(id));
  console.log(`\n${label}: ${info.name}; ${ids.length} applicable claims at ${PROFILE} (load ${load()})`);
  const ref = await timed(undefined, ids);
  console.log(`  JS reference   ${ref.s.toFixed(1).padStart(7)} s  ${ref.asExpected}/${ref.total} as expected ${ref.verdicts}  (load ${load()})`);
  await floor(label, python, info.roles, all.filter((c) => ids.includes(c.def.id)), ref.s);
  if (args.includes('--floor-only')) return;
  const it = await timed(spec, ids, python);
  const ratio = it.s / ref.s;
  console.log(`  ${label.padEnd(14)} ${it.s.toFixed(1).padStart(7)} s  ${it.asExpected}/${it.total} as expected ${it.verdicts}  ratio ${ratio.toFixed(2)}× (target ≤ 3: ${ratio <= 3 ? 'PASS' : 'MISS'})  (load ${load()})`);
  if (ids.includes('exp-loss-same-implicit-bias')) {
    const r = await timed(undefined, ['exp-loss-same-implicit-bias']);
    const e = await timed(spec, ['exp-loss-same-implicit-bias'], python);
    console.log(`  exp-loss-same-implicit-bias: reference ${r.s.toFixed(1)} s, ${label} ${e.s.toFixed(1)} s (target < 60 s: ${e.s < 60 ? 'PASS' : 'MISS'})  (load ${load()})`);
  }
}

/** The floor line (bench/floor.ts) and its three largest chains. */
async function floor(label: string, python: string, roles: readonly OptimizerRole[], claims: { def: ClaimDefinition }[], refS: number): Promise<void> {
  const costs = perStepCosts(python, label === 'PyTorch' ? 'torch' : 'numpy');
  if (!costs) return console.log(`  floor: bench/per_step.py failed under ${python}`);
  const chains = await longestChains(claims, roles, costs, PROFILE, 20261123);
  const total = chains.reduce((a, c) => a + c.seconds, 0);
  const us = Object.entries(costs).map(([r, s]) => `${r} ${(s! * 1e6).toFixed(1)}`).join(', ');
  const top = [...chains].sort((a, b) => b.seconds - a.seconds).slice(0, 3).map((c) => `${c.id} ${c.steps} ${c.role} steps ${c.seconds.toFixed(1)} s`).join('; ');
  const steps = chains.reduce((a, c) => a + c.steps, 0);
  const ratio = total / refS;
  console.log(`  floor (per-step loop): ${total.toFixed(1)} s = ${ratio.toFixed(2)}× the reference — ${steps} sequential steps (the longest run of each claim) × µs/step ${us}; ${ratio > 3 ? 'above 3×: the 3× target is out of reach of any per-step loop at this cost' : 'within 3×'}  (load ${load()})`);
  console.log(`    largest: ${top}`);
}

const only = opt('--only');
if (only !== 'numpy') {
  if (spawnSync(TORCH_PYTHON, ['-c', 'import torch']).status === 0) await bench('PyTorch', 'examples/python/torch_optimizers.py', TORCH_PYTHON);
  else console.log(`PyTorch: skipped (\`${TORCH_PYTHON} -c "import torch"\` failed; Debian: apt-get install python3-torch)`);
}
if (only !== 'torch') {
  if (spawnSync('python3', ['-c', 'import numpy']).status === 0) await bench('numpy', 'examples/python/optimizers.py', 'python3');
  else console.log('numpy: skipped (python3 with numpy not found)');
}
process.exit(0);

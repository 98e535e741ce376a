/**
 * The floor of a per-step implementation (issue 10's speed target; `npm run bench:protocol`): the least wall time
 * any loop that takes one optimizer step at a time can reach on a set of claims, however it stacks runs.
 *
 * A run's steps are sequential — step t+1 reads w_t — so no stacking shortens a run below its own number of steps;
 * runs may be stacked, chains cannot. For each claim we count, on this machine, the steps of every run its check and
 * its negative control ask of the implementation (the reference's optimizers behind a counting subject, step by step:
 * the same runs, horizons and early stops as through the protocol), and keep the run whose steps cost the most at
 * the implementation's measured cost per step of its role (bench/per_step.py: the cheapest step of its stacked
 * loop). The floor sums that over claims: it leaves out every other run, process start-up, JSON and the harness's
 * own work, so it is a lower bound, and a ratio floor / reference above 3 means that no per-step loop of that cost
 * meets the ≤ 3× target.
 */
import { spawnSync } from 'node:child_process';
import { runCheck } from '../src/harness/run.js';
import type { ClaimDefinition, Profile } from '../src/harness/types.js';
import { ROLES, type Implementation, type OptimizerFactory, type OptimizerRole } from '../src/impl/interface.js';
import { reference } from '../src/impl/reference.js';
import { subjectOf } from '../src/impl/subject.js';
import type { OptState } from '../src/optimizers/types.js';

/** The longest chain of one claim: its steps, the role that takes them, and their cost at `costs`. */
export interface Chain {
  readonly id: string;
  readonly role: OptimizerRole | undefined;
  readonly steps: number;
  readonly seconds: number;
}

/** The reference's optimizers for `roles`, counting the updates of every state they init. */
function countingImplementation(roles: readonly OptimizerRole[], steps: Map<OptState, OptimizerRole>, counts: Map<OptState, number>): Implementation {
  const optimizers: Partial<Record<OptimizerRole, OptimizerFactory>> = {};
  for (const role of roles) {
    const f = reference.optimizers[role];
    if (!f) continue;
    optimizers[role] = (hyper) => {
      const o = f(hyper);
      return {
        ...o,
        init(w0, obj) {
          const s = o.init(w0, obj);
          steps.set(s, role);
          counts.set(s, 0);
          return s;
        },
        update(s, obj) {
          o.update(s, obj);
          counts.set(s, (counts.get(s) ?? 0) + 1);
        },
      };
    };
  }
  return { name: 'counting reference', optimizers } as Implementation;
}

/** Per claim, the run (check or control) whose steps cost the most at `costs` (seconds per step by role). */
export async function longestChains(claims: readonly { def: ClaimDefinition }[], roles: readonly OptimizerRole[], costs: Partial<Record<OptimizerRole, number>>, profile: Profile, seed: number): Promise<Chain[]> {
  const out: Chain[] = [];
  for (const c of claims) {
    const roleOf = new Map<OptState, OptimizerRole>();
    const counts = new Map<OptState, number>();
    const subject = subjectOf(countingImplementation(roles.filter((r) => ROLES.includes(r)), roleOf, counts));
    await runCheck(c.def.id, c.def.check, { profile, seed, subject });
    await runCheck(c.def.id, c.def.control.check, { profile, seed, subject, control: true });
    let best: Chain = { id: c.def.id, role: undefined, steps: 0, seconds: 0 };
    for (const [s, n] of counts) {
      const role = roleOf.get(s)!;
      const seconds = n * (costs[role] ?? 0);
      if (seconds > best.seconds || (seconds === best.seconds && n > best.steps)) best = { id: c.def.id, role, steps: n, seconds };
    }
    out.push(best);
  }
  return out;
}

/** bench/per_step.py's seconds per step by role, run by `python`; undefined when it fails. */
export function perStepCosts(python: string, which: 'torch' | 'numpy'): Partial<Record<OptimizerRole, number>> | undefined {
  const r = spawnSync(python, ['bench/per_step.py', which], { encoding: 'utf8' });
  return r.status === 0 ? JSON.parse(r.stdout) : undefined;
}

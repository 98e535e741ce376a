/**
 * `--shard I/K`: which claims shard I of K runs. The claims are dealt by measured cost (longest first, each to the
 * shard with the least cost so far), so K machines finish at about the same time; `claims merge` (src/cli/merge.ts)
 * joins the shards' audits and Allure results.
 *
 * Every shard must compute the same partition, so the costs come from files every shard sees alike, never from the
 * shard's own output folder: `--costs FILE` (an audit.json of an earlier run, or a costs.json written by
 * `claims merge`) or else claims/costs.json, shipped with the package (durations measured per profile). A claim
 * without a measured cost counts as the median of the measured ones; with no measurement at all, as 1 (balance by
 * count).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../harness/types.js';
import { PACKAGE_ROOT } from './package-root.js';

export interface Shard {
  /** 1-based */
  index: number;
  count: number;
}

/** costs.json: milliseconds per claim id, by profile (the claim and its control together). */
export type CostTable = Partial<Record<Profile, Record<string, number>>>;

export const SHIPPED_COSTS = join(PACKAGE_ROOT, 'claims', 'costs.json');

/** Parses "I/K" (1 ≤ I ≤ K); throws a message naming the expected form. */
export function parseShard(s: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !(count >= 1) || !(index >= 1) || index > count) throw new Error(`--shard must be I/K with 1 ≤ I ≤ K (e.g. 2/4); got "${s}"`);
  return { index, count };
}

/**
 * The measured cost of each claim at a profile: from `file` (an audit.json: its claims' durationMs, if its profile
 * is this one; or a costs.json), else from claims/costs.json. Empty when nothing was measured.
 */
export function claimCosts(profile: Profile, file?: string): Map<string, number> {
  const path = file ?? (existsSync(SHIPPED_COSTS) ? SHIPPED_COSTS : undefined);
  if (!path) return new Map();
  const json = JSON.parse(readFileSync(path, 'utf8')) as { profile?: Profile; claims?: { id: string; durationMs: number }[] } & CostTable;
  if (Array.isArray(json.claims)) {
    if (json.profile !== profile) return new Map();
    return new Map(json.claims.map((c) => [c.id, c.durationMs]));
  }
  return new Map(Object.entries(json[profile] ?? {}));
}

/**
 * Deals items over `count` shards by cost, longest first (ties by key), each to the least-loaded shard (ties to
 * the lowest index): the same items and costs give the same partition on every machine. Returns the shard of
 * each item, 1-based.
 */
export function partition(keys: string[], costs: Map<string, number>, count: number): Map<string, number> {
  const known = keys.map((k) => costs.get(k)).filter((c): c is number => c !== undefined && c > 0).sort((a, b) => a - b);
  const fallback = known.length ? known[Math.floor(known.length / 2)] : 1;
  const cost = (k: string) => {
    const c = costs.get(k);
    return c !== undefined && c > 0 ? c : fallback;
  };
  const order = [...new Set(keys)].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : a > b ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const shardOfKey = new Map<string, number>();
  for (const k of order) {
    let best = 0;
    for (let i = 1; i < count; i++) if (load[i] < load[best]) best = i;
    load[best] += cost(k);
    shardOfKey.set(k, best + 1);
  }
  return shardOfKey;
}

/** The claims of one shard, in their original order; `idOf` names each item. */
export function shardOf<T>(items: T[], shard: Shard, costs: Map<string, number>, idOf: (t: T) => string = (t) => (t as { def: { id: string } }).def.id): T[] {
  const of = partition(items.map(idOf), costs, shard.count);
  return items.filter((t) => of.get(idOf(t)) === shard.index);
}

/** The id of a claim file (claims/<group>/<id>.claim.ts). */
export function idOfFile(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.claim\.ts$/, '');
}

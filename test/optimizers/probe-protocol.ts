/** Messages between contract.test.ts and its allocation probe worker (allocation-probe.ts). */
import type { TargetName } from './targets.js';

/** Which optimizer of the table (by label) on which target, and how many updates to warm up and to measure. */
export interface ProbeRequest { label: string; target: TargetName; warmup: number; steps: number }
/** Garbage collections that started inside the measured window, heap growth over it (bytes), final step count. */
export interface ProbeResult { gcs: number; heapGrowth: number; t: number }

/** Label of the negative control: GD that allocates its gradient buffer at every step. */
export const ALLOCATING_CONTROL = 'control:allocating-gd';

/** Messages between contract.test.ts and its allocation probe child process (allocation-probe.ts). */
import type { TargetName } from './targets.js';

/** Which optimizer of the table (by label) on which target, how many updates to warm up, and how many windows of how many updates to measure. */
export interface ProbeRequest { label: string; target: TargetName; warmup: number; steps: number; windows: number }
/** One measured window: garbage collections that started inside it and heap growth over it (bytes). */
export interface ProbeWindow { gcs: number; heapGrowth: number }
/** Every window in order, the final step count, and whether `update` ran as TurboFan code at the end. */
export interface ProbeResult { windows: ProbeWindow[]; t: number; optimized: boolean }

/** Label of the negative control: GD that allocates its gradient buffer at every step. */
export const ALLOCATING_CONTROL = 'control:allocating-gd';
/** Label of the negative control that allocates a small object (a few dozen bytes) per step. */
export const BOXING_CONTROL = 'control:boxing-gd';

// The parallel layouts the memory fixes move a run to: within one node (whose NVLink carries tensor and expert
// parallelism), expert parallelism where the trainer places it inside data parallel, and a run given fewer GPUs than
// a node spread over all of it. Shared by the fixes (fixes.ts), their edits (edit.ts) and the by-hand words (byHand.ts).
import type { FormatId, RunSpec } from '../types';

/** GPUs of one node (HGX / DGX boards), whose NVLink carries tensor and expert parallelism: the fixes stay within it. */
export const NODE_GPUS = 8;

/** The expert-parallel degree the fix sets: one node, whose all-to-all stays on NVLink (as tensor parallelism). */
export const EXPERT_PARALLEL_FIX = NODE_GPUS;

/**
 * The tensor-parallel size that spreads a run given fewer GPUs than a node over the whole node, data parallel kept:
 * TP × (node GPUs / the file's GPUs per node). Undefined when the file does not give one node of fewer GPUs.
 */
export function tensorParallelOverNode(run: RunSpec): { tp: number; gpusPerNode: number } | undefined {
  const perNode = run.gpusPerNode?.value;
  if (!perNode || perNode >= NODE_GPUS || NODE_GPUS % perNode !== 0 || (run.nodes?.value ?? 1) !== 1) return undefined;
  return { tp: (run.parallel.tp?.value ?? 1) * (NODE_GPUS / perNode), gpusPerNode: NODE_GPUS };
}

/**
 * Trainers whose expert-parallel degree sits within data parallel, as the fix prices it (the Hugging Face Trainer
 * family runs a MoE's experts unsplit; nanotron adds EP ranks beside data parallel).
 */
export const HAS_EXPERT_PARALLEL = new Set<FormatId>(['megatron-shell', 'megatron-yaml', 'nemo-yaml', 'torchtitan-toml', 'maxtext-yaml', 'maxtext-shell']);

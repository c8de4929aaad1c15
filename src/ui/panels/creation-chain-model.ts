// The inspector's creation timeline as rows: each step's offset from the first one, its actor and
// call, grouped under the sandbox or the container it belongs to.

import type { CreationChainView, CreationStepView } from '../../worker/protocol';

export interface ChainRow {
  /** ms since the chain's first step */
  offsetMs: number;
  /** `+0 ms`, `+412 ms`, `+1.23 s` */
  offset: string;
  component: CreationStepView['component'];
  call: string;
  /** 'pod' for the pod's own steps (SyncPod, the sandbox, CNI), else the container's name */
  group: string;
  detail?: string;
  durationMs?: number;
  failed: boolean;
  /** the same failure this many times in all (retries) */
  repeats?: number;
  estimated: boolean;
}

export function formatOffset(ms: number): string {
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(2)} s`;
  return `+${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatDurationMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Rows in time order (the chain's order for ties), offsets from the first step. */
export function chainRows(chain: CreationChainView): ChainRow[] {
  const steps = chain.steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.atMs - b.s.atMs || a.i - b.i).map((x) => x.s);
  const t0 = steps[0]?.atMs ?? 0;
  return steps.map((s) => ({
    offsetMs: s.atMs - t0,
    offset: formatOffset(s.atMs - t0),
    component: s.component,
    call: s.call,
    group: s.container ?? 'pod',
    ...(s.detail !== undefined ? { detail: s.detail } : {}),
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    failed: s.failed === true,
    ...(s.repeats !== undefined ? { repeats: s.repeats } : {}),
    estimated: s.estimated === true,
  }));
}

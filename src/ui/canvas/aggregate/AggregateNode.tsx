// The aggregated pods of one container (worker node, control plane, unscheduled area): counts by
// state (word and colour, never colour alone), the node's CPU/memory requests against allocatable,
// and one cell per pod painted as at most six SVG paths (one per state colour) where the pod cards
// would be. One React Flow node and a dozen DOM elements instead of ~20 elements per pod card.
// Clicks fall through to the node box below (pointer-events: none), which selects the node.

import { useStoreApi, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { NodeView, ObjectView, PodView } from '../../../worker/protocol';
import { useClusterStore, type ClusterState } from '../../stores/cluster-store';
import { formatCpu, formatMemory } from '../format';
import { POD_H, POD_W } from '../layout/geometry';
import type { FlowEdge, FlowNode } from '../flow-elements';
import { phaseTone, type PhaseTone } from '../phase';
import {
  aggregateNodes, AGGREGATE_MIN_PODS, countsOf, detailedContainers, detailKey, isAggregateBox, nextMode, TONE_CHAR, TONE_OF_CHAR, TONES, visibleFlowRect,
  type AggregateBox, type Cell, type ContainerBox, type DetailMode,
} from './aggregate-model';
import { useAggregateT } from './aggregate-messages';
import { setDetailed, useAggregateStore } from './aggregate-store';
import './aggregate.css';

export type AggregateData = { id: string; rows: number; container: string; cells: Cell[] };
export type AggregateFlowNode = Node<AggregateData, 'nodeAggregate'>;

/** A view's tone char, cached per view object: views are replaced (never mutated) when they change. */
const toneCache = new WeakMap<ObjectView, string>();
function toneChar(v: ObjectView | undefined): string {
  if (!v || v.kind !== 'Pod') return 'u';
  let c = toneCache.get(v);
  if (c === undefined) {
    c = TONE_CHAR[phaseTone(v as PodView)];
    toneCache.set(v, c);
  }
  return c;
}

/** One char per cell: what the selector returns (a string, so an unchanged one re-renders nothing). */
function selectTones(s: ClusterState, cells: readonly Cell[]): string {
  let out = '';
  for (const c of cells) out += toneChar(s.objects.get(c.podId));
  return out;
}

/** Cells drawn smaller than the card so neighbours stay apart at any zoom. */
const CELL_INSET = 6;

function cellPaths(cells: readonly Cell[], tones: string): Map<PhaseTone, string> {
  const paths = new Map<PhaseTone, string>();
  const w = POD_W - 2 * CELL_INSET;
  const h = POD_H - 2 * CELL_INSET;
  cells.forEach((c, i) => {
    const tone = TONE_OF_CHAR[tones[i]] ?? 'unknown';
    paths.set(tone, `${paths.get(tone) ?? ''}M${c.x + CELL_INSET} ${c.y + CELL_INSET}h${w}v${h}h${-w}z`);
  });
  return paths;
}

function AggregateNodeImpl({ data, width, height }: NodeProps<AggregateFlowNode>) {
  const t = useAggregateT();
  const tones = useClusterStore((s) => selectTones(s, data.cells));
  const node = useClusterStore((s) => (data.container.startsWith('Node:') ? s.objects.get(data.container) : undefined)) as NodeView | undefined;
  const counts = useMemo(() => countsOf(tones), [tones]);
  const paths = useMemo(() => cellPaths(data.cells, tones), [data.cells, tones]);
  // The learner's pods (kube-system left out) per tone, for tests and the UI benchmark to read.
  const userCounts = useMemo(() => JSON.stringify(countsOf([...tones].filter((_, i) => !data.cells[i].podId.startsWith('Pod:kube-system/')).join(''))), [data.cells, tones]);
  const w = width ?? 0;
  const h = height ?? 0;
  return (
    <div className="agg" data-testid={`aggregate-${data.container}`} data-pods={data.cells.length} data-counts={userCounts} title={t('aggregate.title', { count: data.cells.length })} style={{ width: w, height: h }}>
      <svg className="agg-cells" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
        {TONES.map((tone) => (paths.has(tone) ? <path key={tone} className={`agg-cell agg-${tone}`} d={paths.get(tone)} /> : null))}
      </svg>
      <div className="agg-summary">
        <div className="agg-total mono">{t('aggregate.pods', { count: data.cells.length })}</div>
        <ul className="agg-counts">
          {TONES.filter((tone) => counts[tone] > 0).map((tone) => (
            <li key={tone} className={`agg-count agg-${tone}`} data-tone={tone} data-count={counts[tone]}>
              <span className="agg-swatch" />
              {t(`aggregate.${tone}`)} <b className="mono">{counts[tone]}</b>
            </li>
          ))}
        </ul>
        {node && (
          <div className="agg-caps">
            <AggregateBar label={t('aggregate.cpu')} used={node.requested.cpuMillis} total={node.allocatable.cpuMillis} text={`${formatCpu(node.requested.cpuMillis)}/${formatCpu(node.allocatable.cpuMillis)}`} title={t('aggregate.requested', { resource: 'CPU', requested: formatCpu(node.requested.cpuMillis), allocatable: formatCpu(node.allocatable.cpuMillis) })} />
            <AggregateBar label={t('aggregate.memory')} used={node.requested.memoryBytes} total={node.allocatable.memoryBytes} text={`${formatMemory(node.requested.memoryBytes)}/${formatMemory(node.allocatable.memoryBytes)}`} title={t('aggregate.requested', { resource: 'memory', requested: formatMemory(node.requested.memoryBytes), allocatable: formatMemory(node.allocatable.memoryBytes) })} />
          </div>
        )}
      </div>
    </div>
  );
}

function AggregateBar({ label, used, total, text, title }: { label: string; used: number; total: number; text: string; title: string }) {
  const ratio = total > 0 ? Math.min(used / total, 1) : 0;
  const level = ratio >= 0.9 ? 'high' : ratio >= 0.6 ? 'mid' : 'low';
  return (
    <div className="agg-cap" title={title}>
      <span className="agg-cap-label">{label}</span>
      <span className="agg-cap-track" role="meter" aria-valuemin={0} aria-valuemax={total} aria-valuenow={used} aria-label={title}>
        <span className={`agg-cap-fill cap-${level}`} style={{ width: `${ratio * 100}%` }} />
      </span>
      <span className="agg-cap-text mono">{text}</span>
    </div>
  );
}

export const AggregateNode = memo(AggregateNodeImpl);

const CONTAINER_TYPES = new Set(['nodeGroup', 'controlPlane', 'pending']);

/**
 * The canvas's nodes and edges with the pods of aggregated containers replaced by one
 * `nodeAggregate` node each (and their edges dropped), plus what AggregateViewport needs to decide.
 * Below AGGREGATE_MIN_PODS pods it returns its input untouched.
 */
export function useAggregatedFlow(nodes: readonly FlowNode[], edges: readonly FlowEdge[]) {
  const { containers, podCount } = useMemo(() => {
    let pods = 0;
    const boxes: ContainerBox[] = [];
    for (const n of nodes) {
      if (n.type === 'pod') pods += 1;
      else if (!n.parentId && CONTAINER_TYPES.has(n.type ?? '')) boxes.push({ id: n.id, x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 });
    }
    return { containers: boxes, podCount: pods };
  }, [nodes]);
  const stored = useAggregateStore((s) => s.detailed);
  // Until the viewport watcher has decided for a big cluster, aggregate everything: mounting 10,000
  // cards for one frame is the very cost this avoids.
  const detailed = podCount < AGGREGATE_MIN_PODS ? null : (stored ?? EMPTY);
  return useMemo(() => {
    if (detailed === null) return { nodes: nodes as (FlowNode | AggregateFlowNode)[], edges: edges as FlowEdge[], containers, podCount };
    const { nodes: kept, removed } = aggregateNodes(nodes, detailed);
    const out = kept.map((n): FlowNode | AggregateFlowNode => (isAggregateBox(n) ? toAggregateNode(n) : n));
    const shownEdges = removed.size === 0 ? (edges as FlowEdge[]) : edges.filter((e) => !removed.has(e.source) && !removed.has(e.target));
    return { nodes: out, edges: shownEdges, containers, podCount };
  }, [nodes, edges, detailed, containers, podCount]);
}

const EMPTY: ReadonlySet<string> = new Set();

/** Aggregate nodes of the previous call by id: the same object back keeps React Flow from re-rendering it. */
const previous = new Map<string, AggregateFlowNode>();

function sameCells(a: readonly Cell[], b: readonly Cell[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].podId !== b[i].podId || a[i].x !== b[i].x || a[i].y !== b[i].y) return false;
  return true;
}

function toAggregateNode(b: AggregateBox): AggregateFlowNode {
  const old = previous.get(b.id);
  if (old && old.position.x === b.x && old.position.y === b.y && old.width === b.width && old.height === b.height && sameCells(old.data.cells, b.cells)) return old;
  const node: AggregateFlowNode = {
    id: b.id,
    type: 'nodeAggregate',
    position: { x: b.x, y: b.y },
    width: b.width,
    height: b.height,
    parentId: b.container,
    extent: 'parent',
    data: { id: b.id, rows: 0, container: b.container, cells: b.cells },
    draggable: false,
    connectable: false,
    selectable: false,
    deletable: false,
    focusable: false,
    style: { pointerEvents: 'none' },
  };
  previous.set(b.id, node);
  return node;
}

/**
 * Lives inside <ReactFlow>: follows the viewport through a transient subscription to React Flow's
 * store (no render per frame) and publishes which containers are drawn in detail when that changes.
 */
export function AggregateViewport({ containers, podCount }: { containers: readonly ContainerBox[]; podCount: number }) {
  const rf = useStoreApi();
  // The zoom mode survives re-subscriptions (the layout changes): the hysteresis needs the last one.
  const mode = useRef<DetailMode>('aggregate');
  useEffect(() => {
    const update = () => {
      const s = rf.getState();
      if (podCount < AGGREGATE_MIN_PODS) {
        mode.current = 'aggregate';
        setDetailed(null, detailKey(null));
        return;
      }
      mode.current = nextMode(mode.current, s.transform[2], podCount);
      const visible = s.width > 0 ? visibleFlowRect(s.transform, { width: s.width, height: s.height }) : null;
      const set = detailedContainers(mode.current, podCount, containers, visible) ?? EMPTY;
      setDetailed(set, detailKey(set));
    };
    update();
    return rf.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) update();
    });
  }, [rf, containers, podCount]);
  return null;
}

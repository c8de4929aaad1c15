// A pod card. Subscribes to its own view by id, so a phase change re-renders this card only.
// The whole card is a native drag source (`nopan nodrag` keep React Flow's pan and node drag out of
// the way); clicking it selects it (onNodeClick in the canvas). A deleted pod is drawn from its last
// view for a moment, fading out, with none of a live pod's test ids or drop targets.

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo, type DragEvent } from 'react';
import type { ContainerView, PodView } from '../../../worker/protocol';
import { useClusterStore } from '../../stores/cluster-store';
import { useLeavingPods } from '../../stores/leaving-pods';
import { useUiStore } from '../../stores/ui-store';
import { useT } from '../../i18n/use-t';
import { finishDrag, startDrag } from '../drag-drop';
import { formatCpu, schedulingReason, shortName } from '../format';
import { POD_ENTRY_Y, POD_W } from '../layout/geometry';
import { phaseTone } from '../phase';
import { PodVolumeBadge } from './PodVolumeBadge';
import { openPodInside } from '../../panels/pod-inside-store';

/** How many characters of the name (13px monospace, 0.6em wide) fit on a card: POD_W minus padding. */
const NAME_CHARS = Math.floor((POD_W - 16) / (13 * 0.6));

export type PodData = { id: string; leaving?: boolean };
export type PodFlowNode = Node<PodData, 'pod'>;

function chipTitle(c: ContainerView): string {
  const kind = c.type === 'sandbox' ? 'pod sandbox' : c.type === 'init' ? 'init container' : 'container';
  return `${kind} ${c.name} (${c.image}): ${c.state}${c.reason ? ` ${c.reason}` : ''}${c.restartCount ? `, ${c.restartCount} restarts` : ''}`;
}

function PodNodeImpl({ data }: NodeProps<PodFlowNode>) {
  const live = useClusterStore((s) => s.objects.get(data.id)) as PodView | undefined;
  const last = useLeavingPods((s) => (data.leaving ? s.pods.get(data.id)?.view : undefined));
  const isSelected = useUiStore(
    (s) => live !== undefined && s.selected?.kind === 'Pod' && s.selected.name === live.name && (s.selected.namespace ?? 'default') === live.namespace,
  );
  if (!live && last) return <LeavingPod view={last} />;
  const view = live;
  if (!view || view.kind !== 'Pod') return null;
  const tone = phaseTone(view);
  const onDragStart = (e: DragEvent) => {
    e.stopPropagation();
    startDrag(e, { type: 'pod', podKey: view.key, name: view.name, ...(view.nodeName ? { nodeName: view.nodeName } : {}), ...(view.owner ? { owned: true } : {}) });
  };
  const title = [
    `${view.namespace}/${view.name}`,
    `${view.status} · READY ${view.ready}${view.restarts ? ` · ${view.restarts} restarts` : ''}`,
    view.podIP ? `IP ${view.podIP}` : '',
    view.nodeName ? `node ${view.nodeName}` : (view.schedulingMessage ?? ''),
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div
      className={`pod-card tone-${tone} nopan nodrag ${isSelected ? 'is-selected' : ''} ${view.podIP && view.nodeName ? 'has-veth' : ''}`}
      data-testid={`pod-${view.name}`}
      data-pod-key={view.key}
      data-phase={view.phase}
      data-status={view.status}
      data-node={view.nodeName ?? ''}
      {...(view.nodeName ? { 'data-drop-node': view.nodeName } : {})}
      draggable
      onDragStart={onDragStart}
      onDragEnd={finishDrag}
      onDoubleClick={() => openPodInside(view.key)}
      title={title}
    >
      <EntryHandles />
      <PodCardBody view={view} />
      <PodVolumeBadge view={view} />
    </div>
  );
}

/** Where Service lines enter: the side facing the gap the line comes down (cluster-layout). */
function EntryHandles() {
  return (
    <>
      <Handle id="left" type="target" position={Position.Left} isConnectable={false} className="hidden-handle" style={{ top: POD_ENTRY_Y }} />
      <Handle id="right" type="target" position={Position.Right} isConnectable={false} className="hidden-handle" style={{ top: POD_ENTRY_Y }} />
    </>
  );
}

function PodCardBody({ view }: { view: PodView }) {
  const t = useT();
  return (
    <>
      <div className="pod-name mono">{shortName(view.name, NAME_CHARS)}</div>
      <div className="pod-status">
        <span className="pod-dot" aria-hidden />
        <span className="pod-status-text">{view.status}</span>
      </div>
      {!view.nodeName && view.schedulingMessage ? (
        // Unschedulable (FailedScheduling): the scheduler's short reason, on two lines, instead of
        // the missing IP and the containers (all waiting anyway); the full message on hover.
        <div className="pod-unschedulable" data-testid={`pod-reason-${view.name}`} title={view.schedulingMessage}>
          {view.nominatedNodeName ? (
            // Preemption made room: the pod waits for its victims to leave that node.
            <span className="pod-nominated" data-testid={`pod-nominated-${view.name}`}>
              {t('pod.nominated', { node: view.nominatedNodeName })}
            </span>
          ) : (
            <>
              <span aria-hidden>⚠ </span>
              {schedulingReason(view.schedulingMessage)}
            </>
          )}
        </div>
      ) : (
        <>
          <div className="pod-line">
            <span className="pod-ip mono">{view.podIP ?? (view.nodeName ? '…' : '—')}</span>
            <span className="pod-ready mono" title="READY">
              {view.ready}
            </span>
          </div>
          <PodChips view={view} />
          <CpuBar view={view} />
        </>
      )}
    </>
  );
}

const IDLE_CPU_PCT = 5;

/**
 * CPU in use against the request, a hairline along the card's bottom edge, once metrics-server
 * reports the pod, it has a CPU request and is not idle (the HPA's utilisation). Full and amber past
 * the request.
 * Subscribes to this pod's usage only: a scrape re-renders the pods whose numbers moved.
 */
function CpuBar({ view }: { view: PodView }) {
  const t = useT();
  const usage = useClusterStore((s) => s.metrics.pods[view.key]);
  if (!usage || view.cpuMillis <= 0 || view.deleting) return null;
  const pct = Math.trunc((usage.cpuMillis * 100) / view.cpuMillis);
  // An idle pod (a few millicores) gets no bar: the cards stay as they were until a load arrives.
  if (pct < IDLE_CPU_PCT) return null;
  const title = t('pod.cpuTitle', { cpu: formatCpu(usage.cpuMillis), request: formatCpu(view.cpuMillis), pct });
  return (
    <div className={`pod-cpu${pct > 100 ? ' pod-cpu-over' : ''}`} data-testid={`pod-cpu-${view.name}`} data-pct={pct} title={title} role="img" aria-label={title}>
      <div className="pod-cpu-fill" style={{ width: `${Math.min(pct, 100)}%` }} />
    </div>
  );
}

function PodChips({ view }: { view: PodView }) {
  return (
    <>
      <div className="pod-chips">
        {view.containers.map((c) => (
          <span key={`${c.type}:${c.name}`} className={`chip chip-${c.type} chip-${c.state}${c.ready ? ' chip-ready' : ''}`} title={chipTitle(c)}>
            {c.name}
          </span>
        ))}
      </div>
    </>
  );
}

/** A deleted pod's last look, fading out; not a drag source, not a drop target, not a test target. */
function LeavingPod({ view }: { view: PodView }) {
  return (
    <div className={`pod-card tone-${phaseTone(view)} pod-leaving`} data-leaving="true" aria-hidden>
      <EntryHandles />
      <PodCardBody view={view} />
    </div>
  );
}

export const PodNode = memo(PodNodeImpl);

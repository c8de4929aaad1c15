// Pieces shared by a worker node box and the control plane box (which is the control-plane node):
// header with capacity bars, the system strip, the pod channels to cni0, the network strip and the
// drop verdict.

import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import type { NodeView } from '../../../worker/protocol';
import { useT } from '../../i18n/use-t';
import { usePlacementStore, type NodeVerdict } from '../../stores/placement-store';
import { formatCpu, formatMemory } from '../format';
import { channelX, NET_H, NODE_HEADER_H } from '../layout/geometry';

function CapacityBar({ label, used, total, text, title }: { label: string; used: number; total: number; text: string; title: string }) {
  const ratio = total > 0 ? Math.min(used / total, 1) : 0;
  const level = ratio >= 0.9 ? 'high' : ratio >= 0.6 ? 'mid' : 'low';
  return (
    <div className="cap" title={title}>
      <span className="cap-label">{label}</span>
      <span className="cap-track" role="meter" aria-valuemin={0} aria-valuemax={total} aria-valuenow={used} aria-label={title}>
        <span className={`cap-fill cap-${level}`} style={{ width: `${ratio * 100}%` }} />
      </span>
      <span className="cap-text mono">{text}</span>
    </div>
  );
}

export const NodeHeader = memo(function NodeHeader({ view, title }: { view: NodeView; title?: string }) {
  const t = useT();
  const cpu = `${formatCpu(view.requested.cpuMillis)}/${formatCpu(view.allocatable.cpuMillis)}`;
  const mem = `${formatMemory(view.requested.memoryBytes)}/${formatMemory(view.allocatable.memoryBytes)}`;
  return (
    <div className="node-header" style={{ height: NODE_HEADER_H }}>
      <div className="node-title-row">
        {title && <span className="node-kicker">{title}</span>}
        <span className="node-name mono">{view.name}</span>
        {view.roles.map((r) => (
          <span key={r} className="badge badge-role">
            {r}
          </span>
        ))}
        {/* kubectl prints Ready=False and Ready=Unknown alike as NotReady */}
        {view.ready !== 'True' && <span className="badge badge-bad" data-testid={`node-status-${view.name}`}>{t('canvas.notReady')}</span>}
        {view.stopped && (
          <span className="badge badge-stopped" title={t('canvas.kubeletStoppedTitle')}>
            {t('canvas.kubeletStopped')}
          </span>
        )}
        {view.unschedulable && <span className="badge badge-warn">{t('canvas.cordoned')}</span>}
        {view.taints.map((taint) => (
          <span key={taint} className="badge badge-taint mono" title={`taint ${taint}`}>
            {taint.slice(taint.lastIndexOf(':') + 1)}
          </span>
        ))}
      </div>
      <div className="node-addr mono" title={`InternalIP ${view.internalIP} · PodCIDR ${view.podCIDR}`}>
        {view.internalIP} · {view.podCIDR}
      </div>
      <div className="node-caps">
        <CapacityBar
          label={t('canvas.cpu')}
          used={view.requested.cpuMillis}
          total={view.allocatable.cpuMillis}
          text={cpu}
          title={t('canvas.requested', { resource: 'CPU', requested: formatCpu(view.requested.cpuMillis), allocatable: formatCpu(view.allocatable.cpuMillis) })}
        />
        <CapacityBar
          label={t('canvas.memory')}
          used={view.requested.memoryBytes}
          total={view.allocatable.memoryBytes}
          text={mem}
          title={t('canvas.requested', { resource: 'memory', requested: formatMemory(view.requested.memoryBytes), allocatable: formatMemory(view.allocatable.memoryBytes) })}
        />
      </div>
    </div>
  );
});

/** kubelet, kube-proxy, containerd; the kubelet chip holds the handle of its link to the apiserver. */
export function SystemChips({ nodeName, withHandle }: { nodeName: string; withHandle: boolean }) {
  const t = useT();
  return (
    <>
      <span className="sys-chip sys-kubelet" data-link={`kubelet/${nodeName}`} title={t('tip.kubelet')}>
        kubelet
        {withHandle && <Handle id="kubelet" type="target" position={Position.Top} isConnectable={false} className="hidden-handle" />}
      </span>
      <span className="sys-chip" title={t('tip.kubeProxy')}>
        kube-proxy
      </span>
      <span className="sys-chip" title={t('tip.containerd')}>
        containerd
      </span>
    </>
  );
}

export function SystemStrip({ nodeName }: { nodeName: string }) {
  return (
    <div className="system-strip">
      <SystemChips nodeName={nodeName} withHandle />
    </div>
  );
}

/** Vertical lines from each pod column down to the cni0 bridge: every veth plugs into it. */
export function PodChannels({ top, height, cols }: { top: number; height: number; cols: number }) {
  const bottom = height - NET_H + 6;
  return (
    <svg className="pod-channels" width="100%" height={height} aria-hidden>
      {Array.from({ length: cols }, (_, col) => (
        <line key={col} x1={channelX(col)} x2={channelX(col)} y1={top} y2={bottom} />
      ))}
    </svg>
  );
}

export function Cni0({ view }: { view: NodeView }) {
  return (
    <div className="cni0" title={`cni0: the node's Linux bridge; every pod's veth is attached to it and it is the pods' gateway (${view.bridgeIP})`}>
      <span className="dev mono">cni0</span> <span className="mono">{view.bridgeIP || '—'}</span>
    </div>
  );
}

export function Eth0({ view }: { view: NodeView }) {
  return (
    <div className="eth0" title={`eth0: the node's interface on the node network (${view.internalIP})`}>
      <span className="dev mono">eth0</span> <span className="mono">{view.internalIP}</span>
    </div>
  );
}

export function NetworkStrip({ view }: { view: NodeView }) {
  return (
    <div className="net-strip" style={{ height: NET_H }}>
      <Cni0 view={view} />
      <Eth0 view={view} />
    </div>
  );
}

function verdictText(v: Extract<NodeVerdict, { status: 'done' }>, t: ReturnType<typeof useT>): string {
  if (v.fits) return `✓ ${t('drop.fits')}`;
  const head = v.refused ? t('drop.refused') : (v.plugin ?? '');
  return `✗ ${head}${head ? ': ' : ''}${v.message}`;
}

/** The placement verdict for a drag over this node; returns the outline class to put on the box. */
export function useDropVerdict(nodeName: string): { className: string; banner: React.ReactNode } {
  const t = useT();
  const verdict = usePlacementStore((s) => s.verdicts.get(nodeName));
  const hovered = usePlacementStore((s) => s.hoverNode === nodeName);
  if (!verdict || (!hovered && !(verdict.status === 'done' && verdict.sticky))) return { className: '', banner: null };
  if (verdict.status === 'checking') {
    return { className: 'drop-checking', banner: <div className="verdict verdict-checking" data-testid="drop-verdict" data-fits="checking">{t('drop.checking')}</div> };
  }
  return {
    className: verdict.fits ? 'drop-fits' : 'drop-fails',
    banner: (
      // After a drop the verdict fades (CSS, ~2.5 s) so the node's network strip shows again; the toast
      // keeps the full message. While hovering it stays.
      <div
        className={`verdict ${verdict.fits ? 'verdict-fits' : 'verdict-fails'} ${verdict.sticky && !hovered ? 'verdict-after-drop' : ''}`}
        data-testid="drop-verdict"
        data-fits={String(verdict.fits)}
        role="status"
      >
        {verdictText(verdict, t)}
      </div>
    ),
  };
}

// Pieces shared by a worker node box and the control plane box (which is the control-plane node):
// header with capacity bars, the system strip, the pod channels to cni0, the network strip and the
// drop verdict. Network chips carry `data-dev="<node>/<device>"`: the packet overlay finds them by it.

import { Handle, Position } from '@xyflow/react';
import { memo } from 'react';
import type { NodeView } from '../../../worker/protocol';
import { useT } from '../../i18n/use-t';
import { useClusterStore } from '../../stores/cluster-store';
import { usePlacementStore, type NodeVerdict } from '../../stores/placement-store';
import { formatCpu, formatMemory } from '../format';
import { channelX, NET_H, NODE_HEADER_H } from '../layout/geometry';
import './verdict.css';

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
      <span className="sys-chip" data-watch={`kube-proxy/${nodeName}`} title={t('tip.kubeProxy')}>
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

/** The pods' side of the node network: the cni0 bridge (flannel) or Calico's routed cali* veths. */
export function Cni0({ view }: { view: NodeView }) {
  const cni = useClusterStore((s) => s.settings?.cni ?? 'flannel-vxlan');
  const tunnel = TUNNEL[cni];
  if (cni === 'calico-bgp' || cni === 'calico-ipip' || cni === 'canal') {
    return (
      <div
        className="cni0"
        data-cni={cni}
        data-dev={`${view.name}/cni0`}
        title={`No bridge: every pod's cali* veth is routed on its own (/32 route per pod, pods' gateway 169.254.1.1); this node's block ${view.podCIDR}`}
      >
        <span className="dev mono">cali*</span> <span className="mono">{view.podCIDR || '—'}</span>
        {tunnel && <span className="dev mono tunnel" data-dev={`${view.name}/${tunnel}`}>{tunnel}</span>}
      </div>
    );
  }
  return (
    <div className="cni0" data-cni={cni} data-dev={`${view.name}/cni0`} title={`cni0: the node's Linux bridge; every pod's veth is attached to it and it is the pods' gateway (${view.bridgeIP})`}>
      <span className="dev mono">cni0</span> <span className="mono">{view.bridgeIP || '—'}</span>
      {tunnel && <span className="dev mono tunnel" data-dev={`${view.name}/${tunnel}`}>{tunnel}</span>}
    </div>
  );
}

/** The tunnel device each back end adds (host-gw and Calico BGP route without one). */
const TUNNEL: Record<string, string | undefined> = {
  'flannel-vxlan': 'flannel.1',
  'flannel-udp': 'flannel0',
  'calico-ipip': 'tunl0',
  canal: 'flannel.1',
};

export function Eth0({ view }: { view: NodeView }) {
  return (
    <div className="eth0" data-dev={`${view.name}/eth0`} title={`eth0: the node's interface on the node network (${view.internalIP})`}>
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

/** The badge's words: "✓ fits · score 287 · ★ scheduler's pick" or "✗ <Plugin>: <reason>". */
function verdictText(v: Extract<NodeVerdict, { status: 'done' }>, t: ReturnType<typeof useT>): { main: string; pick?: string } {
  if (v.fits) {
    const main = v.score !== undefined ? `✓ ${t('drop.fits')} · ${t('drop.score', { score: v.score })}` : `✓ ${t('drop.fits')}`;
    return v.best ? { main, pick: `★ ${t(v.tie ? 'drop.pickTie' : 'drop.pick')}` } : { main };
  }
  const head = v.refused ? t('drop.refused') : (v.plugin ?? '');
  return { main: `✗ ${head}${head ? ': ' : ''}${v.message}` };
}

/**
 * The placement verdict on this node; returns the outline class to put on the box and the badge.
 * While a drag is on, every node with a verdict shows its badge (one line, over the network strip,
 * so it covers neither pods nor the Services row); the hovered node's badge may wrap to show all
 * of a long reason. After a failed drop its verdict stays a moment (sticky).
 */
export function useDropVerdict(nodeName: string): { className: string; banner: React.ReactNode } {
  const t = useT();
  const verdict = usePlacementStore((s) => s.verdicts.get(nodeName));
  const hovered = usePlacementStore((s) => s.hoverNode === nodeName);
  const dragging = usePlacementStore((s) => s.drag !== null);
  if (!verdict) return { className: '', banner: null };
  if (verdict.status === 'checking') {
    if (!hovered) return { className: '', banner: null };
    return { className: 'drop-checking', banner: <div className="verdict verdict-checking" data-testid="drop-verdict" data-fits="checking">{t('drop.checking')}</div> };
  }
  // A refused move (bound pods never move) speaks only where the pod is held.
  if (!hovered && !verdict.sticky && (!dragging || verdict.refused)) return { className: '', banner: null };
  const text = verdictText(verdict, t);
  const outline = verdict.fits ? 'drop-fits' : 'drop-fails';
  return {
    // Only the hovered node (and a failed drop's node) gets the strong outline; the others a faint one.
    className: hovered || verdict.sticky ? outline : `${outline}-quiet`,
    banner: (
      // After a drop the verdict fades (CSS, ~2.5 s) so the node's network strip shows again; the toast
      // keeps the full message. While dragging it stays.
      <div
        className={`verdict ${verdict.fits ? 'verdict-fits' : 'verdict-fails'} ${hovered ? 'is-hovered' : ''} ${verdict.best ? 'is-best' : ''} ${verdict.sticky && !hovered ? 'verdict-after-drop' : ''}`}
        data-testid="drop-verdict"
        data-fits={String(verdict.fits)}
        {...(verdict.score !== undefined ? { 'data-score': verdict.score } : {})}
        {...(verdict.best ? { 'data-best': 'true' } : {})}
        role="status"
      >
        <span className="verdict-main">{text.main}</span>
        {text.pick && <span className="verdict-pick" data-testid="drop-verdict-pick">{text.pick}</span>}
      </div>
    ),
  };
}

// The control plane box. In a kubeadm cluster the control-plane components run as static pods on
// the control-plane node, so this box *is* that node (its header, taint, kubelet and network) with
// the components drawn inside. Every component talks only to kube-apiserver; only the apiserver
// talks to etcd. Links carry `data-link` so API writes can pulse them (pulses.ts).

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeView } from '../../../worker/protocol';
import { useT } from '../../i18n/use-t';
import { useClusterStore } from '../../stores/cluster-store';
import { uiStore, useUiStore } from '../../stores/ui-store';
import { CP_COLS, CP_DIAGRAM_H, CP_PODS_TOP, CP_STRIP_H, NET_H, NODE_HEADER_H } from '../layout/geometry';
import { Cni0, Eth0, NodeHeader, PodChannels, SystemChips, useDropVerdict } from './node-parts';

export type ControlPlaneData = { id: string; rows: number };
export type ControlPlaneFlowNode = Node<ControlPlaneData, 'controlPlane'>;

/** Component chips inside the diagram area (px, relative to the diagram's top-left; CP_W - 20 wide). */
const CHIPS = {
  scheduler: { x: 0, y: 4, w: 150 },
  controllers: { x: 0, y: 38, w: 196 },
  apiserver: { x: 228, y: 38, w: 132 },
  etcd: { x: 384, y: 38, w: 66 },
  kubectl: { x: 300, y: 2, w: 124 },
} as const;
const CHIP_H = 24;
const KUBECTL_H = 20;
const DIAGRAM_H = CP_DIAGRAM_H;

function mid(c: { x: number; y: number; w: number }, side: 'l' | 'r' | 't' | 'b') {
  if (side === 'l') return [c.x, c.y + CHIP_H / 2];
  if (side === 'r') return [c.x + c.w, c.y + CHIP_H / 2];
  if (side === 't') return [c.x + c.w / 2, c.y];
  return [c.x + c.w / 2, c.y + CHIP_H];
}

function Link({ from, to, link }: { from: number[]; to: number[]; link: string }) {
  // Drawn from the component to kube-apiserver (etcd: from kube-apiserver): writes travel along, watch events against.
  return <line className="cp-link" data-link={link} data-dir={link === 'etcd' ? 'from-api' : 'to-api'} x1={from[0]} y1={from[1]} x2={to[0]} y2={to[1]} />;
}

function Diagram() {
  const t = useT();
  const api = CHIPS.apiserver;
  const kubectlX = (CHIPS.kubectl.x + api.x + api.w) / 2;
  return (
    <div className="cp-diagram" style={{ height: DIAGRAM_H }}>
      <svg className="cp-links" width="100%" height={DIAGRAM_H} aria-hidden>
        <Link link="kube-scheduler" from={mid(CHIPS.scheduler, 'r')} to={[api.x + 10, api.y]} />
        <Link link="kube-controller-manager" from={mid(CHIPS.controllers, 'r')} to={mid(api, 'l')} />
        <Link link="etcd" from={mid(api, 'r')} to={mid(CHIPS.etcd, 'l')} />
        <Link link="kubectl" from={[kubectlX, CHIPS.kubectl.y + KUBECTL_H]} to={[kubectlX, api.y]} />
      </svg>
      <span className="cp-chip" data-link="kube-scheduler" style={{ left: CHIPS.scheduler.x, top: CHIPS.scheduler.y, width: CHIPS.scheduler.w }} title={t('tip.scheduler')}>
        kube-scheduler
      </span>
      <span className="cp-chip" data-link="kube-controller-manager" style={{ left: CHIPS.controllers.x, top: CHIPS.controllers.y, width: CHIPS.controllers.w }} title={t('tip.controllers')}>
        kube-controller-manager
      </span>
      <span className="cp-chip cp-apiserver" style={{ left: api.x, top: api.y, width: api.w }} title={t('tip.apiserver')}>
        kube-apiserver
        <Handle id="apiserver" type="source" position={Position.Bottom} isConnectable={false} className="hidden-handle" />
      </span>
      <button
        type="button"
        className="cp-chip cp-etcd nodrag"
        data-link="etcd"
        data-testid="etcd-chip"
        style={{ left: CHIPS.etcd.x, top: CHIPS.etcd.y, width: CHIPS.etcd.w }}
        title={t('tip.etcdOpen')}
        onClick={(e) => {
          e.stopPropagation();
          uiStore.getState().openEtcd();
        }}
      >
        etcd
      </button>
      <span className="cp-chip cp-user" data-link="kubectl" style={{ left: CHIPS.kubectl.x, top: CHIPS.kubectl.y, width: CHIPS.kubectl.w, height: KUBECTL_H }} title={t('tip.kubectl')}>
        {t('canvas.youKubectl')}
      </span>
    </div>
  );
}

function ControlPlaneNodeImpl({ data, height }: NodeProps<ControlPlaneFlowNode>) {
  const t = useT();
  const view = useClusterStore((s) => s.objects.get(data.id)) as NodeView | undefined;
  const name = view?.name ?? '';
  const isSelected = useUiStore((s) => view !== undefined && s.selected?.kind === 'Node' && s.selected.name === name);
  const drop = useDropVerdict(name);
  return (
    <div
      className={`node-group control-plane ${drop.className} ${isSelected ? 'is-selected' : ''}`}
      data-testid={view ? `node-${name}` : 'control-plane'}
      {...(view ? { 'data-drop-node': name, 'data-ready': view.ready } : {})}
      style={{ height }}
    >
      {view ? (
        <NodeHeader view={view} title={t('canvas.controlPlane')} />
      ) : (
        <div className="node-header" style={{ height: NODE_HEADER_H }}>
          <span className="node-kicker">{t('canvas.controlPlane')}</span>
        </div>
      )}
      <Diagram />
      {data.rows > 0 && <PodChannels top={CP_PODS_TOP - 4} height={(height ?? 0) + NET_H - CP_STRIP_H} cols={CP_COLS} />}
      {view && (
        <div className="cp-strip" style={{ height: CP_STRIP_H }}>
          <SystemChips nodeName={name} withHandle={false} />
          <span className="cp-strip-spacer" />
          <Cni0 view={view} />
          <Eth0 view={view} />
        </div>
      )}
      {drop.banner}
    </div>
  );
}

export const ControlPlaneNode = memo(ControlPlaneNodeImpl);

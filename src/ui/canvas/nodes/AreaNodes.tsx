// The boxes that are not Kubernetes objects themselves: the unscheduled-pods area beside the
// scheduler, the workloads list, the node network bus and the first-step hint.

import type { Node, NodeProps } from '@xyflow/react';
import { memo, type MouseEvent } from 'react';
import type { DaemonSetView, DeploymentView, ReplicaSetView, StatefulSetView } from '../../../worker/protocol';
import { useT } from '../../i18n/use-t';
import { UNSCHEDULED, useClusterStore } from '../../stores/cluster-store';
import { useUiStore } from '../../stores/ui-store';

export type AreaData = { id: string; rows: number };
const NO_IDS: readonly string[] = [];

function PendingAreaNodeImpl(_: NodeProps<Node<AreaData, 'pending'>>) {
  const t = useT();
  const count = useClusterStore((s) => s.podIdsByNode.get(UNSCHEDULED)?.length ?? 0);
  // Any waiting pod the scheduler already rejected (PodScheduled=False with a message)?
  const rejected = useClusterStore((s) =>
    (s.podIdsByNode.get(UNSCHEDULED) ?? NO_IDS).some((id) => {
      const v = s.objects.get(id);
      return v?.kind === 'Pod' && !!v.schedulingMessage;
    }),
  );
  const hint = t(rejected ? 'canvas.unschedulableHint' : 'canvas.unscheduledHint');
  return (
    <div className="area pending-area" data-testid="unscheduled-area">
      <div className="area-header">
        <span className="area-title">{t('canvas.unscheduled')}</span>
        <span className="area-count">{count}</span>
        <span className={`area-sub ${rejected ? 'is-unschedulable' : ''}`} title={hint} data-unschedulable={String(rejected)}>
          {hint}
        </span>
      </div>
      {count === 0 && <div className="area-empty">{t('canvas.noUnscheduled')}</div>}
    </div>
  );
}
export const PendingAreaNode = memo(PendingAreaNodeImpl);

const ReplicaSetRow = memo(function ReplicaSetRow({ id }: { id: string }) {
  const rs = useClusterStore((s) => s.objects.get(id)) as ReplicaSetView | undefined;
  const select = useUiStore((s) => s.select);
  if (!rs) return null;
  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    select({ kind: 'ReplicaSet', apiVersion: 'apps/v1', namespace: rs.namespace, name: rs.name });
  };
  return (
    <button type="button" className={`wl-rs ${rs.replicas === 0 ? 'wl-old' : ''}`} data-testid={`replicaset-${rs.name}`} onClick={onClick} title={`ReplicaSet ${rs.namespace}/${rs.name}`}>
      <span className="wl-kind">rs</span>
      <span className="wl-name mono">{rs.name}</span>
      <span className="wl-count mono">
        {rs.readyReplicas}/{rs.replicas}
      </span>
    </button>
  );
});

const DeploymentRow = memo(function DeploymentRow({ id }: { id: string }) {
  const d = useClusterStore((s) => s.objects.get(id)) as DeploymentView | undefined;
  const rsIds = useClusterStore((s) => s.replicaSetIdsByDeployment.get(id) ?? NO_IDS);
  const select = useUiStore((s) => s.select);
  if (!d) return null;
  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    select({ kind: 'Deployment', apiVersion: 'apps/v1', namespace: d.namespace, name: d.name });
  };
  const done = d.readyReplicas === d.replicas && d.updatedReplicas === d.replicas;
  return (
    <div className="wl-deploy">
      <button type="button" className="wl-head" data-testid={`deployment-${d.name}`} onClick={onClick} title={`Deployment ${d.namespace}/${d.name}: ${d.readyReplicas} ready, ${d.updatedReplicas} up-to-date, ${d.availableReplicas} available of ${d.replicas}`}>
        <span className="wl-kind">deploy</span>
        <span className="wl-name mono">{d.name}</span>
        <span className={`wl-count mono ${done ? 'wl-done' : 'wl-progress'}`}>
          {d.readyReplicas}/{d.replicas}
        </span>
      </button>
      {rsIds.map((rs) => (
        <ReplicaSetRow key={rs} id={rs} />
      ))}
    </div>
  );
});

const DaemonSetRow = memo(function DaemonSetRow({ id }: { id: string }) {
  const ds = useClusterStore((s) => s.objects.get(id)) as DaemonSetView | undefined;
  const select = useUiStore((s) => s.select);
  if (!ds) return null;
  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    select({ kind: 'DaemonSet', apiVersion: 'apps/v1', namespace: ds.namespace, name: ds.name });
  };
  const done = ds.ready === ds.desired && ds.updated === ds.desired;
  return (
    <button type="button" className="wl-head" data-testid={`daemonset-${ds.name}`} onClick={onClick} title={`DaemonSet ${ds.namespace}/${ds.name}: ${ds.ready} ready, ${ds.updated} up-to-date of ${ds.desired} nodes`}>
      <span className="wl-kind">ds</span>
      <span className="wl-name mono">{ds.name}</span>
      <span className={`wl-count mono ${done ? 'wl-done' : 'wl-progress'}`}>
        {ds.ready}/{ds.desired}
      </span>
    </button>
  );
});

const StatefulSetRow = memo(function StatefulSetRow({ id }: { id: string }) {
  const sts = useClusterStore((s) => s.objects.get(id)) as StatefulSetView | undefined;
  const select = useUiStore((s) => s.select);
  if (!sts) return null;
  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    select({ kind: 'StatefulSet', apiVersion: 'apps/v1', namespace: sts.namespace, name: sts.name });
  };
  const done = sts.ready === sts.replicas && sts.updated === sts.replicas;
  return (
    <button type="button" className="wl-head" data-testid={`statefulset-${sts.name}`} onClick={onClick} title={`StatefulSet ${sts.namespace}/${sts.name}: ${sts.ready} ready, ${sts.updated} up-to-date of ${sts.replicas} replicas`}>
      <span className="wl-kind">sts</span>
      <span className="wl-name mono">{sts.name}</span>
      <span className={`wl-count mono ${done ? 'wl-done' : 'wl-progress'}`}>
        {sts.ready}/{sts.replicas}
      </span>
    </button>
  );
});

function WorkloadsNodeImpl(_: NodeProps<Node<AreaData, 'workloads'>>) {
  const t = useT();
  const deploymentIds = useClusterStore((s) => s.deploymentIds);
  // ReplicaSets without a Deployment owner are listed on their own.
  const orphanRs = useClusterStore((s) => s.replicaSetIds);
  const owned = useClusterStore((s) => s.replicaSetIdsByDeployment);
  const standalone = orphanRs.filter((id) => ![...owned.values()].some((list) => list.includes(id)));
  const daemonSetIds = useClusterStore((s) => s.daemonSetIds);
  const statefulSetIds = useClusterStore((s) => s.statefulSetIds);
  return (
    <div className="area workloads-area" data-testid="workloads">
      <div className="area-header">
        <span className="area-title">{t('canvas.workloads')}</span>
      </div>
      <div className="wl-list nowheel">
        {deploymentIds.length === 0 && standalone.length === 0 && daemonSetIds.length === 0 && statefulSetIds.length === 0 && <div className="area-empty">{t('canvas.noWorkloads')}</div>}
        {deploymentIds.map((id) => (
          <DeploymentRow key={id} id={id} />
        ))}
        {standalone.map((id) => (
          <ReplicaSetRow key={id} id={id} />
        ))}
        {daemonSetIds.map((id) => (
          <DaemonSetRow key={id} id={id} />
        ))}
        {statefulSetIds.map((id) => (
          <StatefulSetRow key={id} id={id} />
        ))}
      </div>
    </div>
  );
}
export const WorkloadsNode = memo(WorkloadsNodeImpl);

function NetworkBusNodeImpl(_: NodeProps<Node<AreaData, 'networkBus'>>) {
  const t = useT();
  return (
    <div className="network-bus" title={t('tip.network')}>
      <span className="bus-label">{t('canvas.nodeNetwork')}</span>
    </div>
  );
}
export const NetworkBusNode = memo(NetworkBusNodeImpl);

function HintNodeImpl(_: NodeProps<Node<AreaData, 'hint'>>) {
  const t = useT();
  const setDockTab = useUiStore((s) => s.setDockTab);
  return (
    <div className="hint-card" data-testid="empty-hint">
      <div className="hint-text">
        <strong>{t('canvas.hintTitle')}</strong> {t('canvas.hintBody')}
      </div>
      <button type="button" className="btn btn-primary nopan" onClick={() => setDockTab('editor')}>
        {t('canvas.hintOpenEditor')}
      </button>
    </div>
  );
}
export const HintNode = memo(HintNodeImpl);

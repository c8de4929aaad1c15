// A Service pill: name, ClusterIP and ports, and how many endpoints are ready. Edges to its
// endpoint pods start at the bottom handle (the top one for pods in the top row); EndpointEdge
// decides solid or dashed.

import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ServiceView } from '../../../worker/protocol';
import { useT } from '../../i18n/use-t';
import { useClusterStore } from '../../stores/cluster-store';
import { useUiStore } from '../../stores/ui-store';

export type ServiceData = { id: string };
export type ServiceFlowNode = Node<ServiceData, 'service'>;

function ServiceNodeImpl({ data }: NodeProps<ServiceFlowNode>) {
  const t = useT();
  const view = useClusterStore((s) => s.objects.get(data.id)) as ServiceView | undefined;
  const isSelected = useUiStore(
    (s) => view !== undefined && s.selected?.kind === 'Service' && s.selected.name === view.name && s.selected.namespace === view.namespace,
  );
  if (!view || view.kind !== 'Service') return null;
  const ready = view.endpoints.filter((e) => e.ready).length;
  const total = view.endpoints.length;
  return (
    <div
      className={`service-pill ${isSelected ? 'is-selected' : ''} ${total > 0 && ready === 0 ? 'no-ready' : ''}`}
      data-testid={`service-${view.name}`}
      data-endpoints={ready}
      title={`Service ${view.namespace}/${view.name} (${view.type})\nClusterIP ${view.clusterIP}  ${view.ports}\n${ready}/${total} endpoints ready`}
    >
      <div className="svc-row">
        <span className="svc-icon" aria-hidden>
          ⇄
        </span>
        <span className="svc-name mono">{view.name}</span>
        {view.type !== 'ClusterIP' && <span className="badge">{view.type}</span>}
        {view.namespace !== 'default' && <span className="badge badge-ns mono">{view.namespace}</span>}
      </div>
      <div className="svc-addr mono">
        {view.clusterIP} · {view.ports}
      </div>
      <div className="svc-eps">{total > 0 ? t('canvas.endpoints', { ready, total }) : t('canvas.noEndpoints')}</div>
      <Handle id="bottom" type="source" position={Position.Bottom} isConnectable={false} className="hidden-handle" />
      <Handle id="top" type="source" position={Position.Top} isConnectable={false} className="hidden-handle" />
    </div>
  );
}

export const ServiceNode = memo(ServiceNodeImpl);

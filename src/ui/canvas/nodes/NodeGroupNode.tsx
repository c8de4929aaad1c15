// A worker node as a group box. Its pods are separate React Flow nodes (children), so a pod's change
// re-renders only that pod; this box re-renders when its NodeView or its drop verdict changes.

import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeView } from '../../../worker/protocol';
import { useT } from '../../i18n/use-t';
import { useClusterStore } from '../../stores/cluster-store';
import { useLeavingPods } from '../../stores/leaving-pods';
import { useUiStore } from '../../stores/ui-store';
import { NODE_COLS, NODE_PODS_TOP, POD_H } from '../layout/geometry';
import { NetworkStrip, NodeHeader, PodChannels, SystemStrip, useDropVerdict } from './node-parts';

export type NodeGroupData = { id: string; rows: number };
export type NodeGroupFlowNode = Node<NodeGroupData, 'nodeGroup'>;

function NodeGroupNodeImpl({ data, height }: NodeProps<NodeGroupFlowNode>) {
  const t = useT();
  const view = useClusterStore((s) => s.objects.get(data.id)) as NodeView | undefined;
  const name = view?.name ?? '';
  const isSelected = useUiStore((s) => s.selected?.kind === 'Node' && s.selected.name === name);
  const drop = useDropVerdict(name);
  const podCount = useClusterStore((s) => s.podIdsByNode.get(name)?.length ?? 0);
  // A pod fading out still occupies the box: no "no pods" note under it.
  const fading = useLeavingPods((s) => s.pods.size > 0 && [...s.pods.values()].some((p) => p.nodeName === name));
  if (!view) return null;
  return (
    <div
      className={`node-group ${drop.className} ${isSelected ? 'is-selected' : ''} ${view.ready !== 'True' ? 'not-ready' : ''} ${view.stopped ? 'is-stopped' : ''}`}
      data-testid={`node-${name}`}
      data-drop-node={name}
      data-ready={view.ready}
      data-stopped={String(view.stopped)}
      style={{ height }}
    >
      <NodeHeader view={view} />
      <SystemStrip nodeName={name} />
      {podCount > 0 || fading ? <PodChannels top={NODE_PODS_TOP - 4} height={height ?? 0} cols={NODE_COLS} /> : <div className="node-empty" style={{ top: NODE_PODS_TOP + POD_H / 2 - 10 }}>{t('canvas.noPods')}</div>}
      <NetworkStrip view={view} />
      {drop.banner}
    </div>
  );
}

export const NodeGroupNode = memo(NodeGroupNodeImpl);

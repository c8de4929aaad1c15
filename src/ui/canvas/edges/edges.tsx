// Custom edges. EndpointEdge: Service -> endpoint pod, dashed while the endpoint is not ready (it
// reads readiness itself, so a readiness flip re-renders one edge, not the canvas); it follows the
// route the layout gives (lane, gap beside the node) so it never crosses a node header or a pod.
// LinkEdge: the apiserver <-> kubelet link of a node, faint until a write pulses it.

import { getBezierPath, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ServiceView } from '../../../worker/protocol';
import { useClusterStore } from '../../stores/cluster-store';
import { endpointPoints, roundedPath } from './route';

export type EndpointEdgeData = { serviceId: string; podId: string; laneY?: number; gapX?: number };
export type LinkEdgeData = { link: string; centerY?: number };

const CORNER = 6;

function EndpointEdgeImpl({ data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<Edge<EndpointEdgeData, 'endpoint'>>) {
  const podKey = data?.podId.slice(data.podId.indexOf(':') + 1);
  const ready = useClusterStore((s) => {
    const svc = data ? (s.objects.get(data.serviceId) as ServiceView | undefined) : undefined;
    return svc?.endpoints.find((e) => e.podKey === podKey)?.ready ?? false;
  });
  const path =
    data?.laneY !== undefined && data.gapX !== undefined
      ? roundedPath(endpointPoints([sourceX, sourceY], [targetX, targetY], data.laneY, data.gapX), CORNER)
      : getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition })[0];
  return <path d={path} className={`endpoint-edge ${ready ? 'ep-ready' : 'ep-not-ready'}`} fill="none" />;
}
export const EndpointEdge = memo(EndpointEdgeImpl);

function LinkEdgeImpl({ data, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<Edge<LinkEdgeData, 'link'>>) {
  const [path] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
    ...(data?.centerY !== undefined ? { centerY: data.centerY } : {}),
  });
  // The path runs from kube-apiserver down to the kubelet: writes travel against it, watch events along it.
  const node = data?.link.startsWith('kubelet/') ? data.link.slice('kubelet/'.length) : undefined;
  return <path d={path} className="link-edge" data-link={data?.link} data-node-link={node} data-dir="from-api" fill="none" />;
}
export const LinkEdge = memo(LinkEdgeImpl);

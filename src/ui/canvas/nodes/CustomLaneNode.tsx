// The custom-resource lane below the node network: every object of a CRD's kind (a Website), its
// status in the CRD's own printer columns, and the objects its controller created for it (their
// ownerReferences name it). Every name opens its object in the inspector.

import type { Node, NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { CustomObjectView } from '../../../worker/protocol';
import { useClusterStore } from '../../stores/cluster-store';
import { customRows, refOfExtra } from '../storage/lanes-model';
import { useStorageT } from '../storage/storage-messages';
import { Pick } from './StorageLaneNode';
import '../storage/storage.css';

type LaneData = { id: string; rows: number };

/** kubectl's short names for the kinds an operator usually creates. */
const SHORT: Record<string, string> = { Deployment: 'deploy', Service: 'svc', ConfigMap: 'cm', StatefulSet: 'sts', DaemonSet: 'ds', PersistentVolumeClaim: 'pvc', ServiceAccount: 'sa' };

function CustomRowView({ v }: { v: CustomObjectView }) {
  const t = useStorageT();
  return (
    <div className="lane-row" data-testid={`custom-${v.objectKind.toLowerCase()}-${v.name}`}>
      <div className="lane-line">
        <Pick refTo={refOfExtra(v)} className="lane-obj" title={`${v.objectKind} ${v.namespace ? `${v.namespace}/` : ''}${v.name} (${v.apiVersion})`}>
          <span className="lane-kind lane-kind-custom">{v.objectKind}</span>
          <span className="lane-name mono">{v.name}</span>
          {v.namespace && v.namespace !== 'default' && <span className="badge badge-ns mono">{v.namespace}</span>}
        </Pick>
        {v.status && (
          <span className="lane-status mono" title={v.status}>
            {v.status}
          </span>
        )}
      </div>
      <div className="lane-line lane-phases">
        <span className="lane-step">{t('custom.owns')}</span>
        {v.owns.length === 0 && <span className="lane-muted">{t('custom.ownsNothing')}</span>}
        {v.owns.map((o) => (
          <Pick key={`${o.kind}/${o.name}`} refTo={o} className="lane-chip tone-info" title={`${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}: ownerReferences → ${v.objectKind} ${v.name}`} testId={`owned-${o.kind.toLowerCase()}-${o.name}`}>
            <span className="lane-kind">{SHORT[o.kind] ?? o.kind.toLowerCase()}</span> <span className="mono">{o.name}</span>
          </Pick>
        ))}
      </div>
    </div>
  );
}

function CustomLaneNodeImpl(_: NodeProps<Node<LaneData, 'customLane'>>) {
  const t = useStorageT();
  const json = useClusterStore((s) => JSON.stringify(customRows(s.extras.values())));
  const rows = useMemo(() => JSON.parse(json) as CustomObjectView[], [json]);
  return (
    <div className="area lane-area custom-lane" data-testid="custom-lane">
      <div className="area-header">
        <span className="area-title">{t('custom.title')}</span>
        <span className="area-count">{rows.length}</span>
        <span className="area-sub" title={t('custom.sub')}>
          {t('custom.sub')}
        </span>
      </div>
      <div className="lane-list nowheel">
        {rows.map((v) => (
          <CustomRowView key={`${v.objectKind}:${v.key}`} v={v} />
        ))}
      </div>
    </div>
  );
}
export const CustomLaneNode = memo(CustomLaneNodeImpl);

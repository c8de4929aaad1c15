// A small volume badge on a pod card: the pod mounts PersistentVolumeClaims. Its colour and
// symbol say how far the volumes got (claim bound, attached to this node, mounted by the kubelet);
// hovering lists each claim, clicking opens the (first) claim in the inspector.
// Subscribes to a string derived from the pod's claims only: other changes do not re-render it.

import { memo, useMemo, type MouseEvent } from 'react';
import type { PodView } from '../../../worker/protocol';
import { useClusterStore } from '../../stores/cluster-store';
import { useUiStore } from '../../stores/ui-store';
import { podVolumes, type PodVolumeInfo } from '../storage/lanes-model';
import { useStorageT } from '../storage/storage-messages';
import '../storage/storage.css';

function PodVolumeBadgeImpl({ view }: { view: PodView }) {
  const t = useStorageT();
  const select = useUiStore((s) => s.select);
  const json = useClusterStore((s) => (s.extras.size === 0 ? '[]' : JSON.stringify(podVolumes(s.extras, view))));
  const volumes = useMemo(() => JSON.parse(json) as PodVolumeInfo[], [json]);
  if (volumes.length === 0) return null;
  const ready = volumes.every((v) => v.phase === 'Bound' && v.attached !== false && v.mounted);
  const stuck = volumes.some((v) => v.phase === 'Lost');
  const tone = stuck ? 'bad' : ready ? 'ok' : 'wait';
  const lines = volumes.map((v) =>
    t('badge.line', {
      claim: v.claim,
      phase: v.phase,
      attach: v.attached === undefined ? t('badge.attachUnknown') : t(v.attached ? 'storage.attached' : 'storage.attaching'),
      mount: t(v.mounted ? 'storage.mounted' : 'storage.mounting'),
    }),
  );
  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    select({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: view.namespace, name: volumes[0].claim });
  };
  return (
    <button
      type="button"
      className={`pod-volume-badge nopan tone-${tone}`}
      data-testid={`volumes-of-${view.name}`}
      data-state={tone}
      title={`${t('badge.title')}\n${lines.join('\n')}`}
      aria-label={`${t('badge.title')} ${lines.join('; ')}`}
      onClick={onClick}
      draggable={false}
    >
      <span aria-hidden>⛁</span>
      {volumes.length > 1 ? volumes.length : ready ? '✓' : stuck ? '✕' : '…'}
    </button>
  );
}

export const PodVolumeBadge = memo(PodVolumeBadgeImpl);

// The storage lane below the node network: one row per PersistentVolumeClaim, following it through
// both phases of getting a volume into a pod: attach (a VolumeAttachment the attach/detach
// controller creates for the pod's node) and mount (the kubelet, before the sandbox starts).
// Every name opens its object in the inspector. Re-renders only when its rows' content changes.

import type { Node, NodeProps } from '@xyflow/react';
import { memo, useMemo, type MouseEvent, type ReactNode } from 'react';
import type { ObjectRef } from '../../../worker/protocol';
import { useClusterStore } from '../../stores/cluster-store';
import { useUiStore } from '../../stores/ui-store';
import { refOfExtra, storageRows, type AttachmentRow, type ClaimMount, type StorageRow } from '../storage/lanes-model';
import { useStorageT, type StorageMessageId } from '../storage/storage-messages';
import '../storage/storage.css';

type LaneData = { id: string; rows: number };

/** Bound green, Pending amber, Lost/Failed red, Released grey, Available blue (DESIGN.md phase colours). */
export function volumePhaseTone(phase: string): string {
  switch (phase) {
    case 'Bound':
      return 'ok';
    case 'Pending':
      return 'wait';
    case 'Lost':
    case 'Failed':
      return 'bad';
    case 'Available':
      return 'info';
    default:
      return 'idle';
  }
}

export function Pick({ refTo, className, title, testId, children }: { refTo: ObjectRef; className: string; title: string; testId?: string; children: ReactNode }) {
  const select = useUiStore((s) => s.select);
  const selected = useUiStore((s) => s.selected?.kind === refTo.kind && s.selected.name === refTo.name && (s.selected.namespace ?? '') === (refTo.namespace ?? ''));
  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    select(refTo);
  };
  return (
    <button type="button" className={`lane-pick nopan ${className}${selected ? ' is-selected' : ''}`} title={title} onClick={onClick} {...(testId ? { 'data-testid': testId } : {})}>
      {children}
    </button>
  );
}

const ATTACH_WORD: Record<AttachmentRow['state'], StorageMessageId> = {
  attached: 'storage.attached',
  attaching: 'storage.attaching',
  detaching: 'storage.detaching',
  failed: 'storage.failed',
};

function AttachChip({ a }: { a: AttachmentRow }) {
  const t = useStorageT();
  const tone = a.state === 'attached' ? 'ok' : a.state === 'failed' ? 'bad' : a.state === 'detaching' ? 'idle' : 'wait';
  return (
    <Pick
      refTo={{ apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', name: a.name }}
      className={`lane-chip tone-${tone}`}
      title={`${t('storage.attachTitle', { name: a.name, node: a.nodeName, attached: String(a.state === 'attached') })}${a.error ? `\n${a.error}` : ''}`}
      testId={`attachment-${a.nodeName}`}
    >
      <span className="mono">{a.nodeName}</span> <span aria-hidden>{a.state === 'attached' ? '✓' : a.state === 'failed' ? '✕' : '…'}</span> {t(ATTACH_WORD[a.state])}
    </Pick>
  );
}

function MountChip({ m }: { m: ClaimMount }) {
  const t = useStorageT();
  const [namespace, name] = [m.podKey.slice(0, m.podKey.indexOf('/')), m.podName];
  return (
    <Pick
      refTo={{ apiVersion: 'v1', kind: 'Pod', namespace, name }}
      className={`lane-chip tone-${m.mounted ? 'ok' : 'wait'}`}
      title={t('storage.mountTitle', { node: m.nodeName ?? '?', pod: m.podName })}
      testId={`mount-${m.podName}`}
    >
      <span className="mono">{m.podName}</span> <span aria-hidden>{m.mounted ? '✓' : '…'}</span> {t(m.mounted ? 'storage.mounted' : 'storage.mounting')}
    </Pick>
  );
}

function StorageRowView({ row }: { row: StorageRow }) {
  const t = useStorageT();
  const { claim, volume } = row;
  const waiting = claim && !claim.volumeName && claim.pods.length === 0;
  return (
    <div className="lane-row" data-testid={claim ? `pvc-${claim.name}` : `pv-${volume?.name}`} data-phase={claim?.phase ?? volume?.phase}>
      <div className="lane-line">
        {claim && (
          <Pick refTo={refOfExtra(claim)} className="lane-obj lane-obj-claim" title={`PersistentVolumeClaim ${claim.namespace}/${claim.name}${claim.storageClass ? ` (StorageClass ${claim.storageClass})` : ''}`}>
            <span className="lane-kind">pvc</span>
            <span className="lane-name mono">{claim.name}</span>
            <span className={`lane-phase tone-${volumePhaseTone(claim.phase)}`}>{claim.phase}</span>
            {claim.capacity && <span className="lane-cap mono">{claim.capacity}</span>}
          </Pick>
        )}
        {claim && <span className="lane-arrow" aria-hidden>→</span>}
        {volume ? (
          <Pick refTo={refOfExtra(volume)} className="lane-obj" title={`PersistentVolume ${volume.name}${volume.source ? `\n${volume.source}` : ''}${volume.claim ? `\nclaimRef ${volume.claim}` : ''}`}>
            <span className="lane-kind">pv</span>
            <span className="lane-name mono">{volume.name}</span>
            {!claim && <span className={`lane-phase tone-${volumePhaseTone(volume.phase)}`}>{volume.phase}</span>}
            {!claim && volume.capacity && <span className="lane-cap mono">{volume.capacity}</span>}
          </Pick>
        ) : (
          <span className="lane-muted">{t(waiting ? 'storage.waitingPod' : 'storage.noVolume')}</span>
        )}
      </div>
      <div className="lane-line lane-phases">
        <span className="lane-step">{t('storage.attach')}</span>
        {row.attachments.length > 0 ? row.attachments.map((a) => <AttachChip key={a.name} a={a} />) : <span className="lane-muted">{volume ? t('storage.noAttach') : '—'}</span>}
        <span className="lane-step">{t('storage.mount')}</span>
        {row.mounts.length > 0 ? row.mounts.map((m) => <MountChip key={m.podKey} m={m} />) : <span className="lane-muted">{t('storage.notMounted')}</span>}
      </div>
    </div>
  );
}

function StorageLaneNodeImpl(_: NodeProps<Node<LaneData, 'storageLane'>>) {
  const t = useStorageT();
  // A JSON key: the lane re-renders when its rows' content changes, not on every pod update.
  const json = useClusterStore((s) =>
    JSON.stringify(
      storageRows(s.extras.values(), (key) => {
        const v = s.objects.get(`Pod:${key}`);
        return v?.kind === 'Pod' ? v : undefined;
      }),
    ),
  );
  const rows = useMemo(() => JSON.parse(json) as StorageRow[], [json]);
  return (
    <div className="area lane-area storage-lane" data-testid="storage-lane">
      <div className="area-header">
        <span className="area-title">{t('storage.title')}</span>
        <span className="area-count">{rows.length}</span>
        <span className="area-sub" title={t('storage.sub')}>
          {t('storage.sub')}
        </span>
      </div>
      <div className="lane-list nowheel">
        {rows.map((row) => (
          <StorageRowView key={row.id} row={row} />
        ))}
      </div>
    </div>
  );
}
export const StorageLaneNode = memo(StorageLaneNodeImpl);

// The storage and custom-resource lanes below the node network, as plain data: which rows they
// show, what a pod's volume badge says, and where the lanes sit. Pure (tested without React).
// A storage row follows one claim through both phases of getting a volume to a pod:
//   PVC (Bound) -> PV -> attach: VolumeAttachment on the pod's node (attach/detach controller)
//               -> mount: the kubelet mounts it before the pod's sandbox starts.
// SIMPLIFICATION: "mounted" is read from the pod's sandbox having started (the kubelet starts it only
// once every volume is mounted: WaitForAttachAndMount); the engine keeps no per-volume mount state.

import type {
  CustomObjectView, ExtraView, ObjectRef, PersistentVolumeClaimView, PersistentVolumeView, PodView, VolumeAttachmentView,
} from '../../../worker/protocol';
import { assignSlots, type SlotMap } from '../layout/slots';

export const STORAGE_LANE_ID = 'storage-lane';
export const CUSTOM_LANE_ID = 'custom-lane';

export const LANE_GAP = 24;
export const LANE_TOP_GAP = 18;
export const LANE_HEADER_H = 48;
export const LANE_ROW_H = 46;
/** rows shown before the list scrolls */
export const LANE_MAX_ROWS = 6;
const LANE_FOOT_H = 10;

export type AttachState = 'attached' | 'attaching' | 'detaching' | 'failed';

export interface AttachmentRow {
  name: string;
  nodeName: string;
  state: AttachState;
  error?: string;
}

export interface ClaimMount {
  /** namespace/name */
  podKey: string;
  podName: string;
  nodeName?: string;
  mounted: boolean;
}

/** One row of the storage lane: a claim (or a volume no claim holds) through attach and mount. */
export interface StorageRow {
  id: string;
  claim?: PersistentVolumeClaimView;
  volume?: PersistentVolumeView;
  attachments: AttachmentRow[];
  mounts: ClaimMount[];
}

function attachState(va: VolumeAttachmentView): AttachState {
  if (va.deleting) return 'detaching';
  if (va.attached) return 'attached';
  return va.error ? 'failed' : 'attaching';
}

/** A pod's volumes are mounted once its sandbox started (see the header). */
export function isMounted(pod: PodView | undefined): boolean {
  return pod?.containers[0]?.type === 'sandbox' && pod.containers[0].state === 'running';
}

/**
 * The storage rows: every claim (sorted by namespace/name) with its volume, the volume's
 * attachments and the pods mounting it; then volumes no claim lists (Available, Released).
 * `pod(key)` looks a pod view up by namespace/name.
 */
export function storageRows(extras: Iterable<ExtraView>, pod: (key: string) => PodView | undefined): StorageRow[] {
  const claims: PersistentVolumeClaimView[] = [];
  const volumes = new Map<string, PersistentVolumeView>();
  const attachmentsByPv = new Map<string, VolumeAttachmentView[]>();
  for (const v of extras) {
    if (v.kind === 'PersistentVolumeClaim') claims.push(v);
    else if (v.kind === 'PersistentVolume') volumes.set(v.name, v);
    else if (v.kind === 'VolumeAttachment' && v.pvName) {
      const list = attachmentsByPv.get(v.pvName);
      if (list) list.push(v);
      else attachmentsByPv.set(v.pvName, [v]);
    }
  }
  claims.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const used = new Set<string>();
  const attachmentsOf = (pv: string | undefined): AttachmentRow[] =>
    (pv ? (attachmentsByPv.get(pv) ?? []) : [])
      .map((va) => ({ name: va.name, nodeName: va.nodeName, state: attachState(va), ...(va.error ? { error: va.error } : {}) }))
      .sort((a, b) => (a.nodeName < b.nodeName ? -1 : 1));
  const rows: StorageRow[] = claims.map((claim) => {
    const volume = claim.volumeName ? volumes.get(claim.volumeName) : undefined;
    if (volume) used.add(volume.name);
    return {
      id: `PersistentVolumeClaim:${claim.key}`,
      claim,
      ...(volume ? { volume } : {}),
      attachments: attachmentsOf(claim.volumeName),
      mounts: claim.pods.map((key) => {
        const p = pod(key);
        return { podKey: key, podName: key.slice(key.indexOf('/') + 1), ...(p?.nodeName ? { nodeName: p.nodeName } : {}), mounted: isMounted(p) };
      }),
    };
  });
  const loose = [...volumes.values()].filter((v) => !used.has(v.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const volume of loose) rows.push({ id: `PersistentVolume:${volume.name}`, volume, attachments: attachmentsOf(volume.name), mounts: [] });
  return rows;
}

/** Custom objects, sorted by kind, then namespace/name. */
export function customRows(extras: Iterable<ExtraView>): CustomObjectView[] {
  const out: CustomObjectView[] = [];
  for (const v of extras) if (v.kind === 'Custom') out.push(v);
  return out.sort((a, b) => (a.objectKind === b.objectKind ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.objectKind < b.objectKind ? -1 : 1));
}

/** What a pod card's volume badge says: its claims, each with phase, attach and mount. */
export interface PodVolumeInfo {
  claim: string;
  phase: string;
  attached?: boolean;
  mounted: boolean;
}

export function podVolumes(extras: ReadonlyMap<string, ExtraView>, pod: PodView): PodVolumeInfo[] {
  const out: PodVolumeInfo[] = [];
  for (const v of extras.values()) {
    if (v.kind !== 'PersistentVolumeClaim' || !v.pods.includes(pod.key)) continue;
    let attached: boolean | undefined;
    if (v.volumeName && pod.nodeName) {
      for (const a of extras.values()) {
        if (a.kind === 'VolumeAttachment' && a.pvName === v.volumeName && a.nodeName === pod.nodeName) attached = a.attached;
      }
    }
    out.push({ claim: v.name, phase: v.phase, ...(attached !== undefined ? { attached } : {}), mounted: isMounted(pod) });
  }
  return out.sort((a, b) => (a.claim < b.claim ? -1 : 1));
}

/** The object a row or chip opens in the inspector. */
export function refOfExtra(v: ExtraView): ObjectRef {
  switch (v.kind) {
    case 'PersistentVolumeClaim':
      return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: v.namespace, name: v.name };
    case 'PersistentVolume':
      return { apiVersion: 'v1', kind: 'PersistentVolume', name: v.name };
    case 'VolumeAttachment':
      return { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', name: v.name };
    case 'Custom':
      return { apiVersion: v.apiVersion, kind: v.objectKind, ...(v.namespace ? { namespace: v.namespace } : {}), name: v.name };
  }
}

/** "storage rows,custom rows": the only thing the lanes' layout depends on (a primitive, for selectors). */
export function laneSignature(extras: ReadonlyMap<string, ExtraView>): string {
  let claims = 0;
  let volumes = 0;
  let bound = 0;
  let custom = 0;
  for (const v of extras.values()) {
    if (v.kind === 'PersistentVolumeClaim') {
      claims++;
      if (v.volumeName && extras.has(`PersistentVolume:${v.volumeName}`)) bound++;
    } else if (v.kind === 'PersistentVolume') volumes++;
    else if (v.kind === 'Custom') custom++;
  }
  // Volumes a claim shows share its row.
  return `${claims + volumes - bound},${custom}`;
}

export function parseLaneSignature(sig: string): { storage: number; custom: number } {
  const [s, c] = sig.split(',').map(Number);
  return { storage: s || 0, custom: c || 0 };
}

export function laneHeight(rows: number): number {
  return LANE_HEADER_H + Math.min(rows, LANE_MAX_ROWS) * LANE_ROW_H + LANE_FOOT_H;
}

export interface LaneBox {
  id: string;
  type: 'storageLane' | 'customLane';
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The lanes below the node network, side by side, each half the canvas wide and drawn only while
 * it has rows. A lane keeps the side it first appeared on (slots), so the other one appearing or
 * going never moves it.
 */
export function placeLanes(rows: { storage: number; custom: number }, prev: SlotMap, top: number, width: number): { boxes: LaneBox[]; slots: SlotMap } {
  const present = [...(rows.storage > 0 ? [STORAGE_LANE_ID] : []), ...(rows.custom > 0 ? [CUSTOM_LANE_ID] : [])];
  const slots = assignSlots(prev, present);
  const laneW = Math.floor((width - LANE_GAP) / 2);
  const boxes: LaneBox[] = [];
  for (const [id, slot] of slots) {
    const n = id === STORAGE_LANE_ID ? rows.storage : rows.custom;
    boxes.push({ id, type: id === STORAGE_LANE_ID ? 'storageLane' : 'customLane', x: slot * (laneW + LANE_GAP), y: top + LANE_TOP_GAP, width: laneW, height: laneHeight(n) });
  }
  boxes.sort((a, b) => a.x - b.x);
  return { boxes, slots };
}

// Storage objects and custom resources -> the small views the canvas's storage and custom-resource
// lanes draw (protocol.ts ExtraView), and the established CRDs' kinds -> what the editor's schema
// needs (CustomKindInfo). Fed the same watch records as ViewTracker; pure, no timers.
// UPSTREAM: pkg/printers/internalversion/printers.go (PVC/PV/VolumeAttachment columns),
//           staging/src/k8s.io/apiextensions-apiserver (additionalPrinterColumns)
// SIMPLIFICATION: a printer column's jsonPath is read as a plain dotted path (`.spec.image`); others
// print empty.

import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1';
import type { VolumeAttachment } from 'kubernetes-types/storage/v1';
import { customResources, type CustomResourceInfo } from '../engine/api/discovery';
import { keyOf, type KubeObject } from '../engine/index';
import { apiVersionOf, RESOURCES } from '../engine/api/resources';
import type { CustomKindInfo, CustomObjectView, ExtraChange, ExtraView, PersistentVolumeClaimView, PersistentVolumeView, VolumeAttachmentView } from './protocol';
import { extraId } from './protocol';
import type { WatchChange } from './views';

const BUILTIN = new Set(RESOURCES.flatMap((r) => [`${apiVersionOf(r)} ${r.kind}`, ...(r.otherVersions ?? []).map((v) => `${r.group ? `${r.group}/${v}` : v} ${r.kind}`)]));

/** Whether an (apiVersion, kind) is not a built-in: only a CRD can have made such an object. */
export function isCustomKind(apiVersion: string | undefined, kind: string | undefined): boolean {
  return !!kind && !BUILTIN.has(`${apiVersion ?? ''} ${kind}`);
}

function controllerOwner(meta: KubeObject['metadata']) {
  const refs = meta?.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

/** The claim names a pod's volumes use. */
export function podClaims(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

export function pvcView(pvc: PersistentVolumeClaim, pods: readonly string[]): PersistentVolumeClaimView {
  const meta = pvc.metadata ?? {};
  const owner = controllerOwner(meta as KubeObject['metadata']);
  return {
    kind: 'PersistentVolumeClaim',
    key: keyOf(meta),
    namespace: meta.namespace ?? 'default',
    name: meta.name ?? '',
    phase: pvc.status?.phase ?? 'Pending',
    ...(pvc.spec?.volumeName ? { volumeName: pvc.spec.volumeName } : {}),
    capacity: String(pvc.status?.capacity?.storage ?? pvc.spec?.resources?.requests?.storage ?? ''),
    ...(pvc.spec?.storageClassName ? { storageClass: pvc.spec.storageClassName } : {}),
    ...(owner ? { owner } : {}),
    pods: [...pods].sort(),
    rv: meta.resourceVersion ?? '0',
  };
}

function pvSource(pv: PersistentVolume): string {
  const s = pv.spec ?? {};
  if (s.csi) return s.csi.driver;
  if (s.hostPath) return `hostPath ${s.hostPath.path}`;
  if (s.local) return `local ${s.local.path}`;
  if (s.nfs) return `nfs ${s.nfs.server}`;
  return '';
}

export function pvView(pv: PersistentVolume): PersistentVolumeView {
  const meta = pv.metadata ?? {};
  const ref = pv.spec?.claimRef;
  return {
    kind: 'PersistentVolume',
    key: meta.name ?? '',
    name: meta.name ?? '',
    phase: pv.status?.phase ?? 'Pending',
    capacity: String(pv.spec?.capacity?.storage ?? ''),
    ...(ref?.name ? { claim: `${ref.namespace ?? 'default'}/${ref.name}` } : {}),
    source: pvSource(pv),
    ...(pv.spec?.storageClassName ? { storageClass: pv.spec.storageClassName } : {}),
    rv: meta.resourceVersion ?? '0',
  };
}

export function volumeAttachmentView(va: VolumeAttachment): VolumeAttachmentView {
  const meta = va.metadata ?? {};
  const error = va.status?.attachError?.message ?? va.status?.detachError?.message;
  return {
    kind: 'VolumeAttachment',
    key: meta.name ?? '',
    name: meta.name ?? '',
    nodeName: va.spec?.nodeName ?? '',
    ...(va.spec?.source?.persistentVolumeName ? { pvName: va.spec.source.persistentVolumeName } : {}),
    attached: va.status?.attached ?? false,
    ...(error ? { error } : {}),
    deleting: Boolean(meta.deletionTimestamp),
    rv: meta.resourceVersion ?? '0',
  };
}

/** A dotted jsonPath's value as a column prints it ('' when absent or not a plain path). */
function columnValue(obj: unknown, jsonPath: string): string {
  if (!/^(\.[A-Za-z0-9_-]+)+$/.test(jsonPath)) return '';
  let cur: unknown = obj;
  for (const part of jsonPath.slice(1).split('.')) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** A custom object's short status: its Ready condition, else status.phase, else its printer columns. */
export function customStatus(obj: KubeObject, info: CustomResourceInfo | undefined): string {
  const status = (obj as { status?: { conditions?: Array<{ type: string; status: string; reason?: string }>; phase?: string } }).status;
  const ready = status?.conditions?.find((c) => c.type === 'Ready');
  if (ready) return ready.status === 'True' ? 'Ready' : (ready.reason ?? 'NotReady');
  if (status?.phase) return status.phase;
  const version = info?.crd.versions.find((v) => v.name === info.version);
  const cols = (version?.additionalPrinterColumns ?? []).filter((c) => (c.priority ?? 0) === 0 && c.type !== 'date');
  return cols
    .map((c) => [c.name, columnValue(obj, c.jsonPath)] as const)
    .filter(([, v]) => v !== '')
    .map(([n, v]) => `${n} ${v}`)
    .join(' · ');
}

type OwnedRef = CustomObjectView['owns'][number];

/**
 * Tracks PVCs, PVs, VolumeAttachments, custom objects and CRDs. Contract as ViewTracker's: every
 * record in rv order (a listAll replay as ADDED first).
 */
export class ExtraTracker {
  private readonly views = new Map<string, ExtraView>();
  private readonly pvcs = new Map<string, PersistentVolumeClaim>();
  /** claim key -> pod keys mounting it */
  private readonly podsByClaim = new Map<string, Set<string>>();
  private readonly claimsOfPod = new Map<string, string[]>();
  private readonly crds = new Map<string, KubeObject>();
  private served: CustomResourceInfo[] = [];
  private kindsJson = '[]';
  /** custom objects by uid -> their object (for owner lookups) */
  private readonly customByUid = new Map<string, KubeObject>();
  private readonly uidOfCustom = new Map<string, string>();
  /** owner uid -> owned object id -> its ref (only owners of custom kinds) */
  private readonly ownedBy = new Map<string, Map<string, OwnedRef>>();
  private readonly ownersOf = new Map<string, string[]>();

  allViews(): ExtraView[] {
    return [...this.views.values()];
  }

  /** The served custom kinds now, as the editor wants them. */
  customKinds(): CustomKindInfo[] {
    return this.served.map((r) => {
      const versions = r.crd.versions.filter((v) => v.served);
      versions.sort((a, b) => (a.name === r.version ? -1 : b.name === r.version ? 1 : 0));
      return {
        group: r.group,
        kind: r.kind,
        plural: r.resource,
        singular: r.singular,
        shortNames: [...r.shortNames],
        namespaced: r.namespaced,
        versions: versions.map((v) => ({ name: v.name, ...(v.schema?.openAPIV3Schema ? { schema: v.schema.openAPIV3Schema } : {}) })),
      };
    });
  }

  /** Handle one record; `kindsChanged` is set when the served custom kinds changed. */
  observe(rec: WatchChange): { changes: ExtraChange[]; kindsChanged: boolean } {
    const changes: ExtraChange[] = [];
    const deleted = rec.type === 'DELETED';
    const obj = rec.object;
    const key = keyOf(obj.metadata ?? {});
    let kindsChanged = false;
    this.trackOwners(obj, deleted, changes);
    switch (obj.kind) {
      case 'PersistentVolumeClaim':
        if (deleted) this.pvcs.delete(key);
        else this.pvcs.set(key, obj as unknown as PersistentVolumeClaim);
        this.refreshClaim(key, changes);
        break;
      case 'Pod':
        this.observePod(obj as unknown as Pod, key, deleted, changes);
        break;
      case 'PersistentVolume':
        if (deleted) this.remove(`PersistentVolume:${key}`, changes);
        else this.put(pvView(obj as unknown as PersistentVolume), changes);
        break;
      case 'VolumeAttachment':
        if (deleted) this.remove(`VolumeAttachment:${key}`, changes);
        else this.put(volumeAttachmentView(obj as unknown as VolumeAttachment), changes);
        break;
      case 'CustomResourceDefinition':
        if (deleted) this.crds.delete(key);
        else this.crds.set(key, obj);
        kindsChanged = this.refreshKinds(changes);
        break;
      default:
        if (isCustomKind(obj.apiVersion, obj.kind)) this.observeCustom(obj, key, deleted, changes);
    }
    return { changes, kindsChanged };
  }

  private put(view: ExtraView, changes: ExtraChange[]): void {
    const id = extraId(view);
    const old = this.views.get(id);
    if (old && JSON.stringify(old) === JSON.stringify(view)) return;
    this.views.set(id, view);
    changes.push({ type: 'upsert', view });
  }

  private remove(id: string, changes: ExtraChange[]): void {
    if (this.views.delete(id)) changes.push({ type: 'delete', id });
  }

  private observePod(pod: Pod, key: string, deleted: boolean, changes: ExtraChange[]): void {
    const before = this.claimsOfPod.get(key) ?? [];
    const ns = pod.metadata?.namespace ?? 'default';
    const after = deleted ? [] : podClaims(pod).map((c) => `${ns}/${c}`);
    if (before.join(',') === after.join(',')) return;
    for (const c of before) this.podsByClaim.get(c)?.delete(key);
    for (const c of after) {
      let set = this.podsByClaim.get(c);
      if (!set) this.podsByClaim.set(c, (set = new Set()));
      set.add(key);
    }
    if (after.length) this.claimsOfPod.set(key, after);
    else this.claimsOfPod.delete(key);
    for (const c of new Set([...before, ...after])) this.refreshClaim(c, changes);
  }

  private refreshClaim(key: string, changes: ExtraChange[]): void {
    const pvc = this.pvcs.get(key);
    if (!pvc) {
      this.remove(`PersistentVolumeClaim:${key}`, changes);
      return;
    }
    this.put(pvcView(pvc, [...(this.podsByClaim.get(key) ?? [])]), changes);
  }

  private refreshKinds(changes: ExtraChange[]): boolean {
    this.served = customResources([...this.crds.values()]).sort((a, b) => (a.group === b.group ? (a.kind < b.kind ? -1 : 1) : a.group < b.group ? -1 : 1));
    const json = JSON.stringify(this.customKinds());
    if (json === this.kindsJson) return false;
    this.kindsJson = json;
    // Status lines read the CRD's printer columns: re-derive every custom object's view.
    for (const obj of this.customByUid.values()) this.putCustom(obj, changes);
    return true;
  }

  private observeCustom(obj: KubeObject, key: string, deleted: boolean, changes: ExtraChange[]): void {
    const id = extraId({ kind: 'Custom', objectKind: obj.kind, key });
    const uid = obj.metadata?.uid ?? id;
    if (deleted) {
      this.customByUid.delete(uid);
      this.uidOfCustom.delete(id);
      this.remove(id, changes);
      return;
    }
    this.customByUid.set(uid, obj);
    this.uidOfCustom.set(id, uid);
    this.putCustom(obj, changes);
  }

  private putCustom(obj: KubeObject, changes: ExtraChange[]): void {
    const meta = obj.metadata ?? {};
    const info = this.served.find((r) => r.kind === obj.kind && obj.apiVersion?.startsWith(`${r.group}/`));
    const owned = [...(this.ownedBy.get(meta.uid ?? '')?.values() ?? [])].sort((a, b) => (`${a.kind}/${a.name}` < `${b.kind}/${b.name}` ? -1 : 1));
    this.put(
      {
        kind: 'Custom',
        objectKind: obj.kind,
        apiVersion: obj.apiVersion ?? '',
        key: keyOf(meta),
        ...(meta.namespace ? { namespace: meta.namespace } : {}),
        name: meta.name ?? '',
        owns: owned,
        status: customStatus(obj, info),
        rv: meta.resourceVersion ?? '0',
      },
      changes,
    );
  }

  /** Index ownerReferences that point at custom kinds, and refresh those owners' views. */
  private trackOwners(obj: KubeObject, deleted: boolean, changes: ExtraChange[]): void {
    if (obj.kind === 'Event') return;
    const meta = obj.metadata ?? {};
    const id = `${obj.kind}:${keyOf(meta)}`;
    const before = this.ownersOf.get(id) ?? [];
    const after = deleted ? [] : (meta.ownerReferences ?? []).filter((r) => isCustomKind(r.apiVersion, r.kind)).map((r) => r.uid);
    if (before.length === 0 && after.length === 0) return;
    if (!deleted && before.join(',') === after.join(',')) return;
    for (const uid of before) this.ownedBy.get(uid)?.delete(id);
    const ref: OwnedRef = { apiVersion: obj.apiVersion ?? '', kind: obj.kind, ...(meta.namespace ? { namespace: meta.namespace } : {}), name: meta.name ?? '' };
    for (const uid of after) {
      let m = this.ownedBy.get(uid);
      if (!m) this.ownedBy.set(uid, (m = new Map()));
      m.set(id, ref);
    }
    if (after.length) this.ownersOf.set(id, after);
    else this.ownersOf.delete(id);
    for (const uid of new Set([...before, ...after])) {
      const owner = this.customByUid.get(uid);
      if (owner) this.putCustom(owner, changes);
    }
  }
}

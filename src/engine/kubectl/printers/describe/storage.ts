// `kubectl describe pv|pvc|storageclass`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describePersistentVolume,
// describePersistentVolumeClaim, printPersistentVolumeClaim, describeStorageClass,
// printVolumeNodeAffinity, printHostPathVolumeSource, printLocalVolumeSource, printNFSVolumeSource,
// printCSIPersistentVolumeSource, describeCSINode)
// SIMPLIFICATION: volume sources other than hostPath, local, nfs and csi print only `Source:`.

import type { Event, Pod } from 'kubernetes-types/core/v1';
import { formatLabels } from '../../../api/labels';
import {
  accessModesAsString, getPersistentVolumeClaimClass, getPersistentVolumeClass, isDefaultStorageClass, storageQuantityString,
  type PersistentVolumeClaimObject, type PersistentVolumeObject, type StorageClassObject,
} from '../../../api/volume';
import { translateTimestampSince } from '../../duration';
import { describeEvents, formatRFC1123Z, goCompare, printAnnotationsMultiline, printLabelsMultiline } from './common';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, LEVEL_4, PrefixWriter } from './tabwriter';

function finalizersText(f: readonly string[] | undefined): string {
  return `[${(f ?? []).join(' ')}]`;
}

function statusLine(w: PrefixWriter, phase: string | undefined, deletionTimestamp: string | undefined, nowMs: number): void {
  if (deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${translateTimestampSince(deletionTimestamp, nowMs)})\n`);
  else w.write(LEVEL_0, `Status:\t${phase ?? ''}\n`);
}

/** printVolumeNodeAffinity: `Required Terms:` then `Term N:` with `key in [a, b]` expressions. */
function printVolumeNodeAffinity(w: PrefixWriter, pv: PersistentVolumeObject): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  const required = pv.spec?.nodeAffinity?.required;
  if (!required) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.write(LEVEL_0, '<none>\n');
    return;
  }
  w.write(LEVEL_0, '\n');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = term.matchExpressions ?? [];
    if (reqs.length === 0) {
      w.write(LEVEL_0, '<none>\n');
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      let expr = `${req.key} ${req.operator.toLowerCase()}`;
      if ((req.values ?? []).length > 0) expr += ` [${(req.values ?? []).join(', ')}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

function printSource(w: PrefixWriter, pv: PersistentVolumeObject): void {
  const s = pv.spec ?? {};
  if (s.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${s.hostPath.path}\n    HostPathType:\t${s.hostPath.type ?? '<none>'}\n`);
  } else if (s.local) {
    w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${s.local.path}\n`);
  } else if (s.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${s.nfs.server}\n    Path:\t${s.nfs.path}\n    ReadOnly:\t${s.nfs.readOnly === true}\n`);
  } else if (s.csi) {
    w.write(LEVEL_2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${s.csi.driver}\n    FSType:\t${s.csi.fsType ?? ''}\n    VolumeHandle:\t${s.csi.volumeHandle}\n    ReadOnly:\t${s.csi.readOnly === true}\n`);
    const attrs = s.csi.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort(goCompare);
    w.write(LEVEL_2, '    VolumeAttributes:\t');
    if (keys.length === 0) w.write(LEVEL_0, '<none>\n');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(LEVEL_2, '    \t');
      w.write(LEVEL_0, `${k}=${attrs[k]}\n`);
    });
  }
}

export function describePersistentVolume(pv: PersistentVolumeObject, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pv.metadata.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pv.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t${finalizersText(pv.metadata.finalizers)}\n`);
  w.write(LEVEL_0, `StorageClass:\t${getPersistentVolumeClass(pv)}\n`);
  statusLine(w, pv.status?.phase, pv.metadata.deletionTimestamp, nowMs);
  const ref = pv.spec?.claimRef;
  w.write(LEVEL_0, `Claim:\t${ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : ''}\n`);
  w.write(LEVEL_0, `Reclaim Policy:\t${pv.spec?.persistentVolumeReclaimPolicy ?? ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModesAsString(pv.spec?.accessModes)}\n`);
  if (pv.spec?.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pv.spec.volumeMode}\n`);
  w.write(LEVEL_0, `Capacity:\t${storageQuantityString(pv.spec?.capacity?.storage)}\n`);
  printVolumeNodeAffinity(w, pv);
  w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
  w.write(LEVEL_0, 'Source:\n');
  printSource(w, pv);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

/** `mountPods` are the pods of the namespace whose volumes name the claim (kubectl's "Used By"). */
export function describePersistentVolumeClaim(pvc: PersistentVolumeClaimObject, mountPods: readonly Pod[], events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${pvc.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `StorageClass:\t${getPersistentVolumeClaimClass(pvc)}\n`);
  statusLine(w, pvc.status?.phase, pvc.metadata.deletionTimestamp, nowMs);
  w.write(LEVEL_0, `Volume:\t${pvc.spec?.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  w.write(LEVEL_0, `Finalizers:\t${finalizersText(pvc.metadata.finalizers)}\n`);
  const bound = !!pvc.spec?.volumeName;
  w.write(LEVEL_0, `Capacity:\t${bound ? storageQuantityString(pvc.status?.capacity?.storage) : ''}\n`);
  w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesAsString(pvc.status?.accessModes) : ''}\n`);
  if (pvc.spec?.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  w.write(LEVEL_0, 'Used By:\t');
  const names = mountPods.map((p) => p.metadata?.name ?? '').sort(goCompare);
  if (names.length === 0) w.write(LEVEL_0, '<none>\n');
  names.forEach((n, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${n}\n`);
  });
  // A resize in progress shows here (Resizing, FileSystemResizePending).
  const conditions = pvc.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastProbeTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

function boolPtr(b: boolean | undefined): string {
  return b === undefined ? '<unset>' : b ? 'True' : 'False';
}

export function describeStorageClass(sc: StorageClassObject, events: readonly Event[] | undefined, nowMs: number): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${sc.metadata.name ?? ''}\n`);
  w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultStorageClass(sc) ? 'Yes' : 'No'}\n`);
  w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
  w.write(LEVEL_0, `Provisioner:\t${sc.provisioner ?? ''}\n`);
  w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
  w.write(LEVEL_0, `AllowVolumeExpansion:\t${boolPtr(sc.allowVolumeExpansion)}\n`);
  const options = sc.mountOptions ?? [];
  if (options.length === 0) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
  else {
    w.write(LEVEL_0, 'MountOptions:\n');
    for (const o of options) w.write(LEVEL_1, `${o}\n`);
  }
  if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  if (sc.allowedTopologies) {
    w.write(LEVEL_0, 'AllowedTopologies:\t');
    if (sc.allowedTopologies.length === 0) w.write(LEVEL_0, '<none>\n');
    else {
      w.write(LEVEL_0, '\n');
      sc.allowedTopologies.forEach((term, i) => {
        w.write(LEVEL_1, `Term ${i}:\t`);
        const exprs = term.matchLabelExpressions ?? [];
        if (exprs.length === 0) w.write(LEVEL_0, '<none>\n');
        exprs.forEach((e, j) => {
          if (j !== 0) w.write(LEVEL_1, '\t');
          w.write(LEVEL_0, `${e.key} in [${e.values.join(', ')}]\n`);
        });
      });
    }
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

interface CSINodeDriverView {
  name: string;
  nodeID: string;
  allocatable?: { count?: number };
  topologyKeys?: string[] | null;
}

/** `kubectl describe csinode`: each driver's node ID, volume limit and topology keys (describeCSINode). */
export function describeCSINode(
  csi: { metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string }; spec?: { drivers?: CSINodeDriverView[] | null } },
  events: readonly Event[] | undefined,
  nowMs: number,
): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${csi.metadata?.name ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', csi.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', csi.metadata?.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(csi.metadata?.creationTimestamp)}\n`);
  w.write(LEVEL_0, 'Spec:\n');
  const drivers = csi.spec?.drivers;
  if (drivers) {
    w.write(LEVEL_1, 'Drivers:\n');
    for (const d of drivers) {
      w.write(LEVEL_2, `${d.name}:\n`);
      w.write(LEVEL_3, `Node ID:\t${d.nodeID}\n`);
      if (d.allocatable?.count !== undefined) {
        w.write(LEVEL_3, 'Allocatables:\n');
        w.write(LEVEL_4, `Count:\t${d.allocatable.count}\n`);
      }
      // Go's %s of a []string: [a b]
      if (d.topologyKeys) w.write(LEVEL_3, `Topology Keys:\t[${d.topologyKeys.join(' ')}]\n`);
    }
  }
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

// Which table each kind prints as: the kubectl-visible part of printers.go AddHandlers, plus the
// server's default table (NAME, CREATED AT) for kinds without a printer. Kinds are keyed by name
// only: a kind the API server starts serving picks up its printer here without further wiring.
// UPSTREAM: pkg/printers/internalversion/printers.go (AddHandlers),
// staging/src/k8s.io/apiserver/pkg/registry/rest/table.go (defaultTableConvertor)

import type { KubeObject } from '../../api/meta';
import { controllerRevisionTable, daemonSetTable, deploymentTable, replicaSetTable, replicationControllerTable, statefulSetTable } from './apps';
import { horizontalPodAutoscalerTable } from './autoscaling';
import { cronJobTable, jobTable } from './batch';
import { leaseTable } from './coordination';
import { configMapTable, endpointsTable, namespaceTable, secretTable, serviceAccountTable } from './core';
import { endpointSliceTable } from './endpointslice';
import { eventTable } from './event';
import { nodeTable } from './node';
import { networkPolicyTable } from './networkpolicy';
import { podTable } from './pod';
import { ingressClassTable, ingressTable } from './ingress';
import { podDisruptionBudgetTable } from './policy';
import { priorityClassTable } from './scheduling';
import { limitRangeTable, resourceQuotaTable } from './quota';
import { serviceTable } from './service';
import { csiDriverTable, csiNodeTable, persistentVolumeClaimTable, volumeAttachmentTable, persistentVolumeTable, storageClassTable } from './storage';
import { roleBindingTable } from './rbac';
import type { TableHandler } from './table';

/** The API server's table for kinds it has no printer for (Roles, CRDs): the creation time as RFC 3339. */
export const defaultTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Created At' }],
  row(obj: KubeObject): string[] {
    return [obj.metadata.name ?? '', obj.metadata.creationTimestamp ?? '<unknown>'];
  },
};

const handlers: Readonly<Record<string, TableHandler>> = {
  Pod: podTable,
  Node: nodeTable,
  Namespace: namespaceTable,
  Service: serviceTable,
  Event: eventTable,
  Deployment: deploymentTable,
  ReplicaSet: replicaSetTable,
  ReplicationController: replicationControllerTable,
  EndpointSlice: endpointSliceTable,
  StatefulSet: statefulSetTable,
  ControllerRevision: controllerRevisionTable,
  DaemonSet: daemonSetTable,
  Job: jobTable,
  CronJob: cronJobTable,
  ConfigMap: configMapTable,
  Secret: secretTable,
  ServiceAccount: serviceAccountTable,
  Endpoints: endpointsTable,
  HorizontalPodAutoscaler: horizontalPodAutoscalerTable,
  Lease: leaseTable,
  PriorityClass: priorityClassTable,
  PodDisruptionBudget: podDisruptionBudgetTable,
  PersistentVolume: persistentVolumeTable,
  PersistentVolumeClaim: persistentVolumeClaimTable,
  StorageClass: storageClassTable,
  CSINode: csiNodeTable,
  CSIDriver: csiDriverTable,
  VolumeAttachment: volumeAttachmentTable,
  LimitRange: limitRangeTable,
  ResourceQuota: resourceQuotaTable,
  NetworkPolicy: networkPolicyTable,
  Ingress: ingressTable,
  IngressClass: ingressClassTable,
  RoleBinding: roleBindingTable,
  ClusterRoleBinding: roleBindingTable,
};

/** The table handler for a kind, falling back to the server's default table. */
export function tableHandlerFor(kind: string): TableHandler {
  return handlers[kind] ?? defaultTable;
}

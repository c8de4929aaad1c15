// Which describer prints which kind, and the related objects each one needs from the cluster.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describerMap, DescriberFor)

import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { ConfigMap, Endpoints, Event, Namespace, Node, Pod, Secret, Service, ServiceAccount, ReplicationController } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KubeObject } from '../../../api/meta';
import { resourceForKind } from '../../../api/resources';
import { ApiStatusError } from '../../../apiserver/status-error';
import type { KubectlContext } from '../../kubectl';
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeReplicationController } from './apps';
import { describeHorizontalPodAutoscaler } from './autoscaling';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import { describeCronJob, describeJob } from './batch';
import { eventsFor, goCompare } from './common';
import { describeConfigMap, describeSecret, describeServiceAccount } from './config';
import { describeGeneric } from './generic';
import { describeIngress, describeIngressClass } from './ingress';
import { describeNetworkPolicy } from './networkpolicy';
import { describeNode, type NodeLease } from './node';
import { describePod } from './pod';
import { describeStatefulSet } from './statefulset';
import { describePodDisruptionBudget } from './policy';
import { describePriorityClass } from './scheduling';
import { describeRole, describeRoleBinding } from './rbac';
import type { ClusterRoleObject, RoleBindingObject } from '../../../api/rbac';
import { describeLimitRange, describeResourceQuota } from './quota';
import { describeEndpoints, describeEndpointSlice, describeNamespace, describeService } from './service';
import { describeCSINode, describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './storage';
import type { PersistentVolumeClaimObject, PersistentVolumeObject, StorageClassObject } from '../../../api/volume';

/** Everything `kubectl describe` prints for one object; `showEvents` false is `--show-events=false`. */
export function describeObject(ctx: KubectlContext, obj: KubeObject, showEvents = true): string {
  const nowMs = ctx.nowMs();
  const ns = obj.metadata.namespace;
  const list = <T>(kind: string, namespace?: string) => {
    const r = resourceForKind(kind);
    return (r ? ctx.list(r, namespace) : []) as unknown as T[];
  };
  const byKey = <T extends { metadata?: { namespace?: string; name?: string } }>(items: T[]) =>
    [...items].sort((a, b) => goCompare(`${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`, `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`));
  // Cluster-scoped objects' events may live in any namespace (the kubelet records node events in default).
  // describe.go ignores searchEvents' error: events the user may not list (RBAC) just leave the section out.
  const events = (): Event[] | undefined => {
    if (!showEvents) return undefined;
    try {
      return eventsFor(obj, list<KubeObject>('Event', ns));
    } catch (e) {
      if (e instanceof ApiStatusError) return undefined;
      throw e;
    }
  };
  const o = obj as unknown;
  switch (obj.kind) {
    case 'Pod':
      return describePod(o as Pod, events(), nowMs);
    case 'Node': {
      const pods = byKey(list<Pod>('Pod')).filter(
        (p) => p.spec?.nodeName === obj.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
      );
      // NodeDescriber reads the node's heartbeat Lease from kube-node-lease; a failed read prints its error.
      const name = obj.metadata.name ?? '';
      let lease: NodeLease;
      try {
        const r = resourceForKind('Lease');
        const found = r ? ctx.get(r, 'kube-node-lease', name) : undefined;
        lease = found ? (found as unknown as NodeLease & object) : { error: `leases.coordination.k8s.io "${name}" not found` };
      } catch (e) {
        if (!(e instanceof ApiStatusError)) throw e;
        lease = { error: e.message };
      }
      return describeNode(o as Node, pods, events(), nowMs, lease);
    }
    case 'Deployment':
      return describeDeployment(o as Deployment, byKey(list<ReplicaSet>('ReplicaSet', ns)), events(), nowMs);
    case 'ReplicaSet':
      return describeReplicaSet(o as ReplicaSet, list<Pod>('Pod', ns), events(), nowMs);
    case 'ReplicationController':
      return describeReplicationController(o as ReplicationController, list<Pod>('Pod', ns), events(), nowMs);
    case 'DaemonSet':
      return describeDaemonSet(o as DaemonSet, list<Pod>('Pod', ns), events(), nowMs);
    case 'StatefulSet':
      return describeStatefulSet(o as StatefulSet, list<Pod>('Pod', ns), events(), nowMs);
    case 'Job':
      return describeJob(o as Job, events(), nowMs);
    case 'CronJob':
      return describeCronJob(o as CronJob, events(), nowMs);
    case 'ConfigMap':
      return describeConfigMap(o as ConfigMap, events(), nowMs);
    case 'Secret':
      return describeSecret(o as Secret);
    case 'ServiceAccount':
      return describeServiceAccount(o as ServiceAccount, byKey(list<Secret>('Secret', ns)), events(), nowMs);
    case 'Service': {
      const slices = byKey(list<EndpointSlice>('EndpointSlice', ns)).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === obj.metadata.name);
      return describeService(o as Service, slices, events(), nowMs);
    }
    case 'Endpoints':
      return describeEndpoints(o as Endpoints, events(), nowMs);
    case 'EndpointSlice':
      return describeEndpointSlice(o as EndpointSlice, events(), nowMs);
    case 'Namespace':
      return describeNamespace(o as Namespace, list<KubeObject>('ResourceQuota', obj.metadata.name), list<KubeObject>('LimitRange', obj.metadata.name));
    case 'ResourceQuota':
      return describeResourceQuota(obj);
    case 'LimitRange':
      return describeLimitRange(obj);
    case 'PriorityClass':
      return describePriorityClass(o as PriorityClass, events(), nowMs);
    case 'PodDisruptionBudget':
      return describePodDisruptionBudget(o as PodDisruptionBudget, events(), nowMs);
    case 'PersistentVolume':
      return describePersistentVolume(o as PersistentVolumeObject, events(), nowMs);
    case 'PersistentVolumeClaim': {
      const users = list<Pod>('Pod', ns).filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === obj.metadata.name));
      return describePersistentVolumeClaim(o as PersistentVolumeClaimObject, users, events(), nowMs);
    }
    case 'StorageClass':
      return describeStorageClass(o as StorageClassObject, events(), nowMs);
    case 'CSINode':
      return describeCSINode(o as Parameters<typeof describeCSINode>[0], events(), nowMs);
    case 'NetworkPolicy':
      return describeNetworkPolicy(o as NetworkPolicy);
    case 'Ingress': {
      const lookup = {
        service: (n: string, name: string) => list<Service>('Service', n).find((s) => s.metadata?.name === name),
        endpointSlices: (n: string, svc: string) => byKey(list<EndpointSlice>('EndpointSlice', n)).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === svc),
      };
      return describeIngress(o as Ingress, lookup, events(), nowMs);
    }
    case 'HorizontalPodAutoscaler':
      return describeHorizontalPodAutoscaler(o as HorizontalPodAutoscaler, events(), nowMs);
    case 'Role':
    case 'ClusterRole':
      return describeRole(o as ClusterRoleObject);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return describeRoleBinding(o as RoleBindingObject);
    case 'IngressClass':
      return describeIngressClass(o as IngressClass, events(), nowMs);
    default:
      return describeGeneric(obj, events(), nowMs);
  }
}

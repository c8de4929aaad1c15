// Defaulting as the API server applies it on create/update, so `-o yaml` shows what a real cluster shows.
// UPSTREAM: pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go,
//           plugin/pkg/admission/{serviceaccount,defaulttolerationseconds}
// SIMPLIFICATION: the defaults of the kinds in this slice only; DefaultTolerationSeconds runs as a
// plain function here (ServiceAccount, Priority, LimitRanger and ResourceQuota run in ../admission).

import type { KubeObject } from '../../api/meta';
import { defaultEndpoints } from './endpoints';
import { defaultHorizontalPodAutoscaler } from './horizontalpodautoscaler';
import { defaultNetworkPolicy } from './networkpolicy';
import { defaultPriorityClass } from './priorityclass';
import { defaultRoleBinding } from './rbac';
import { defaultSecret } from './secret';
import { defaultPersistentVolume, defaultPersistentVolumeClaim, defaultStorageClass } from './storage';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The image's tag decides imagePullPolicy: `latest` or no tag -> Always, otherwise IfNotPresent. */
export function defaultPullPolicy(image: string | undefined): string {
  if (!image) return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const tag = colon < 0 ? '' : image.slice(colon + 1);
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Json): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

/** SetDefaults_PodSpec: applies to Pods and to every pod template. */
export function defaultPodSpec(spec: Json): void {
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.restartPolicy ??= 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
}

/** SetDefaults_Pod plus the admission plugins that mutate every new Pod. */
export function defaultPod(pod: Json): void {
  pod.spec ??= {};
  const spec = pod.spec;
  defaultPodSpec(spec);
  spec.enableServiceLinks ??= true;
  // Containers that set limits but not requests get requests copied from limits, per resource.
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(limits)) c.resources.requests[k] ??= v;
  }
  // ServiceAccount admission (spec.serviceAccountName, the kube-api-access volume): ../admission/serviceaccount.ts.
  // Priority admission (spec.priority, spec.preemptionPolicy) runs after defaulting: ../admission/priority.ts.
  // DefaultTolerationSeconds admission: tolerate not-ready/unreachable for 300s unless already tolerated.
  const tolerations: Json[] = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
    );
    if (!covered) tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 });
  }
}

export function defaultDeployment(d: Json): void {
  d.spec ??= {};
  d.spec.replicas ??= 1;
  d.spec.revisionHistoryLimit ??= 10;
  d.spec.progressDeadlineSeconds ??= 600;
  d.spec.strategy ??= {};
  d.spec.strategy.type ??= 'RollingUpdate';
  if (d.spec.strategy.type === 'RollingUpdate') {
    d.spec.strategy.rollingUpdate ??= {};
    d.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
    d.spec.strategy.rollingUpdate.maxSurge ??= '25%';
  }
  if (d.spec.template?.spec) defaultPodSpec(d.spec.template.spec);
}

export function defaultReplicaSet(rs: Json): void {
  rs.spec ??= {};
  rs.spec.replicas ??= 1;
  if (rs.spec.template?.spec) defaultPodSpec(rs.spec.template.spec);
}

/**
 * SetDefaults_ReplicationController: the selector and the object's labels default to the template's
 * labels (when the template has any), replicas to 1.
 */
export function defaultReplicationController(rc: Json): void {
  rc.spec ??= {};
  const templateLabels = rc.spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(templateLabels).length > 0) {
    if (!rc.spec.selector || Object.keys(rc.spec.selector).length === 0) rc.spec.selector = { ...templateLabels };
    rc.metadata ??= {};
    if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...templateLabels };
  }
  rc.spec.replicas ??= 1;
  if (rc.spec.template?.spec) defaultPodSpec(rc.spec.template.spec);
}

/** SetDefaults_DaemonSet: RollingUpdate with maxUnavailable 1 and maxSurge 0 (ints), revisionHistoryLimit 10. */
export function defaultDaemonSet(ds: Json): void {
  ds.spec ??= {};
  ds.spec.updateStrategy ??= {};
  ds.spec.updateStrategy.type ??= 'RollingUpdate';
  if (ds.spec.updateStrategy.type === 'RollingUpdate') {
    ds.spec.updateStrategy.rollingUpdate ??= {};
    ds.spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    ds.spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  ds.spec.revisionHistoryLimit ??= 10;
  if (ds.spec.template?.spec) defaultPodSpec(ds.spec.template.spec);
}

/**
 * SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0, replicas 1,
 * revisionHistoryLimit 10, PVC retention Retain/Retain; claim templates get PVC defaults.
 */
export function defaultStatefulSet(sts: Json): void {
  sts.spec ??= {};
  const spec = sts.spec;
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.updateStrategy ??= {};
  spec.updateStrategy.type ??= 'RollingUpdate';
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate ??= {};
    spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  spec.persistentVolumeClaimRetentionPolicy ??= {};
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  for (const t of spec.volumeClaimTemplates ?? []) {
    t.apiVersion ??= 'v1';
    t.kind ??= 'PersistentVolumeClaim';
    t.spec ??= {};
    t.spec.volumeMode ??= 'Filesystem';
    t.status ??= { phase: 'Pending' };
  }
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
}

/** SetDefaults_Job (batch/v1). */
export function defaultJob(job: Json): void {
  job.spec ??= {};
  const spec = job.spec;
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const c of rule.onPodConditions ?? []) c.status ??= 'True';
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(job.metadata?.labels ?? {}).length === 0) job.metadata.labels = { ...templateLabels };
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
}

/** SetDefaults_CronJob: the Job template gets pod-template defaults only. */
export function defaultCronJob(cj: Json): void {
  cj.spec ??= {};
  cj.spec.concurrencyPolicy ??= 'Allow';
  cj.spec.suspend ??= false;
  cj.spec.successfulJobsHistoryLimit ??= 3;
  cj.spec.failedJobsHistoryLimit ??= 1;
  const podSpec = cj.spec.jobTemplate?.spec?.template?.spec;
  if (podSpec) defaultPodSpec(podSpec);
}

export function defaultService(svc: Json): void {
  svc.spec ??= {};
  const spec = svc.spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.type !== 'ExternalName') {
    spec.internalTrafficPolicy ??= 'Cluster';
    for (const p of spec.ports ?? []) {
      p.protocol ??= 'TCP';
      if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
    }
  }
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

export function defaultNamespace(ns: Json): void {
  ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  ns.spec ??= { finalizers: ['kubernetes'] };
}

export function defaultNode(node: Json): void {
  node.status ??= {};
  if (node.status.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
}

const DEFAULTERS: Record<string, (o: Json) => void> = {
  pods: defaultPod,
  deployments: defaultDeployment,
  replicasets: defaultReplicaSet,
  replicationcontrollers: defaultReplicationController,
  daemonsets: defaultDaemonSet,
  statefulsets: defaultStatefulSet,
  jobs: defaultJob,
  cronjobs: defaultCronJob,
  services: defaultService,
  endpoints: defaultEndpoints,
  namespaces: defaultNamespace,
  nodes: defaultNode,
  secrets: defaultSecret,
  priorityclasses: defaultPriorityClass,
  persistentvolumes: defaultPersistentVolume,
  persistentvolumeclaims: defaultPersistentVolumeClaim,
  storageclasses: defaultStorageClass,
  networkpolicies: defaultNetworkPolicy,
  horizontalpodautoscalers: defaultHorizontalPodAutoscaler,
  rolebindings: defaultRoleBinding,
  clusterrolebindings: defaultRoleBinding,
};

/** Apply the defaults of `resource` to a mutable copy of the object (in place). */
export function applyDefaults(resource: string, obj: KubeObject): void {
  DEFAULTERS[resource]?.(obj as Json);
}

// The DaemonSet controller: one pod on every node that should run it, placed by the default
// scheduler through node affinity to that node; rolling updates replace pods node by node.
// UPSTREAM: pkg/controller/daemon/daemon_controller.go, update.go
// SIMPLIFICATION: no ControllerRevision objects (the revision hash is computed from the template,
// history is not kept, so no rollback); no maxSurge > 0 rolling updates (treated as maxSurge 0); no
// failed-pod backoff; pods bound to a deleted node are deleted here (PodGC's job upstream, not modelled).

import type { DaemonSetStatus } from 'kubernetes-types/apps/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { labelSelectorAsSelector } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject } from '../controller-utils';
import {
  addControllerUIDIndexer, byCreationTimestamp, claimObjects, computeHash, ControllerExpectations,
  getControllerOf, isPodAvailable, isPodReady, newControllerRef, ownedAndOrphans, podKey,
  resolveControllerRef, selectingControllers, semanticEqual, wallClock,
} from '../controller-utils';
import { getScaledValueFromIntOrPercent } from '../deployment/util';
import { slowStartBatch, SLOW_START_INITIAL_BATCH_SIZE, BURST_REPLICAS } from '../replicaset/replica-set';
import type { DaemonSetObject, NodeObject } from './util';
import {
  createPodTemplate, getTargetNodeName, getTemplateGeneration, isPodUpdated, nodeShouldRunDaemonPod,
  replaceDaemonSetPodNodeNameNodeAffinity,
} from './util';

export const DAEMONSET_KIND = { apiVersion: 'apps/v1', kind: 'DaemonSet' };
const POD_RESOURCE = resourceForKind('Pod')!;

export class DaemonSetsController implements Controller {
  readonly name = 'daemonset-controller';
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;
  private dsInformer!: Informer<DaemonSetObject>;
  private podInformer!: Informer<PodObject>;
  private nodeInformer!: Informer<NodeObject>;
  private readonly wallNow: () => number;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const state = ctx.state as { expectations?: JsonValue } | undefined;
    this.expectations = new ControllerExpectations(ctx.now, state?.expectations);
    this.wallNow = wallClock(ctx);
  }

  start(informers: SharedInformerFactory): void {
    this.dsInformer = informers.informerFor<DaemonSetObject>('daemonsets');
    this.podInformer = informers.informerFor<PodObject>('pods');
    this.nodeInformer = informers.informerFor<NodeObject>('nodes');
    addControllerUIDIndexer(this.podInformer);
    this.dsInformer.addEventHandler({
      add: (ds) => this.enqueue(ds),
      update: (_old, cur) => this.enqueue(cur),
      delete: (ds) => {
        this.expectations.deleteExpectations(keyOf(ds.metadata));
        this.enqueue(ds);
      },
    });
    this.podInformer.addEventHandler({
      add: (pod) => this.addPod(pod),
      update: (old, cur) => this.updatePod(old, cur),
      delete: (pod) => this.deletePod(pod),
    });
    this.nodeInformer.addEventHandler({
      add: (node) => {
        for (const ds of this.dsInformer.list()) if (nodeShouldRunDaemonPod(node, ds).shouldRun) this.enqueue(ds);
      },
      update: (old, cur) => this.updateNode(old, cur),
      delete: () => {
        for (const ds of this.dsInformer.list()) this.enqueue(ds);
      },
    });
  }

  save(): JsonValue {
    return { expectations: this.expectations.save() };
  }

  sync(key: ObjectKey): SyncResult {
    return this.syncDaemonSet(key);
  }

  // ---- event handlers: they only observe expectations and enqueue keys ----------------------

  private enqueue(ds: DaemonSetObject): void {
    this.queue.add(keyOf(ds.metadata));
  }

  private resolveControllerRef(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): DaemonSetObject | undefined {
    return resolveControllerRef(this.dsInformer, 'DaemonSet', namespace, ref);
  }

  /** getDaemonSetsForPod: the DaemonSets whose (non-empty) selector matches an orphan's labels. */
  private daemonSetsForPod(pod: PodObject): DaemonSetObject[] {
    return selectingControllers(this.dsInformer, pod);
  }

  private addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const ds = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (!ds) return;
      const key = keyOf(ds.metadata);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    for (const ds of this.daemonSetsForPod(pod)) this.enqueue(ds);
  }

  private updatePod(old: PodObject, cur: PodObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !semanticEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const ds = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (ds) this.enqueue(ds);
    }
    if (curRef) {
      const ds = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (!ds) return;
      this.enqueue(ds);
      const minReady = ds.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReady > 0) this.queue.addAfter(keyOf(ds.metadata), minReady * 1000 + 1000);
      return;
    }
    const labelChanged = !semanticEqual(old.metadata.labels, cur.metadata.labels);
    if (labelChanged || refChanged) for (const ds of this.daemonSetsForPod(cur)) this.enqueue(ds);
  }

  private deletePod(pod: PodObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const ds = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (!ds) return;
    const key = keyOf(ds.metadata);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  /** updateNode: heartbeats are ignored; a DaemonSet is synced when the node's verdict for it changed. */
  private updateNode(old: NodeObject, cur: NodeObject): void {
    if (shouldIgnoreNodeUpdate(old, cur)) return;
    for (const ds of this.dsInformer.list()) {
      const a = nodeShouldRunDaemonPod(old, ds);
      const b = nodeShouldRunDaemonPod(cur, ds);
      if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning) this.enqueue(ds);
    }
  }

  // ---- sync ------------------------------------------------------------------------------

  syncDaemonSet(key: ObjectKey): SyncResult {
    const ds = this.dsInformer.get(key);
    if (!ds) {
      this.expectations.deleteExpectations(key);
      return DONE;
    }
    const selector = labelSelectorAsSelector(ds.spec?.selector);
    if (selector.error) return DONE;
    if (selector.isEverything()) {
      this.ctx.recorder.event(ds, 'Warning', 'SelectingAll', 'This daemon set is selecting all pods. A non-empty selector is required.');
      return DONE;
    }
    if (ds.metadata.deletionTimestamp) return DONE;
    const nodes = [...this.nodeInformer.list()].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    const hash = computeHash(ds.spec?.template, ds.status?.collisionCount);

    const claimed = this.getNodesToDaemonPods(ds);
    if (!claimed.ok) return { kind: 'retry', reason: claimed.error };
    let err: string | undefined;
    let updateObservedGen = false;
    if (this.expectations.satisfiedExpectations(key)) {
      err = this.manage(ds, nodes, claimed.byNode, hash, key);
      if (err === undefined && this.expectations.satisfiedExpectations(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        err = this.rollingUpdate(ds, nodes, claimed.byNode, hash, key);
      }
      updateObservedGen = true;
    }
    // The status counts pods as the informer shows them; the next sync (on the write events) corrects it.
    const status = this.calculateStatus(ds, nodes, claimed.byNode, hash);
    const w = this.updateStatus(ds, status, updateObservedGen);
    if (!w.ok) return { kind: 'retry', reason: w.message };
    if (err !== undefined) return { kind: 'retry', reason: err };
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.numberAvailable !== status.desiredNumberScheduled) return { kind: 'requeueAfter', delayMs: minReady * 1000 };
    return DONE;
  }

  /**
   * getNodesToDaemonPods: claim the DaemonSet's pods (adopt matching orphans, release mismatches)
   * and group them by target node, oldest first; terminal pods being deleted are left out.
   */
  private getNodesToDaemonPods(ds: DaemonSetObject): { ok: true; byNode: Map<string, PodObject[]> } | { ok: false; error: string } {
    const selector = labelSelectorAsSelector(ds.spec?.selector);
    const candidates = ownedAndOrphans(this.podInformer, ds);
    const claim = claimObjects(candidates, { client: this.ctx.client, controller: ds, controllerKind: DAEMONSET_KIND, selector, resource: POD_RESOURCE });
    if (claim.errors.length > 0) return { ok: false, error: claim.errors[0] };
    const byNode = new Map<string, PodObject[]>();
    for (const pod of claim.claimed as PodObject[]) {
      const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      if (terminal && pod.metadata.deletionTimestamp) continue;
      const node = getTargetNodeName(pod);
      if (node === undefined) continue;
      const list = byNode.get(node) ?? [];
      list.push(pod);
      byNode.set(node, list);
    }
    for (const list of byNode.values()) list.sort(byCreationTimestamp);
    return { ok: true, byNode };
  }

  /** manage: create the missing daemon pods and delete the ones that must go (podsShouldBeOnNode per node). */
  private manage(ds: DaemonSetObject, nodes: NodeObject[], byNode: Map<string, PodObject[]>, hash: string, key: ObjectKey): string | undefined {
    const nodesNeeding: string[] = [];
    const toDelete: PodObject[] = [];
    for (const node of nodes) {
      const r = podsShouldBeOnNode(node, byNode.get(node.metadata.name ?? '') ?? [], ds);
      if (r.create) nodesNeeding.push(node.metadata.name ?? '');
      for (const p of r.remove) {
        if (p.status?.phase === 'Failed') {
          this.ctx.recorder.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`);
        }
        toDelete.push(p);
      }
    }
    const known = new Set(nodes.map((n) => n.metadata.name ?? ''));
    for (const [nodeName, pods] of byNode) {
      if (known.has(nodeName)) continue;
      for (const p of pods) if (!p.metadata.deletionTimestamp) toDelete.push(p);
    }
    return this.syncNodes(ds, toDelete, nodesNeeding, hash, key);
  }

  /**
   * rollingUpdate with maxSurge 0: delete old pods on up to maxUnavailable nodes (an old pod that is
   * not available anyway is always replaced); manage() then creates the new pod on each such node.
   */
  private rollingUpdate(ds: DaemonSetObject, nodes: NodeObject[], byNode: Map<string, PodObject[]>, hash: string, key: ObjectKey): string | undefined {
    const generation = getTemplateGeneration(ds);
    const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
    let maxUnavailable = getScaledValueFromIntOrPercent(ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1, desired, true);
    if (maxUnavailable === 0) maxUnavailable = 1;
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.wallNow();
    let numUnavailable = 0;
    const allowedReplacement: PodObject[] = [];
    const candidates: PodObject[] = [];
    for (const nodeName of [...byNode.keys()].sort()) {
      const found = findUpdatedPodsOnNode(byNode.get(nodeName) ?? [], hash, generation);
      if (!found) {
        numUnavailable++;
        continue;
      }
      const { newPod, oldPod } = found;
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!isPodAvailable(newPod, minReady, now)) numUnavailable++;
      } else if (oldPod) {
        if (!isPodAvailable(oldPod, minReady, now)) allowedReplacement.push(oldPod);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    const toDelete = [...allowedReplacement, ...candidates.slice(0, remaining)];
    if (toDelete.length === 0) return undefined;
    return this.syncNodes(ds, toDelete, [], hash, key);
  }

  /** syncNodes: raise the expectations, then create pods (slow start) and delete pods. */
  private syncNodes(ds: DaemonSetObject, toDelete: PodObject[], nodesNeeding: string[], hash: string, key: ObjectKey): string | undefined {
    const creates = nodesNeeding.slice(0, BURST_REPLICAS);
    const deletes = toDelete.slice(0, BURST_REPLICAS);
    // SetExpectations(creates, deletes): deletions are tracked by pod key, then the adds are raised.
    this.expectations.expectDeletions(key, deletes.map(podKey));
    if (creates.length > 0) this.expectations.lowerExpectations(key, -creates.length);
    let firstErr: string | undefined;
    if (creates.length > 0) {
      const generation = getTemplateGeneration(ds);
      const template = createPodTemplate(ds.spec?.template, generation, hash);
      const ref = newControllerRef(ds, DAEMONSET_KIND);
      let i = 0;
      const { successes, error } = slowStartBatch(creates.length, SLOW_START_INITIAL_BATCH_SIZE, () => this.createPod(ds, template, creates[i++], ref));
      if (successes < creates.length) this.expectations.lowerExpectations(key, creates.length - successes);
      firstErr = error;
    }
    for (const pod of deletes) {
      const err = this.deletePodOf(ds, pod);
      if (err !== undefined) {
        this.expectations.deletionObserved(key, podKey(pod));
        if (err !== 'NotFound') firstErr ??= err;
      }
    }
    return firstErr;
  }

  private createPod(ds: DaemonSetObject, template: ReturnType<typeof createPodTemplate>, nodeName: string, ref: ReturnType<typeof newControllerRef>): string | undefined {
    const spec = { ...template.spec!, affinity: replaceDaemonSetPodNodeNameNodeAffinity(template.spec?.affinity, nodeName) };
    const meta: KubeObject['metadata'] = { generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, ownerReferences: [ref] };
    if (template.metadata?.labels) meta.labels = template.metadata.labels;
    if (template.metadata?.annotations) meta.annotations = template.metadata.annotations;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec } as PodObject;
    const r = this.ctx.client.create(pod);
    if (!r.ok) {
      this.ctx.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${r.object.metadata.name}`);
    return undefined;
  }

  private deletePodOf(ds: DaemonSetObject, pod: PodObject): string | undefined {
    const name = pod.metadata.name ?? '';
    const r = this.ctx.client.delete(POD_RESOURCE, pod.metadata.namespace, name);
    if (!r.ok) {
      if (r.status.reason === 'NotFound') return 'NotFound';
      this.ctx.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${r.status.message}`);
      return r.status.message;
    }
    this.ctx.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    return undefined;
  }

  /** updateDaemonSetStatus's counts, node by node. */
  private calculateStatus(ds: DaemonSetObject, nodes: NodeObject[], byNode: Map<string, PodObject[]>, hash: string): DaemonSetStatus {
    const generation = getTemplateGeneration(ds);
    const minReady = ds.spec?.minReadySeconds ?? 0;
    const now = this.wallNow();
    let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
    for (const node of nodes) {
      const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
      const pods = byNode.get(node.metadata.name ?? '') ?? [];
      if (shouldRun) {
        desired++;
        if (pods.length === 0) continue;
        current++;
        const pod = pods[0];
        if (isPodReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) available++;
        }
        if (isPodUpdated(pod, hash, generation)) updated++;
      } else if (pods.length > 0) {
        misscheduled++;
      }
    }
    // JSON as the API prints it: the first four always, the rest only when non-zero (omitempty).
    const status: DaemonSetStatus = { currentNumberScheduled: current, desiredNumberScheduled: desired, numberMisscheduled: misscheduled, numberReady: ready };
    if (updated) status.updatedNumberScheduled = updated;
    if (available) status.numberAvailable = available;
    if (desired - available) status.numberUnavailable = desired - available;
    if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
    if (ds.status?.conditions?.length) status.conditions = ds.status.conditions;
    return status;
  }

  private updateStatus(ds: DaemonSetObject, status: DaemonSetStatus, updateObservedGen: boolean): { ok: true } | { ok: false; message: string } {
    const next: DaemonSetStatus = { ...status };
    const observed = updateObservedGen ? ds.metadata.generation : ds.status?.observedGeneration;
    if (observed) next.observedGeneration = observed;
    if (semanticEqual(ds.status, next)) return { ok: true };
    let r = this.ctx.client.updateStatus<KubeObject>({ ...ds, status: next });
    if (!r.ok && r.status.reason === 'Conflict') {
      const fresh = this.ctx.client.get(resourceForKind('DaemonSet')!, ds.metadata.namespace, ds.metadata.name ?? '');
      if (!fresh || fresh.metadata.uid !== ds.metadata.uid) return { ok: true };
      r = this.ctx.client.updateStatus<KubeObject>({ ...fresh, status: next });
    }
    if (!r.ok) return r.status.reason === 'NotFound' ? { ok: true } : { ok: false, message: r.status.message };
    return { ok: true };
  }
}

/**
 * podsShouldBeOnNode: create a pod when the node should run one and has none (a terminating pod
 * still counts, so its replacement waits for it to go); delete failed/succeeded pods and all but
 * the oldest running pod; delete every pod when the node may no longer keep them.
 */
export function podsShouldBeOnNode(node: NodeObject, pods: PodObject[], ds: DaemonSetObject): { create: boolean; remove: PodObject[] } {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const exists = pods.length > 0;
  const remove: PodObject[] = [];
  if (shouldRun && !exists) return { create: true, remove };
  if (shouldContinueRunning) {
    const running: PodObject[] = [];
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') remove.push(pod);
      else running.push(pod);
    }
    // `pods` are oldest first: keep the oldest.
    remove.push(...running.slice(1));
    return { create: false, remove };
  }
  if (exists) for (const pod of pods) if (!pod.metadata.deletionTimestamp) remove.push(pod);
  return { create: false, remove };
}

/** findUpdatedPodsOnNode: at most one new and one old live pod, else undefined (manage() cleans up). */
function findUpdatedPodsOnNode(pods: PodObject[], hash: string, generation: number | undefined): { newPod?: PodObject; oldPod?: PodObject } | undefined {
  let newPod: PodObject | undefined;
  let oldPod: PodObject | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

/** shouldIgnoreNodeUpdate: only the heartbeat (resourceVersion, condition times) changed. */
function shouldIgnoreNodeUpdate(old: NodeObject, cur: NodeObject): boolean {
  const strip = (n: NodeObject) => ({
    ...n,
    metadata: { ...n.metadata, resourceVersion: undefined, managedFields: undefined },
    status: { ...(n.status ?? {}), conditions: (n.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status })) },
  });
  return semanticEqual(strip(old), strip(cur));
}

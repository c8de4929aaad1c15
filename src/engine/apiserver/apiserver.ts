// kube-apiserver in front of the store: defaulting, admission, validation, system fields,
// optimistic concurrency, status subresources, graceful deletion, the pods/binding and pods/eviction
// subresources.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (Create/Update/Delete),
//           pkg/registry/core/pod/storage/storage.go (BindingREST), pkg/registry/core/pod/strategy.go
// SIMPLIFICATION: no authentication/authorization; admission is NamespaceLifecycle, the defaulting
// plugins, LimitRanger, ServiceAccount, Priority, the storage plugins and ResourceQuota (admission/chain.ts);
// every update is a full replace; PATCH (merge, strategic, json) is applied here, then stored as an update.

import type { KubeObject, ObjectKey } from '../api/meta';
import { keyOf } from '../api/meta';
import type { ResourceInfo } from '../api/resources';
import { RESOURCES, resourceForKind, apiVersionOf } from '../api/resources';
import { bytes, cpuMillis } from '../api/quantity';
import type { ApiStatus, DeletionPropagation } from '../api/meta';
import { deletionFinalizersForGarbageCollection } from './registry/garbage-collection';
import type { RngStreams } from '../sim/rng';
import { randomSuffix, uuid } from '../sim/rng';
import { alreadyExists, badRequest, conflict, internalError, notFound } from './errors';
import { ClusterIPAllocator } from './ipallocator';
import { NodePortAllocator } from './portallocator';
import { applyDefaults } from './registry/defaults';
import { FINALIZER_KUBERNETES, isNamespaceFinished, isTerminating, markTerminating, namespaceImmortal, namespaceTerminating, IMMORTAL_NAMESPACES } from './registry/namespace';
import type { Store, WriteVerb } from './store';
import { structuredCopy } from './store';
import { validateBasics } from './registry/validate-basics';
import { prepareJobForCreate } from './registry/job';
import { convertHorizontalPodAutoscalerToStorage } from './registry/horizontalpodautoscaler';
import { invalid, invalidStatus } from './validation/field-errors';
import { admitAndValidate, type AdmissionContext } from './admission/chain';
import type { PriorityClassObject } from './registry/priorityclass';
import { validatePriorityClassDelete } from './registry/priorityclass';
import { evictPod, type EvictionOptions, type EvictionResult } from './registry/eviction';
import type { PersistentVolumeObject, StorageClassObject } from '../api/volume';
import type { LimitRangeObject } from './admission/limitranger';
import type { ResourceQuotaObject } from '../quota/v1/evaluator/core/evaluators';
import { applyJsonPatch, decodeJsonPatch, type JsonPatchOperation } from './patch/jsonpatch';
import { strategicMergePatch } from './patch/strategicpatch';
import { preparePersistentVolumeClaimForCreate, preparePersistentVolumeForCreate, preparePersistentVolumeStatusUpdate } from './registry/storage';
import { customVersion, isCustomResource, resourceForApiVersionKindIn, resourceForKindIn, servedResources, storageResourceOf, type CustomResourceInfo } from '../api/discovery';
import { customResourceDefinitionStatus, defaultCustomResourceDefinition, validateCustomResourceDefinition } from './registry/customresourcedefinition/strategy';
import { applySchemaDefaults, pruneUnknownFields, validateAgainstSchema } from './registry/customresource/schema';

/** The PATCH Content-Types: application/merge-patch+json, strategic-merge-patch+json, json-patch+json. */
export type PatchType = 'merge' | 'strategic' | 'json';

export type Result<T = KubeObject> = { ok: true; object: T } | { ok: false; status: ApiStatus };

export type Validator = (obj: KubeObject, resource: ResourceInfo, old?: KubeObject) => ApiStatus | undefined;

export interface DeleteOptions {
  /** seconds; undefined = the object's own (pods: terminationGracePeriodSeconds) */
  gracePeriodSeconds?: number;
  /**
   * Background: delete now, the garbage collector removes dependents afterwards; Foreground: add the
   * foregroundDeletion finalizer (the object stays until its blocking dependents are gone); Orphan:
   * add the orphan finalizer. Undefined: the finalizers already there, else the kind's default.
   */
  propagationPolicy?: DeletionPropagation;
  /** deprecated: true = Orphan, false = Background */
  orphanDependents?: boolean;
}

export interface ApiServerConfig {
  serviceCIDR: string;
  /** wall-clock-looking epoch of simulated time 0, for timestamps */
  epochMs: number;
}

/** Kinds whose spec changes bump metadata.generation (their strategies set it). */
const GENERATION_RESOURCES = new Set(['deployments', 'replicasets', 'replicationcontrollers', 'pods', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs', 'poddisruptionbudgets', 'priorityclasses', 'ingresses', 'networkpolicies']);
/** Kinds with a status subresource: a main-resource update keeps the old status, and vice versa. */
const STATUS_SUBRESOURCE = new Set(['pods', 'deployments', 'replicasets', 'replicationcontrollers', 'services', 'nodes', 'namespaces', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs', 'poddisruptionbudgets', 'persistentvolumes', 'persistentvolumeclaims', 'resourcequotas', 'ingresses', 'horizontalpodautoscalers', 'volumeattachments']);

export class ApiServer {
  private readonly serviceIPs: ClusterIPAllocator;
  private readonly nodePorts = new NodePortAllocator();
  private discovery?: { key: string; list: readonly ResourceInfo[] };
  private readonly validators: Array<{ validate: Validator; appliesTo: (writer: string) => boolean }> = [
    { validate: validateBasics, appliesTo: () => true },
  ];
  /** What admission plugins read (upstream: their informers' listers). */
  private readonly admission: AdmissionContext = {
    priorityClasses: {
      list: () => this.store.list('priorityclasses') as PriorityClassObject[],
      get: (name) => this.store.get('priorityclasses', name) as PriorityClassObject | undefined,
    },
    storageClasses: {
      list: () => this.store.list('storageclasses') as StorageClassObject[],
      get: (name) => this.store.get('storageclasses', name) as StorageClassObject | undefined,
    },
    persistentVolume: (name) => this.store.get('persistentvolumes', name) as PersistentVolumeObject | undefined,
    ingressClasses: { list: () => this.store.list('ingressclasses') },
    serviceAccounts: {
      serviceAccount: (namespace, name) => this.store.get('serviceaccounts', `${namespace}/${name}`),
      // Its own stream, so that adding the volume's name shifts no generateName or uid.
      randomSuffix: () => randomSuffix(this.rngs.stream('apiserver/serviceaccount-volumes')),
    },
    limitRanges: (namespace) => this.store.list('limitranges', namespace) as LimitRangeObject[],
    resourceQuotas: {
      list: (namespace) => this.store.list('resourcequotas', namespace) as ResourceQuotaObject[],
      updateStatus: (quota) => {
        const r = this.updateStatus(quota, 'kube-apiserver');
        return r.ok ? undefined : r.status.message;
      },
    },
  };

  constructor(
    private readonly store: Store,
    private readonly rngs: RngStreams,
    private readonly now: () => number,
    readonly config: ApiServerConfig,
  ) {
    this.serviceIPs = new ClusterIPAllocator(config.serviceCIDR);
    for (const svc of store.list('services')) {
      for (const ip of ((svc.spec as { clusterIPs?: string[] })?.clusterIPs ?? [])) this.serviceIPs.allocate(ip);
      for (const p of ((svc.spec as { ports?: Array<{ nodePort?: number }> })?.ports ?? [])) if (p.nodePort) this.nodePorts.allocate(p.nodePort);
      const hc = (svc.spec as { healthCheckNodePort?: number }).healthCheckNodePort;
      if (hc) this.nodePorts.allocate(hc);
    }
  }

  /**
   * Install a validator (schema decoding, field types, semantic rules). `appliesTo` limits it to some
   * writers: full validation runs on what people send; components' own writes are trusted.
   * SIMPLIFICATION: upstream validates every write; here component writes skip the schema pass.
   */
  addValidator(validate: Validator, appliesTo: (writer: string) => boolean = () => true): void {
    this.validators.push({ validate, appliesTo });
  }

  timestamp(ms = this.now()): string {
    return new Date(this.config.epochMs + Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  /** metav1.MicroTime (RFC 3339 with microseconds), e.g. a Lease's renewTime. */
  microTime(ms = this.now()): string {
    return new Date(this.config.epochMs + Math.floor(ms)).toISOString().replace(/Z$/, '000Z');
  }

  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(storageResourceOf(resource), keyOf({ namespace: resource.namespaced ? namespace : undefined, name }));
  }

  list(resource: ResourceInfo, namespace?: string): KubeObject[] {
    return this.store.list(storageResourceOf(resource), resource.namespaced ? namespace : undefined);
  }

  /**
   * Discovery: the built-in kinds plus the custom kinds of established CRDs, recomputed when a CRD
   * changes (cached on the CRDs' resourceVersions).
   */
  resources(): readonly ResourceInfo[] {
    const crds = this.store.list('customresourcedefinitions');
    const key = crds.map((c) => c.metadata.resourceVersion).join(',');
    if (this.discovery?.key !== key) this.discovery = { key, list: servedResources(crds) };
    return this.discovery.list;
  }

  /** The served resource of an apiVersion and kind (built-in or custom); the kind alone when apiVersion is empty. */
  resourceFor(apiVersion: string | undefined, kind: string): ResourceInfo | undefined {
    const list = this.resources();
    return apiVersion ? resourceForApiVersionKindIn(list, apiVersion, kind) : resourceForKindIn(list, kind);
  }

  create(input: KubeObject, writer: string): Result {
    const resource = (input.apiVersion ? this.resourceFor(input.apiVersion, input.kind) : undefined) ?? resourceForKind(input.kind);
    if (!resource) return { ok: false, status: badRequest(`no kind "${input.kind}" is registered`) };
    const obj = convertHorizontalPodAutoscalerToStorage(structuredCopy(input) as KubeObject);
    obj.apiVersion = apiVersionOf(resource);
    obj.metadata ??= {};
    const meta = obj.metadata;
    if (resource.namespaced) meta.namespace ??= 'default';
    else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix(this.rngs.stream('apiserver/names'));

    // Decoding and validation see what the client sent; defaulting must not run on a body that
    // failed to decode (a string where a list belongs would break it).
    // SIMPLIFICATION: upstream validates after defaulting and admission; the rules checked here do
    // not depend on defaulted fields.
    for (const v of this.validators) {
      const err = v.appliesTo(writer) ? v.validate(obj, resource) : undefined;
      if (err) return { ok: false, status: err };
    }
    if (isCustomResource(resource)) {
      const err = this.prepareCustomResource(resource, obj, input.apiVersion);
      if (err) return { ok: false, status: err };
      // customResourceStrategy.PrepareForCreate: with a status subresource, status is not set on create.
      if (customVersion(resource)?.subresources?.status) delete (obj as { status?: unknown }).status;
      meta.generation = 1;
    } else if (resource.resource === 'customresourcedefinitions') {
      defaultCustomResourceDefinition(obj);
      const err = validateCustomResourceDefinition(resource, obj);
      if (err) return { ok: false, status: err };
    }
    applyDefaults(resource.resource, obj);
    if (resource.namespaced) {
      // NamespaceLifecycle admission: the namespace must exist and must not be terminating.
      const ns = this.store.get('namespaces', meta.namespace!);
      if (!ns) return { ok: false, status: notFound(RESOURCES.find((r) => r.resource === 'namespaces')!, meta.namespace!) };
      if (isTerminating(ns)) return { ok: false, status: namespaceTerminating(resource, input.metadata?.name || input.metadata?.generateName || '', meta.namespace!) };
    }
    const denied = admitAndValidate(this.admission, resource, obj, undefined, input.metadata?.name || input.metadata?.generateName || '');
    if (denied) return { ok: false, status: denied };
    const key = keyOf(meta);
    if (this.store.get(storageResourceOf(resource), key)) return { ok: false, status: alreadyExists(resource, meta.name!) };

    // rest.FillObjectMetaSystemFields, then strategy.PrepareForCreate.
    // Endpoints (written beside every Service's EndpointSlices) draw from their own stream, so that
    // serving them shifts no other object's uid.
    meta.uid = uuid(this.rngs.stream(resource.resource === 'endpoints' ? 'apiserver/uids/endpoints' : 'apiserver/uids'));
    meta.creationTimestamp = this.timestamp();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (GENERATION_RESOURCES.has(resource.resource)) meta.generation = 1;
    const prepared = this.prepareForCreate(resource, obj);
    if (!prepared.ok) return prepared;
    if (resource.resource === 'customresourcedefinitions') {
      prepared.object.status = customResourceDefinitionStatus(prepared.object, this.store.list('customresourcedefinitions'), this.timestamp());
    }
    return { ok: true, object: this.store.put(storageResourceOf(resource), prepared.object, writer, 'create') };
  }

  /** Replace the main resource (spec, metadata). The status of kinds with a status subresource is kept. */
  update(input: KubeObject, writer: string, verb: WriteVerb = 'update'): Result {
    return this.doUpdate(input, writer, verb, false);
  }

  /**
   * PATCH: the patch applied to the live object and stored as an update (with its checks). `type`
   * is the Content-Type's patch kind: 'merge' (RFC 7386: maps merge recursively, `null` deletes,
   * lists and scalars replace), 'strategic' (lists with a patchMergeKey merge by it, see
   * kubectl/strategicpatch.ts) or 'json' (RFC 6902 operations, see kubectl/jsonpatch.ts).
   * A resourceVersion in the patched metadata is a precondition; otherwise the current one applies.
   */
  patch(resource: ResourceInfo, namespace: string | undefined, name: string, patch: unknown, writer: string, type: PatchType = 'merge'): Result {
    const cur = this.get(resource, namespace, name);
    if (!cur) return { ok: false, status: notFound(resource, name) };
    let merged: KubeObject;
    if (type === 'json') {
      const decodeError = decodeJsonPatch(patch);
      if (decodeError) return { ok: false, status: badRequest(decodeError) };
      const r = applyJsonPatch(cur, patch as JsonPatchOperation[]);
      // patch.go jsonPatcher: errors.NewGenericServerResponse(422, ...) keeps only its generic text.
      if (!r.ok) return { ok: false, status: unprocessableJsonPatch(r.error) };
      if (r.doc === null || typeof r.doc !== 'object' || Array.isArray(r.doc)) return { ok: false, status: badRequest('json: cannot unmarshal into Go value of type map[string]interface {}') };
      merged = r.doc as KubeObject;
    } else {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        return { ok: false, status: badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`) };
      }
      if (type === 'strategic') {
        const r = strategicMergePatch(cur as unknown as Record<string, unknown>, patch as Record<string, unknown>, cur.kind);
        // SIMPLIFICATION: upstream answers a bad strategic patch with a bare 500 ("Error from server: ...").
        if (!r.ok) return { ok: false, status: badRequest(r.error) };
        merged = r.doc as unknown as KubeObject;
      } else {
        merged = mergePatch(structuredCopy(cur), patch) as KubeObject;
      }
    }
    const wanted = merged.metadata?.resourceVersion;
    merged.metadata = { ...merged.metadata, resourceVersion: wanted ?? cur.metadata.resourceVersion };
    return this.doUpdate(merged, writer, 'patch', false);
  }

  /** The status subresource: only status changes are taken. */
  updateStatus(input: KubeObject, writer: string): Result {
    return this.doUpdate(input, writer, 'update', true);
  }

  /**
   * Delete. Pods bound to a node are deleted gracefully: the API server sets deletionTimestamp and the
   * kubelet removes the object once its containers stopped (it deletes again with grace 0).
   * Objects with finalizers are only marked; the last finalizer's removal deletes them.
   */
  delete(resource: ResourceInfo, namespace: string | undefined, name: string, writer: string, opts: DeleteOptions = {}): Result {
    const key = keyOf({ namespace: resource.namespaced ? namespace : undefined, name });
    const cur = this.store.get(storageResourceOf(resource), key);
    if (!cur) return { ok: false, status: notFound(resource, name) };
    if (resource.resource === 'namespaces') return this.deleteNamespace(resource, cur, writer);
    if (resource.resource === 'customresourcedefinitions') this.deleteCustomResources(cur);
    if (resource.resource === 'priorityclasses') {
      const denied = validatePriorityClassDelete(resource, name);
      if (denied) return { ok: false, status: denied };
    }
    // The GC finalizers the options ask for (orphan / foregroundDeletion), set with the deletion mark.
    const gc = deletionFinalizersForGarbageCollection(resource, cur, opts);
    const finalizers = gc.finalizers;
    const withFinalizers = gc.changed ? { finalizers } : {};
    if (resource.resource === 'pods') {
      const spec = cur.spec as { nodeName?: string; terminationGracePeriodSeconds?: number };
      const phase = (cur.status as { phase?: string } | undefined)?.phase;
      const grace = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
      const terminal = phase === 'Succeeded' || phase === 'Failed';
      if (spec.nodeName && !terminal && grace > 0) {
        // Pending graceful deletion: the finalizers cannot change through DeleteOptions any more.
        if (cur.metadata.deletionTimestamp) return { ok: true, object: cur };
        const marked = this.withMeta(cur, {
          deletionTimestamp: this.timestamp(this.now() + grace * 1000),
          deletionGracePeriodSeconds: grace,
          ...withFinalizers,
        });
        return { ok: true, object: this.store.put('pods', marked, writer, 'delete') };
      }
      // The kubelet's final delete (grace 0) of a pod a finalizer still holds: record the zero grace,
      // so that removing the last finalizer deletes the pod (see doUpdate).
      if (finalizers.length > 0 && cur.metadata.deletionTimestamp && cur.metadata.deletionGracePeriodSeconds !== 0) {
        return { ok: true, object: this.store.put('pods', this.withMeta(cur, { deletionGracePeriodSeconds: 0 }), writer, 'delete') };
      }
    }
    if (finalizers.length > 0) {
      if (cur.metadata.deletionTimestamp && !gc.changed) return { ok: true, object: cur };
      // markAsDeleting: the first mark bumps generation (for kinds that have one).
      const generation = !cur.metadata.deletionTimestamp && (cur.metadata.generation ?? 0) > 0 ? { generation: (cur.metadata.generation ?? 0) + 1 } : {};
      const marked = this.withMeta(cur, {
        deletionTimestamp: cur.metadata.deletionTimestamp ?? this.timestamp(),
        deletionGracePeriodSeconds: 0,
        ...generation,
        ...withFinalizers,
      });
      return { ok: true, object: this.store.put(storageResourceOf(resource), marked, writer, 'delete') };
    }
    return { ok: true, object: this.remove(resource, key, writer)! };
  }

  /**
   * The namespace REST's Delete: the first request marks the namespace (deletionTimestamp, phase
   * Terminating) and the namespace controller empties it; once its finalizers are gone a further
   * DELETE (or the finalize that removes the last one) removes it.
   */
  private deleteNamespace(resource: ResourceInfo, cur: KubeObject, writer: string): Result {
    const name = cur.metadata.name ?? '';
    if (IMMORTAL_NAMESPACES.includes(name)) return { ok: false, status: namespaceImmortal(resource, name) };
    if (!cur.metadata.deletionTimestamp) {
      return { ok: true, object: this.store.put('namespaces', markTerminating(cur, this.timestamp()), writer, 'delete') };
    }
    if (!isNamespaceFinished(cur)) return { ok: true, object: cur };
    return { ok: true, object: this.remove(resource, name, writer)! };
  }

  /**
   * PUT namespaces/<name>/finalize: replace spec.finalizers (only this subresource may change them).
   * Removing the last one from a terminating namespace deletes it.
   */
  finalizeNamespace(name: string, finalizers: string[], writer: string): Result {
    const resource = resourceForKind('Namespace')!;
    const cur = this.store.get('namespaces', name);
    if (!cur) return { ok: false, status: notFound(resource, name) };
    const next = { ...structuredCopy(cur), spec: { ...(cur.spec as object | undefined), finalizers: [...finalizers] } } as KubeObject;
    if (isNamespaceFinished(next)) return { ok: true, object: this.remove(resource, name, writer)! };
    if (JSON.stringify(next) === JSON.stringify(cur)) return { ok: true, object: cur };
    return { ok: true, object: this.store.put('namespaces', next, writer, 'update') };
  }

  /** POST pods/<name>/binding: set spec.nodeName once, and PodScheduled=True. */
  bind(namespace: string, podName: string, nodeName: string, writer: string): Result {
    const pods = resourceForKind('Pod')!;
    const cur = this.store.get('pods', `${namespace}/${podName}`);
    if (!cur) return { ok: false, status: notFound(pods, podName) };
    const spec = cur.spec as { nodeName?: string };
    if (cur.metadata.deletionTimestamp) {
      return { ok: false, status: conflict({ ...pods, resource: 'pods/binding' }, podName, `pod ${podName} is being deleted, cannot be assigned to a host`) };
    }
    if (spec.nodeName) {
      return { ok: false, status: conflict({ ...pods, resource: 'pods/binding' }, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`) };
    }
    const next = structuredCopy(cur) as KubeObject & { spec: { nodeName?: string }; status: { conditions?: Array<Record<string, unknown>> } };
    next.spec.nodeName = nodeName;
    next.status ??= {};
    const conditions = (next.status.conditions ??= []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.timestamp() });
    next.status.conditions = conditions;
    return { ok: true, object: this.store.put('pods', next, writer, 'create') };
  }

  /**
   * POST pods/<name>/eviction: delete the pod unless its PodDisruptionBudget forbids it (see
   * registry/eviction.ts). The pod's writes carry `writer`; the PDB's status is the API server's own.
   */
  evict(namespace: string, podName: string, writer: string, opts: EvictionOptions = {}): EvictionResult {
    const pods = resourceForKind('Pod')!;
    const pdbs = resourceForKind('PodDisruptionBudget')!;
    return evictPod({
      pods,
      pdbs,
      getPod: (ns, name) => this.store.get('pods', `${ns}/${name}`),
      listPDBs: (ns) => this.store.list('poddisruptionbudgets', ns),
      updatePDBStatus: (pdb) => {
        const r = this.updateStatus(pdb, 'kube-apiserver');
        return r.ok ? { ok: true } : r;
      },
      addConditionAndDeletePod: (pod, condition, gracePeriodSeconds) => {
        const live = structuredCopy(pod) as KubeObject & { status?: { conditions?: Array<Record<string, unknown>> } };
        const conditions = (live.status?.conditions ?? []).filter((c) => c.type !== condition.type);
        conditions.push({ ...condition, lastProbeTime: null, lastTransitionTime: this.timestamp() });
        live.status = { ...live.status, conditions };
        const u = this.updateStatus(live, writer);
        if (!u.ok) return u;
        const d = this.delete(pods, namespace, podName, writer, gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds });
        return d.ok ? { ok: true } : d;
      },
      timestamp: () => this.timestamp(),
    }, namespace, podName, opts);
  }

  private doUpdate(input: KubeObject, writer: string, verb: WriteVerb, statusOnly: boolean): Result {
    const resource = (input.apiVersion ? this.resourceFor(input.apiVersion, input.kind) : undefined) ?? resourceForKind(input.kind);
    if (!resource) return { ok: false, status: badRequest(`no kind "${input.kind}" is registered`) };
    const ns = resource.namespaced ? (input.metadata.namespace ?? 'default') : undefined;
    const key = keyOf({ namespace: ns, name: input.metadata.name });
    const cur = this.store.get(storageResourceOf(resource), key);
    if (!cur) return { ok: false, status: notFound(resource, input.metadata.name ?? '') };
    const rv = input.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== cur.metadata.resourceVersion) {
      return { ok: false, status: conflict(resource, input.metadata.name ?? '') };
    }
    let next: KubeObject;
    if (statusOnly) {
      next = { ...structuredCopy(cur), status: structuredCopy(input.status) } as KubeObject;
      if (resource.resource === 'persistentvolumes') preparePersistentVolumeStatusUpdate(cur, next, this.timestamp());
    } else {
      next = convertHorizontalPodAutoscalerToStorage(structuredCopy(input) as KubeObject);
      next.apiVersion = apiVersionOf(resource);
      for (const v of this.validators) {
        const err = v.appliesTo(writer) ? v.validate(next, resource, cur) : undefined;
        if (err) return { ok: false, status: err };
      }
      if (isCustomResource(resource)) {
        const err = this.prepareCustomResource(resource, next, input.apiVersion);
        if (err) return { ok: false, status: err };
      } else if (resource.resource === 'customresourcedefinitions') {
        defaultCustomResourceDefinition(next);
        const err = validateCustomResourceDefinition(resource, next);
        if (err) return { ok: false, status: err };
      }
      applyDefaults(resource.resource, next);
      // Immutable system fields come from the stored object.
      next.metadata = {
        ...next.metadata,
        name: cur.metadata.name,
        namespace: cur.metadata.namespace,
        uid: cur.metadata.uid,
        creationTimestamp: cur.metadata.creationTimestamp,
        deletionTimestamp: cur.metadata.deletionTimestamp,
        deletionGracePeriodSeconds: cur.metadata.deletionGracePeriodSeconds,
        generation: cur.metadata.generation,
      };
      if (next.metadata.deletionTimestamp === undefined) delete next.metadata.deletionTimestamp;
      if (next.metadata.deletionGracePeriodSeconds === undefined) delete next.metadata.deletionGracePeriodSeconds;
      if (next.metadata.generation === undefined) delete next.metadata.generation;
      if (STATUS_SUBRESOURCE.has(resource.resource) && cur.status !== undefined) next.status = structuredCopy(cur.status);
      if (resource.resource === 'services') this.keepServiceAllocations(cur, next);
      // namespaceStrategy.PrepareForUpdate: spec.finalizers change only through the finalize subresource.
      if (resource.resource === 'namespaces') next.spec = { ...(next.spec as object | undefined), finalizers: (cur.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [FINALIZER_KUBERNETES] };
      if (GENERATION_RESOURCES.has(resource.resource) && JSON.stringify(cur.spec) !== JSON.stringify(next.spec)) {
        next.metadata.generation = (cur.metadata.generation ?? 0) + 1;
      }
      if (resource.resource === 'daemonsets') keepDaemonSetTemplateGeneration(cur, next);
      if (isCustomResource(resource)) keepCustomResourceStatus(resource, cur, next);
      if (resource.resource === 'customresourcedefinitions') {
        next.status = customResourceDefinitionStatus(next, this.store.list('customresourcedefinitions'), this.timestamp());
      }
      const denied = admitAndValidate(this.admission, resource, next, cur, cur.metadata.name ?? '');
      if (denied) return { ok: false, status: denied };
    }
    // Removing the last finalizer of an object marked for deletion completes the deletion; a pod
    // also needs its grace period over (deletionGracePeriodSeconds 0: the kubelet stopped it).
    const graceOver = resource.resource !== 'pods' || next.metadata.deletionGracePeriodSeconds === 0;
    // A namespace also needs its spec finalizers gone (ShouldDeleteNamespaceDuringUpdate).
    const nsFinished = resource.resource !== 'namespaces' || isNamespaceFinished(next);
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && graceOver && nsFinished) {
      return { ok: true, object: this.remove(resource, key, writer)! };
    }
    if (JSON.stringify(next) === JSON.stringify(cur)) return { ok: true, object: cur }; // no-op: no new revision
    return { ok: true, object: this.store.put(storageResourceOf(resource), next, writer, verb) };
  }

  /**
   * Default, prune and validate a custom resource against the schema of the version it was sent
   * in, then store it at the storage version (conversion strategy None: only apiVersion changes).
   */
  private prepareCustomResource(resource: CustomResourceInfo, obj: KubeObject, sentApiVersion: string | undefined): ApiStatus | undefined {
    const sentVersion = sentApiVersion?.includes('/') ? sentApiVersion.slice(sentApiVersion.indexOf('/') + 1) : resource.version;
    const schema = customVersion(resource, sentVersion)?.schema?.openAPIV3Schema;
    if (!schema) return undefined;
    applySchemaDefaults(obj, schema);
    pruneUnknownFields(obj, schema);
    const errs = validateAgainstSchema(obj, schema);
    return errs.length ? invalidStatus(resource, obj.metadata.name ?? '', errs) : undefined;
  }

  /** The CRD's finalizer (customresourcecleanup): its custom resources go with it. */
  private deleteCustomResources(crd: KubeObject): void {
    const r = servedResources([crd]).find((x): x is CustomResourceInfo => isCustomResource(x));
    if (!r) return;
    const bucket = storageResourceOf(r);
    for (const o of this.store.list(bucket)) this.store.remove(bucket, keyOf(o.metadata), 'apiextensions-apiserver');
  }

  private remove(resource: ResourceInfo, key: ObjectKey, writer: string): KubeObject | undefined {
    const gone = this.store.remove(storageResourceOf(resource), key, writer);
    if (gone && resource.resource === 'services') {
      for (const ip of ((gone.spec as { clusterIPs?: string[] })?.clusterIPs ?? [])) this.serviceIPs.release(ip);
      for (const p of ((gone.spec as { ports?: Array<{ nodePort?: number }> })?.ports ?? [])) if (p.nodePort) this.nodePorts.release(p.nodePort);
      const hc = (gone.spec as { healthCheckNodePort?: number }).healthCheckNodePort;
      if (hc) this.nodePorts.release(hc);
    }
    return gone;
  }

  private withMeta(obj: KubeObject, patch: Record<string, unknown>): KubeObject {
    return { ...obj, metadata: { ...obj.metadata, ...patch } } as KubeObject;
  }

  private prepareForCreate(resource: ResourceInfo, obj: KubeObject): Result {
    switch (resource.resource) {
      case 'pods': {
        const spec = obj.spec as PodSpecLike;
        // podStrategy.PrepareForCreate: status is reset, phase Pending, QoS class computed; a pod
        // created with scheduling gates is marked SchedulingGated (applySchedulingGatedCondition).
        obj.status = { phase: 'Pending', qosClass: qosClass(spec) };
        if (((obj.spec as { schedulingGates?: unknown[] }).schedulingGates ?? []).length > 0) {
          (obj.status as Record<string, unknown>).conditions = [{
            type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: this.timestamp(),
            reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates',
          }];
        }
        return { ok: true, object: obj };
      }
      case 'deployments':
      case 'replicasets':
        obj.status = {};
        return { ok: true, object: obj };
      case 'replicationcontrollers':
        // rcStrategy.PrepareForCreate: an empty status, whose replicas (not omitempty) prints as 0.
        obj.status = { replicas: 0 };
        return { ok: true, object: obj };
      case 'daemonsets':
        // daemonSetStrategy.PrepareForCreate: empty status (its four counts print as 0), templateGeneration 1.
        obj.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
        obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION_KEY]: '1' };
        return { ok: true, object: obj };
      case 'jobs':
        prepareJobForCreate(obj);
        return { ok: true, object: obj };
      case 'cronjobs':
        obj.status = {};
        return { ok: true, object: obj };
      case 'poddisruptionbudgets':
        // podDisruptionBudgetStrategy.PrepareForCreate: status is reset (its counts print as 0).
        obj.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
        return { ok: true, object: obj };
      case 'services':
        return this.allocateServiceIPs(resource, obj);
      case 'namespaces':
        obj.status = { phase: 'Active' };
        return { ok: true, object: obj };
      case 'persistentvolumes':
        preparePersistentVolumeForCreate(obj, this.timestamp());
        return { ok: true, object: obj };
      case 'persistentvolumeclaims':
        preparePersistentVolumeClaimForCreate(obj);
        return { ok: true, object: obj };
      default:
        return { ok: true, object: obj };
    }
  }

  private allocateServiceIPs(resource: ResourceInfo, obj: KubeObject): Result {
    const spec = obj.spec as { type?: string; clusterIP?: string; clusterIPs?: string[]; ipFamilies?: string[]; ipFamilyPolicy?: string; selector?: unknown };
    if (spec.type === 'ExternalName') return { ok: true, object: obj };
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
      spec.ipFamilyPolicy ??= spec.selector ? 'SingleStack' : 'RequireDualStack';
      spec.ipFamilies ??= ['IPv4'];
    } else if (spec.clusterIP) {
      if (!this.serviceIPs.contains(spec.clusterIP)) {
        return { ok: false, status: invalidStatus(resource, obj.metadata.name!, [invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${this.serviceIPs.cidr}`)]) };
      }
      if (!this.serviceIPs.allocate(spec.clusterIP)) {
        return { ok: false, status: invalidStatus(resource, obj.metadata.name!, [invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`)]) };
      }
      spec.clusterIPs = [spec.clusterIP];
    } else {
      const ip = this.serviceIPs.allocateNext(this.rngs.stream('apiserver/serviceips'));
      if (!ip) return { ok: false, status: internalError('failed to allocate a serviceIP: range is full') };
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    spec.ipFamilyPolicy ??= 'SingleStack';
    spec.ipFamilies ??= ['IPv4'];
    const ports = (obj.spec as { ports?: Array<{ port: number; nodePort?: number }> }).ports ?? [];
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      // alloc.go initNodePorts: a requested port is reserved, others are allocated; entries with the
      // same `port` (TCP and UDP) share one nodePort.
      const byPort = new Map<number, number>();
      for (const [i, p] of ports.entries()) {
        if (p.nodePort !== undefined) {
          if (!this.nodePorts.inRange(p.nodePort)) {
            return { ok: false, status: invalidStatus(resource, obj.metadata.name!, [invalid(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${this.nodePorts.rangeText}`)]) };
          }
          if (!this.nodePorts.allocate(p.nodePort)) {
            return { ok: false, status: invalidStatus(resource, obj.metadata.name!, [invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated')]) };
          }
          byPort.set(p.port, p.nodePort);
        }
      }
      for (const p of ports) {
        if (p.nodePort !== undefined) continue;
        const shared = byPort.get(p.port);
        p.nodePort = shared ?? this.nodePorts.allocateNext(this.rngs.stream('apiserver/nodeports'));
        if (p.nodePort !== undefined) byPort.set(p.port, p.nodePort);
      }
    }
    // alloc.go allocHealthCheckNodePort: a LoadBalancer with externalTrafficPolicy Local gets a node
    // port for the cloud's health checks (kube-proxy answers there only on nodes with local endpoints).
    const lb = obj.spec as { type?: string; externalTrafficPolicy?: string; healthCheckNodePort?: number };
    if (lb.type === 'LoadBalancer' && lb.externalTrafficPolicy === 'Local') {
      if (lb.healthCheckNodePort) {
        if (!this.nodePorts.allocate(lb.healthCheckNodePort)) {
          return { ok: false, status: invalidStatus(resource, obj.metadata.name!, [invalid('spec.healthCheckNodePort', lb.healthCheckNodePort, 'provided port is already allocated')]) };
        }
      } else {
        lb.healthCheckNodePort = this.nodePorts.allocateNext(this.rngs.stream('apiserver/nodeports'));
      }
    }
    obj.status = { loadBalancer: {} };
    return { ok: true, object: obj };
  }

  /** A Service update keeps its allocated ClusterIPs when the new spec leaves them out. */
  private keepServiceAllocations(cur: KubeObject, next: KubeObject): void {
    const c = cur.spec as Record<string, unknown>;
    const n = next.spec as Record<string, unknown>;
    for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (n[f] === undefined && c[f] !== undefined) n[f] = c[f];
    if (n.healthCheckNodePort === undefined && c.healthCheckNodePort !== undefined && n.type === 'LoadBalancer' && n.externalTrafficPolicy === 'Local') n.healthCheckNodePort = c.healthCheckNodePort;
    // Allocated nodePorts stay with their port when the update leaves them out.
    const curPorts = (c.ports as Array<{ port: number; protocol?: string; nodePort?: number }> | undefined) ?? [];
    for (const p of (n.ports as Array<{ port: number; protocol?: string; nodePort?: number }> | undefined) ?? []) {
      const prev = curPorts.find((q) => q.port === p.port && (q.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (p.nodePort === undefined && prev?.nodePort !== undefined && (n.type === 'NodePort' || n.type === 'LoadBalancer')) p.nodePort = prev.nodePort;
    }
  }
}

/** errors.NewGenericServerResponse(422): Invalid, with the generic text (the library's `cause` is not sent). */
function unprocessableJsonPatch(_cause: string): ApiStatus {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the server rejected our request due to an error in our request', reason: 'Invalid', code: 422, details: {} };
}

/** RFC 7386 JSON merge patch, applied in place to a mutable copy. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? (target as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface ContainerLike {
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}
interface PodSpecLike {
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
}

/** pkg/apis/core/v1/helper/qos.GetPodQOS */
export function qosClass(spec: PodSpecLike): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      const parse = r === 'cpu' ? cpuMillis : bytes;
      if (lim[r] === undefined || (req[r] !== undefined && parse(req[r]) !== parse(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** apps/v1 carries the internal spec.templateGeneration in this annotation (the DaemonSet's pods get it as label pod-template-generation). */
export const DAEMONSET_TEMPLATE_GENERATION_KEY = 'deprecated.daemonset.template.generation';

/** daemonSetStrategy.PrepareForUpdate: templateGeneration is the stored one, plus one when the pod template changed. */
function keepDaemonSetTemplateGeneration(cur: KubeObject, next: KubeObject): void {
  const template = (o: KubeObject) => JSON.stringify((o.spec as { template?: unknown } | undefined)?.template ?? null);
  const old = Number(cur.metadata.annotations?.[DAEMONSET_TEMPLATE_GENERATION_KEY] ?? '1') || 1;
  const gen = template(cur) === template(next) ? old : old + 1;
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DAEMONSET_TEMPLATE_GENERATION_KEY]: String(gen) };
}

/**
 * customResourceStrategy.PrepareForUpdate: with a status subresource the main resource keeps the
 * stored status and a spec change bumps generation; without one any non-metadata change does.
 */
function keepCustomResourceStatus(resource: CustomResourceInfo, cur: KubeObject, next: KubeObject): void {
  const withStatus = customVersion(resource)?.subresources?.status !== undefined;
  const body = (o: KubeObject) => {
    const { metadata: _m, status, ...rest } = o as KubeObject & { status?: unknown };
    return JSON.stringify(withStatus ? rest : { ...rest, status });
  };
  if (withStatus) {
    if (cur.status !== undefined) next.status = structuredCopy(cur.status);
    else delete (next as { status?: unknown }).status;
  }
  next.metadata.generation = (cur.metadata.generation ?? 1) + (body(cur) !== body(next) ? 1 : 0);
}

// The simulated client-go clientset: one per component, so every write carries its author's name
// (the watch stream and the UI show who wrote what, as audit logs and managedFields do).
// UPSTREAM: staging/src/k8s.io/client-go/kubernetes (typed clients)

import type { KubeObject } from '../api/meta';
import type { ResourceInfo } from '../api/resources';
import type { ApiServer, DeleteOptions, Result } from '../apiserver/apiserver';
import type { EvictionOptions, EvictionResult } from '../apiserver/registry/eviction';

export class Client {
  constructor(private readonly api: ApiServer, readonly userAgent: string) {}

  create<T extends KubeObject>(obj: T): Result<T> {
    return this.api.create(obj, this.userAgent) as Result<T>;
  }

  update<T extends KubeObject>(obj: T): Result<T> {
    return this.api.update(obj, this.userAgent) as Result<T>;
  }

  updateStatus<T extends KubeObject>(obj: T): Result<T> {
    return this.api.updateStatus(obj, this.userAgent) as Result<T>;
  }

  /** PATCH with a JSON merge patch. */
  patch(resource: ResourceInfo, namespace: string | undefined, name: string, patch: Record<string, unknown>): Result {
    return this.api.patch(resource, namespace, name, patch, this.userAgent);
  }

  delete(resource: ResourceInfo, namespace: string | undefined, name: string, opts?: DeleteOptions): Result {
    return this.api.delete(resource, namespace, name, this.userAgent, opts);
  }

  /** POST pods/<name>/binding */
  bind(namespace: string, podName: string, nodeName: string): Result {
    return this.api.bind(namespace, podName, nodeName, this.userAgent);
  }

  /**
   * POST pods/<name>/eviction (policy/v1 Eviction): delete the pod if its PodDisruptionBudget allows;
   * a refusal is 429 TooManyRequests.
   */
  evict(namespace: string, podName: string, opts?: EvictionOptions): EvictionResult {
    return this.api.evict(namespace, podName, this.userAgent, opts);
  }

  /** PUT namespaces/<name>/finalize: replace the namespace's spec.finalizers. */
  finalizeNamespace(name: string, finalizers: string[]): Result {
    return this.api.finalizeNamespace(name, finalizers, this.userAgent);
  }

  /** A direct LIST from the API server (not the informer cache), as the dynamic client does. */
  list(resource: ResourceInfo, namespace?: string): KubeObject[] {
    return this.api.list(resource, namespace);
  }

  /** A direct read from the API server (a GET, not the informer cache). */
  get(resource: ResourceInfo, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.api.get(resource, namespace, name);
  }

  /** Discovery: built-in kinds plus the custom kinds of established CRDs (a discovery client). */
  resources(): readonly ResourceInfo[] {
    return this.api.resources();
  }

  /** The served resource of an apiVersion and kind, custom kinds included (a RESTMapper lookup). */
  resourceFor(apiVersion: string | undefined, kind: string): ResourceInfo | undefined {
    return this.api.resourceFor(apiVersion, kind);
  }

  timestamp(ms?: number): string {
    return this.api.timestamp(ms);
  }

  microTime(ms?: number): string {
    return this.api.microTime(ms);
  }
}

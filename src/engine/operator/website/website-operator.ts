// website-operator: the operator pattern on the engine's client-go stand-ins. It list-watches
// Websites (learn.kube-sandbox.dev/v1) into a work queue; sync(key) makes the Website's Deployment
// and Service (owned with controller=true) match its spec, heals them when changed or deleted, and
// writes the Website's status (availableReplicas, url), recording Events as it goes.
// UPSTREAM: kubernetes/sample-controller controller.go (the shape: handleObject, syncHandler, Events)
// SIMPLIFICATION: runs as an engine component, active only while a pod of the operator image is
// Running (like ingress/nginx/controller.ts); one instance, no leader election.

import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { OwnerReference } from 'kubernetes-types/meta/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf, splitKey } from '../../api/meta';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../controller/types';
import { DONE } from '../../controller/types';

export const WEBSITE_GROUP = 'learn.kube-sandbox.dev';
export const WEBSITE_API_VERSION = `${WEBSITE_GROUP}/v1`;
/** The store bucket (and informer) of Websites: `<plural>.<group>`. */
export const WEBSITE_RESOURCE = `websites.${WEBSITE_GROUP}`;
/** The image whose Running pod brings the operator to life. */
export const WEBSITE_OPERATOR_IMAGE = 'ghcr.io/kube-sandbox/website-operator';
/** The event source the operator records with. */
export const WEBSITE_OPERATOR_COMPONENT = 'website-operator';

export interface WebsiteSpec {
  image?: string;
  replicas?: number;
  port?: number;
}
export type WebsiteObject = KubeObject & { spec?: WebsiteSpec; status?: { availableReplicas?: number; url?: string; observedGeneration?: number } };
type DeploymentObject = Deployment & KubeObject;
type ServiceObject = Service & KubeObject;
type PodObject = Pod & KubeObject;


function isOperatorPod(p: PodObject): boolean {
  return (p.spec?.containers ?? []).some((c) => (c.image ?? '').startsWith(WEBSITE_OPERATOR_IMAGE));
}

/** The Website that controls an object (its controller ownerReference), as `namespace/name`. */
function controllingWebsite(o: KubeObject): ObjectKey | undefined {
  const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === 'Website' && r.apiVersion.startsWith(`${WEBSITE_GROUP}/`));
  return ref ? keyOf({ namespace: o.metadata.namespace, name: ref.name }) : undefined;
}

function labelsFor(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'website', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/managed-by': WEBSITE_OPERATOR_COMPONENT };
}

/** What the Website asks for, with the CRD's defaults as a fallback. */
function desiredOf(w: WebsiteObject): { image: string; replicas: number; port: number } {
  return { image: w.spec?.image ?? 'nginx:1.27', replicas: w.spec?.replicas ?? 1, port: w.spec?.port ?? 80 };
}

export class WebsiteOperator implements Controller {
  readonly name = WEBSITE_OPERATOR_COMPONENT;
  readonly queue: WorkQueue;
  private websites!: Informer<WebsiteObject>;
  private deployments!: Informer<DeploymentObject>;
  private services!: Informer<ServiceObject>;
  private pods!: Informer<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.websites = informers.informerFor<WebsiteObject>(WEBSITE_RESOURCE);
    this.deployments = informers.informerFor<DeploymentObject>('deployments');
    this.services = informers.informerFor<ServiceObject>('services');
    this.pods = informers.informerFor<PodObject>('pods');
    const one = (w: WebsiteObject) => this.queue.add(keyOf(w.metadata));
    this.websites.addEventHandler({ add: one, update: (_o, w) => one(w), delete: one });
    // handleObject: a change to an owned object queues its Website (so a deleted Deployment is healed).
    const owned = (o: KubeObject) => {
      const key = controllingWebsite(o);
      if (key) this.queue.add(key);
    };
    this.deployments.addEventHandler({ add: owned, update: (_o, d) => owned(d), delete: owned });
    this.services.addEventHandler({ add: owned, update: (_o, s) => owned(s), delete: owned });
    const onPod = (p: PodObject) => {
      if (isOperatorPod(p)) for (const w of this.websites.list()) this.queue.add(keyOf(w.metadata));
    };
    this.pods.addEventHandler({ add: onPod, update: (_o, p) => onPod(p), delete: onPod });
  }

  /** Whether the operator's pod is Running (the operator process is up). */
  isRunning(): boolean {
    return this.pods.list().some((p) => isOperatorPod(p) && p.status?.phase === 'Running' && p.metadata.deletionTimestamp == null);
  }

  sync(key: ObjectKey): SyncResult {
    if (!this.isRunning()) return DONE;
    const website = this.websites.get(key);
    // Gone: the garbage collector deletes what it owned.
    if (!website || website.metadata.deletionTimestamp) return DONE;
    // The CRD was deleted (or never established): nothing to serve.
    if (!this.ctx.client.resourceFor(WEBSITE_API_VERSION, 'Website')) return DONE;
    const { namespace, name } = splitKey(key);
    const ns = namespace ?? 'default';
    const want = desiredOf(website);
    const owner: OwnerReference = { apiVersion: website.apiVersion, kind: 'Website', name, uid: website.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };

    const dep = this.syncDeployment(website, ns, name, want, owner);
    if (dep.kind !== 'done') return dep;
    const svc = this.syncService(website, ns, name, want, owner);
    if (svc.kind !== 'done') return svc;
    return this.updateStatus(website, ns, name, want.port);
  }

  private syncDeployment(w: WebsiteObject, ns: string, name: string, want: ReturnType<typeof desiredOf>, owner: OwnerReference): SyncResult {
    const labels = labelsFor(name);
    const spec = {
      replicas: want.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: want.image, ports: [{ containerPort: want.port }] }] } },
    };
    const live = this.deployments.get(`${ns}/${name}`);
    if (!live) {
      const r = this.ctx.client.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns, labels, ownerReferences: [owner] }, spec } as KubeObject);
      if (!r.ok) return r.status.reason === 'AlreadyExists' ? DONE : { kind: 'retry', reason: r.status.message };
      this.ctx.recorder.event(w, 'Normal', 'Created', `Created Deployment ${name}`);
      return DONE;
    }
    if (controllingWebsite(live) !== `${ns}/${name}`) {
      this.ctx.recorder.event(w, 'Warning', 'ErrResourceExists', `Resource "${name}" already exists and is not managed by Website`);
      return DONE;
    }
    const c = live.spec?.template?.spec?.containers?.[0];
    const drifted = live.spec?.replicas !== want.replicas || c?.image !== want.image || c?.ports?.[0]?.containerPort !== want.port || (live.spec?.template?.spec?.containers ?? []).length !== 1;
    if (!drifted) return DONE;
    const r = this.ctx.client.update({ ...live, spec: { ...live.spec, replicas: want.replicas, template: { ...live.spec?.template, spec: { ...live.spec?.template?.spec, containers: spec.template.spec.containers } } } } as KubeObject);
    if (!r.ok) return { kind: 'retry', reason: r.status.message };
    this.ctx.recorder.event(w, 'Normal', 'Updated', `Updated Deployment ${name} to replicas=${want.replicas} image=${want.image}`);
    return DONE;
  }

  private syncService(w: WebsiteObject, ns: string, name: string, want: ReturnType<typeof desiredOf>, owner: OwnerReference): SyncResult {
    const labels = labelsFor(name);
    const live = this.services.get(`${ns}/${name}`);
    const ports = [{ name: 'http', protocol: 'TCP', port: want.port, targetPort: want.port }];
    if (!live) {
      const r = this.ctx.client.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels, ownerReferences: [owner] }, spec: { selector: labels, ports } } as KubeObject);
      if (!r.ok) return r.status.reason === 'AlreadyExists' ? DONE : { kind: 'retry', reason: r.status.message };
      this.ctx.recorder.event(w, 'Normal', 'Created', `Created Service ${name}`);
      return DONE;
    }
    if (controllingWebsite(live) !== `${ns}/${name}`) {
      this.ctx.recorder.event(w, 'Warning', 'ErrResourceExists', `Resource "${name}" already exists and is not managed by Website`);
      return DONE;
    }
    const p = live.spec?.ports?.[0];
    const selectorOk = JSON.stringify(live.spec?.selector ?? {}) === JSON.stringify(labels);
    if (selectorOk && p?.port === want.port && p.targetPort === want.port && (live.spec?.ports ?? []).length === 1) return DONE;
    const r = this.ctx.client.update({ ...live, spec: { ...live.spec, selector: labels, ports: [{ ...p, ...ports[0] }] } } as KubeObject);
    if (!r.ok) return { kind: 'retry', reason: r.status.message };
    this.ctx.recorder.event(w, 'Normal', 'Updated', `Updated Service ${name} to port ${want.port}`);
    return DONE;
  }

  private updateStatus(w: WebsiteObject, ns: string, name: string, port: number): SyncResult {
    const dep = this.deployments.get(`${ns}/${name}`);
    const status = {
      availableReplicas: dep?.status?.availableReplicas ?? 0,
      url: `http://${name}.${ns}.svc.cluster.local${port === 80 ? '' : `:${port}`}`,
      observedGeneration: w.metadata.generation ?? 1,
    };
    if (JSON.stringify(w.status ?? {}) === JSON.stringify(status)) return DONE;
    const r = this.ctx.client.updateStatus({ ...w, status } as KubeObject);
    if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
    if ((w.status?.availableReplicas ?? 0) !== status.availableReplicas && status.availableReplicas === (w.spec?.replicas ?? 1)) {
      this.ctx.recorder.event(w, 'Normal', 'Synced', `Website synced successfully: ${status.availableReplicas} replica(s) available at ${status.url}`);
    }
    return DONE;
  }
}

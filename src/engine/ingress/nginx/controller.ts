// The ingress-nginx controller's control loop: it serves the Ingresses of its IngressClass (the
// classes whose spec.controller is its --controller-class), records a `Sync` event for each change,
// and publishes its address in their status.loadBalancer.ingress.
// UPSTREAM: kubernetes/ingress-nginx internal/ingress/controller/store/store.go (event handlers,
//           "Scheduled for sync"), internal/ingress/status/status.go (statusAddressFromService)
// SIMPLIFICATION: the controller runs as an engine component, active only while a pod of the image
// registry.k8s.io/ingress-nginx/controller is Running (its first such pod's args are read); one
// instance; status is written at once rather than on the 60 s status-sync tick; no nginx.conf.

import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Ingress, IngressClass, IngressLoadBalancerIngress } from 'kubernetes-types/networking/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../controller/types';
import { DONE } from '../../controller/types';
import type { JsonValue } from '../../sim/clock';

export type IngressObject = Ingress & KubeObject;
export type IngressClassObject = IngressClass & KubeObject;
type ServiceObject = Service & KubeObject;
type PodObject = Pod & KubeObject;
type NodeObject = Node & KubeObject;

/** The image whose Running pod brings the controller to life. */
export const INGRESS_NGINX_IMAGE = 'registry.k8s.io/ingress-nginx/controller';
/** ingress-nginx's default --controller-class. */
export const DEFAULT_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
/** ingress-nginx's default --ingress-class (the annotation value and IngressClass name it answers to). */
export const DEFAULT_INGRESS_CLASS = 'nginx';
/** The event source ingress-nginx records with. */
export const INGRESS_NGINX_COMPONENT = 'nginx-ingress-controller';
const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class';

/** The flags of a running controller pod that decide what it serves and publishes. */
export interface IngressNginxFlags {
  controllerClass: string;
  ingressClass: string;
  /** `namespace/name` of --publish-service, if given */
  publishService?: string;
  watchIngressWithoutClass: boolean;
}

/** Parse the controller container's args (`--flag=value`, `$(POD_NAMESPACE)` expanded). */
export function parseIngressNginxFlags(args: readonly string[], podNamespace: string): IngressNginxFlags {
  const flags: IngressNginxFlags = { controllerClass: DEFAULT_CONTROLLER_CLASS, ingressClass: DEFAULT_INGRESS_CLASS, watchIngressWithoutClass: false };
  for (const raw of args) {
    const arg = raw.replace(/\$\(POD_NAMESPACE\)/g, podNamespace);
    const m = /^--?([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) continue;
    const value = m[2] ?? 'true';
    if (m[1] === 'controller-class') flags.controllerClass = value;
    else if (m[1] === 'ingress-class') flags.ingressClass = value;
    else if (m[1] === 'publish-service') flags.publishService = value.includes('/') ? value : `${podNamespace}/${value}`;
    else if (m[1] === 'watch-ingress-without-class') flags.watchIngressWithoutClass = value === 'true';
  }
  return flags;
}

/**
 * IsValid (store.go, ingress/class): does a controller with these flags serve this Ingress? Its
 * spec.ingressClassName names an IngressClass of our --controller-class; or, without a class name,
 * the deprecated annotation equals our --ingress-class; or neither is set and
 * --watch-ingress-without-class is on. The packet walker uses this to pick the Ingresses to route.
 */
export function isIngressServed(
  ing: Pick<Ingress, 'spec'> & { metadata?: { annotations?: Record<string, string> } },
  getClass: (name: string) => Pick<IngressClass, 'spec'> | undefined,
  flags: IngressNginxFlags = { controllerClass: DEFAULT_CONTROLLER_CLASS, ingressClass: DEFAULT_INGRESS_CLASS, watchIngressWithoutClass: false },
): boolean {
  const className = ing.spec?.ingressClassName;
  if (className) return getClass(className)?.spec?.controller === flags.controllerClass;
  const annotation = ing.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS];
  if (annotation) return annotation === flags.ingressClass;
  return flags.watchIngressWithoutClass;
}

function isControllerPod(p: PodObject): boolean {
  return (p.spec?.containers ?? []).some((c) => (c.image ?? '').startsWith(INGRESS_NGINX_IMAGE));
}

/**
 * statusAddressFromService: what --publish-service publishes. LoadBalancer: its ingress addresses
 * (and externalIPs); NodePort and ClusterIP: the ClusterIP unless externalIPs are set; ExternalName:
 * its name.
 */
export function statusAddressFromService(svc: ServiceObject): IngressLoadBalancerIngress[] {
  const spec = svc.spec ?? {};
  const external = (spec.externalIPs ?? []).map((ip) => ({ ip }));
  switch (spec.type) {
    case 'ExternalName':
      return [{ hostname: spec.externalName }];
    case 'LoadBalancer': {
      const out: IngressLoadBalancerIngress[] = [];
      for (const i of svc.status?.loadBalancer?.ingress ?? []) out.push(i.ip ? { ip: i.ip } : { hostname: i.hostname });
      return [...out, ...external];
    }
    case 'NodePort':
      return external.length ? external : spec.clusterIP ? [{ ip: spec.clusterIP }] : [];
    default:
      return spec.clusterIP ? [{ ip: spec.clusterIP }] : [];
  }
}

/** sortIngressSlice then dedup: IPs and hostnames in string order. */
function sortAddresses(list: IngressLoadBalancerIngress[]): IngressLoadBalancerIngress[] {
  const seen = new Set<string>();
  const out = list.filter((a) => {
    const k = a.ip ?? a.hostname ?? '';
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out.sort((a, b) => ((a.ip ?? a.hostname ?? '') < (b.ip ?? b.hostname ?? '') ? -1 : 1));
}

export class IngressNginxController implements Controller {
  readonly name = 'ingress-nginx-controller';
  readonly queue: WorkQueue;
  private ingresses!: Informer<IngressObject>;
  private classes!: Informer<IngressClassObject>;
  private services!: Informer<ServiceObject>;
  private pods!: Informer<PodObject>;
  private nodes!: Informer<NodeObject>;
  /** per Ingress key, the resourceVersion last announced with a Sync event */
  private readonly seen: Record<string, string>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const s = ctx.state as { seen?: Record<string, string> } | undefined;
    this.seen = { ...(s?.seen ?? {}) };
  }

  start(informers: SharedInformerFactory): void {
    this.ingresses = informers.informerFor<IngressObject>('ingresses');
    this.classes = informers.informerFor<IngressClassObject>('ingressclasses');
    this.services = informers.informerFor<ServiceObject>('services');
    this.pods = informers.informerFor<PodObject>('pods');
    this.nodes = informers.informerFor<NodeObject>('nodes');
    const one = (i: IngressObject) => this.queue.add(keyOf(i.metadata));
    this.ingresses.addEventHandler({ add: one, update: (_o, i) => one(i), delete: one });
    const all = () => this.enqueueAll();
    this.classes.addEventHandler({ add: all, update: all, delete: all });
    const onPod = (p: PodObject) => {
      if (isControllerPod(p)) this.enqueueAll();
    };
    this.pods.addEventHandler({ add: onPod, update: (_o, p) => onPod(p), delete: onPod });
    // Services and nodes change often; look for the controller pod only when there is an Ingress to update.
    const onService = (s: ServiceObject) => {
      if (this.ingresses.list().length > 0 && this.activeFlags()?.publishService === keyOf(s.metadata)) this.enqueueAll();
    };
    this.services.addEventHandler({ add: onService, update: (_o, s) => onService(s), delete: onService });
    const onNode = () => {
      if (this.ingresses.list().length === 0) return;
      const f = this.activeFlags();
      if (f && !f.publishService) this.enqueueAll();
    };
    this.nodes.addEventHandler({ add: onNode, update: onNode, delete: onNode });
  }

  save(): JsonValue {
    return { seen: { ...this.seen } };
  }

  private enqueueAll(): void {
    for (const i of this.ingresses.list()) this.queue.add(keyOf(i.metadata));
  }

  /** The Running controller pods, oldest name first (the first one is "the" controller). */
  private controllerPods(): PodObject[] {
    return this.pods.list()
      .filter((p) => isControllerPod(p) && p.status?.phase === 'Running' && p.metadata.deletionTimestamp == null)
      .sort((a, b) => (keyOf(a.metadata) < keyOf(b.metadata) ? -1 : 1));
  }

  private activeFlags(): IngressNginxFlags | undefined {
    const pod = this.controllerPods()[0];
    if (!pod) return undefined;
    const c = (pod.spec?.containers ?? []).find((x) => (x.image ?? '').startsWith(INGRESS_NGINX_IMAGE));
    return parseIngressNginxFlags([...(c?.command ?? []), ...(c?.args ?? [])], pod.metadata.namespace ?? 'default');
  }

  private isServed(ing: IngressObject, flags: IngressNginxFlags): boolean {
    return isIngressServed(ing, (name) => this.classes.get(name), flags);
  }

  /** What the controller publishes: the --publish-service's addresses, else its pods' node IPs. */
  private addresses(flags: IngressNginxFlags): IngressLoadBalancerIngress[] {
    if (flags.publishService) {
      const svc = this.services.get(flags.publishService);
      return svc ? sortAddresses(statusAddressFromService(svc)) : [];
    }
    const out: IngressLoadBalancerIngress[] = [];
    for (const pod of this.controllerPods()) {
      const node = this.nodes.get(pod.spec?.nodeName ?? '');
      const addr = node?.status?.addresses?.find((a) => a.type === 'ExternalIP') ?? node?.status?.addresses?.find((a) => a.type === 'InternalIP');
      if (addr?.address) out.push({ ip: addr.address });
    }
    return sortAddresses(out);
  }

  sync(key: ObjectKey): SyncResult {
    const ing = this.ingresses.get(key);
    if (!ing) {
      delete this.seen[key];
      return DONE;
    }
    const flags = this.activeFlags();
    if (!flags) {
      // --update-status-on-shutdown: a stopping controller removes its address from its Ingresses.
      delete this.seen[key];
      const wasOurs = this.isServed(ing, { controllerClass: DEFAULT_CONTROLLER_CLASS, ingressClass: DEFAULT_INGRESS_CLASS, watchIngressWithoutClass: false });
      return wasOurs ? this.updateStatus(ing, []) : DONE;
    }
    if (!this.isServed(ing, flags)) {
      delete this.seen[key];
      return DONE;
    }
    // store.go: every add and every change of a served Ingress (its status too) is announced.
    if (this.seen[key] !== ing.metadata.resourceVersion) {
      this.seen[key] = ing.metadata.resourceVersion ?? '';
      this.ctx.recorder.event(ing, 'Normal', 'Sync', 'Scheduled for sync');
    }
    return this.updateStatus(ing, this.addresses(flags));
  }

  private updateStatus(ing: IngressObject, addrs: IngressLoadBalancerIngress[]): SyncResult {
    const cur = ing.status?.loadBalancer?.ingress ?? [];
    if (JSON.stringify(cur) === JSON.stringify(addrs)) return DONE;
    const loadBalancer = addrs.length ? { ingress: addrs } : {};
    const r = this.ctx.client.updateStatus<IngressObject>({ ...ing, status: { ...ing.status, loadBalancer } });
    if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
    return DONE;
  }
}

// A headless cluster for scenario tests: apply YAML, move time, assert on what the cluster did.
// Time moves only when the test moves it.

import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { World, type ClusterOptions } from '../sim/world';
import type { ApplyResult } from '../kubectl/results';

export class TestCluster {
  readonly world: World;

  constructor(opts: Partial<ClusterOptions> = {}) {
    this.world = World.create(opts);
  }

  apply(yaml: string): ApplyResult {
    const r = this.world.apply(yaml);
    return r;
  }

  /** Apply and fail the test when any document failed. */
  applyOk(yaml: string): ApplyResult {
    const r = this.world.apply(yaml);
    if (!r.ok) throw new Error(`apply failed:\n${r.documents.map((d) => d.message).join('\n')}`);
    return r;
  }

  step(ms: number): this {
    this.world.step(ms);
    return this;
  }

  settle(maxMs?: number): this {
    if (!this.world.settle(maxMs)) throw new Error('cluster did not settle');
    return this;
  }

  pods(selector?: Record<string, string>, namespace = 'default'): Array<Pod & KubeObject> {
    return (this.world.list('Pod', namespace) as Array<Pod & KubeObject>).filter((p) =>
      Object.entries(selector ?? {}).every(([k, v]) => p.metadata.labels?.[k] === v),
    );
  }

  pod(name: string, namespace = 'default'): Pod & KubeObject {
    const p = this.world.getObject({ kind: 'Pod', namespace, name }) as (Pod & KubeObject) | undefined;
    if (!p) throw new Error(`pod ${namespace}/${name} not found`);
    return p;
  }

  service(name: string, namespace = 'default'): Service & KubeObject {
    const s = this.world.getObject({ kind: 'Service', namespace, name }) as (Service & KubeObject) | undefined;
    if (!s) throw new Error(`service ${namespace}/${name} not found`);
    return s;
  }

  /** Ready endpoint IPs of a Service, from its EndpointSlices. */
  readyEndpoints(service: string, namespace = 'default'): string[] {
    const slices = this.world.list('EndpointSlice', namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service);
    const ips: string[] = [];
    for (const s of slices) {
      for (const e of ((s as { endpoints?: Array<{ addresses: string[]; conditions?: { ready?: boolean } }> }).endpoints ?? [])) {
        if (e.conditions?.ready) ips.push(...e.addresses);
      }
    }
    return ips.sort();
  }

  kubectl(cmd: string): string {
    const out = this.world.kubectl(cmd);
    return out.stdout + out.stderr;
  }
}

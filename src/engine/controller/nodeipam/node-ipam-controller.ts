// The node IPAM controller (range allocator): gives each Node a pod CIDR (spec.podCIDR/podCIDRs)
// carved from the cluster CIDR, as kube-controller-manager --allocate-node-cidrs does.
// UPSTREAM: pkg/controller/nodeipam/ipam/range_allocator.go, pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
// SIMPLIFICATION: IPv4 single-stack; when the range is full the node is not retried with backoff but
// looked at again when some CIDR is released.

import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

type NodeObject = Node & KubeObject;

export interface NodeIpamOptions {
  /** --cluster-cidr (default 10.244.0.0/16) */
  clusterCIDR?: string;
  /** --node-cidr-mask-size (default 24) */
  nodeCIDRMaskSize?: number;
  /** --service-cluster-ip-range: node CIDRs overlapping it are never handed out (filterOutServiceRange) */
  serviceCIDR?: string;
}

interface IpamState {
  /** indexes of the allocated node CIDRs */
  used: number[];
  /** where AllocateNext looks first (cidrset.nextCandidate) */
  nextCandidate: number;
  /** node name -> the node's uid and CIDR index */
  nodes: Record<string, { uid: string; index: number }>;
}

const NODE_RESOURCE = resourceForKind('Node')!;

function parseIPv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** cidrset.CidrSet: the cluster CIDR cut into equal node blocks, handed out round-robin. */
export class CidrSet {
  readonly base: number;
  readonly clusterMaskSize: number;
  readonly maxCIDRs: number;

  constructor(clusterCIDR: string, readonly nodeMaskSize: number) {
    const [ip, bits] = clusterCIDR.split('/');
    const base = parseIPv4(ip);
    const size = Number(bits);
    if (base === undefined || !Number.isInteger(size) || size < 0 || size > 32) throw new Error(`invalid cluster CIDR ${clusterCIDR}`);
    if (nodeMaskSize < size || nodeMaskSize > 32) throw new Error(`node CIDR mask /${nodeMaskSize} does not fit in ${clusterCIDR}`);
    if (nodeMaskSize - size > 16) throw new Error('CIDRSet: too many CIDRs (node mask more than 16 bits longer than the cluster mask)');
    const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0;
    this.base = (base & mask) >>> 0;
    this.clusterMaskSize = size;
    this.maxCIDRs = 2 ** (nodeMaskSize - size);
  }

  cidr(index: number): string {
    return `${formatIPv4((this.base + index * 2 ** (32 - this.nodeMaskSize)) >>> 0)}/${this.nodeMaskSize}`;
  }

  /** The indexes of the node blocks that overlap `cidr` (any size), clipped to the range. */
  overlapping(cidr: string): number[] {
    const [ip, bits] = cidr.split('/');
    const n = parseIPv4(ip);
    const size = Number(bits);
    if (n === undefined || !Number.isInteger(size) || size < 0 || size > 32) return [];
    const first = (n & (size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0)) >>> 0;
    const last = first + 2 ** (32 - size) - 1;
    const block = 2 ** (32 - this.nodeMaskSize);
    const end = this.base + this.maxCIDRs * block - 1;
    if (last < this.base || first > end) return [];
    const from = Math.floor((Math.max(first, this.base) - this.base) / block);
    const to = Math.floor((Math.min(last, end) - this.base) / block);
    const out: number[] = [];
    for (let i = from; i <= to; i++) out.push(i);
    return out;
  }

  /** The block index of a node CIDR of our size inside the range, else undefined. */
  indexOf(cidr: string): number | undefined {
    const [ip, bits] = cidr.split('/');
    const n = parseIPv4(ip);
    if (n === undefined || Number(bits) !== this.nodeMaskSize) return undefined;
    const offset = n - this.base;
    const block = 2 ** (32 - this.nodeMaskSize);
    if (offset < 0 || offset % block !== 0) return undefined;
    const index = offset / block;
    return index < this.maxCIDRs ? index : undefined;
  }
}

export class NodeIpamController implements Controller {
  readonly name = 'node-ipam-controller';
  readonly queue: WorkQueue;
  readonly cidrs: CidrSet;
  private nodes!: Informer<NodeObject>;
  private readonly used: Set<number>;
  private nextCandidate: number;
  private readonly byNode: Record<string, { uid: string; index: number }>;

  constructor(private readonly ctx: ControllerContext, opts: NodeIpamOptions = {}) {
    this.queue = ctx.queue;
    this.cidrs = new CidrSet(opts.clusterCIDR ?? '10.244.0.0/16', opts.nodeCIDRMaskSize ?? 24);
    const st = ctx.state as IpamState | undefined;
    this.used = new Set(st?.used ?? []);
    this.nextCandidate = st?.nextCandidate ?? 0;
    this.byNode = { ...(st?.nodes ?? {}) };
    // filterOutServiceRange: a cluster CIDR that holds the service range never hands those blocks to nodes.
    if (opts.serviceCIDR) for (const i of this.cidrs.overlapping(opts.serviceCIDR)) this.used.add(i);
  }

  start(informers: SharedInformerFactory): void {
    this.nodes = informers.informerFor<NodeObject>('nodes');
    this.nodes.addEventHandler({
      add: (n) => this.queue.add(n.metadata.name ?? ''),
      update: (_o, n) => {
        if (!(n.spec?.podCIDRs ?? []).length) this.queue.add(n.metadata.name ?? '');
      },
      delete: (n) => this.queue.add(n.metadata.name ?? ''),
    });
  }

  save(): JsonValue {
    const st: IpamState = { used: [...this.used].sort((a, b) => a - b), nextCandidate: this.nextCandidate, nodes: { ...this.byNode } };
    return JSON.parse(JSON.stringify(st)) as JsonValue;
  }

  /** The pod CIDR given to a node, if any (for tests and the UI). */
  allocatedTo(nodeName: string): string | undefined {
    const a = this.byNode[nodeName];
    return a ? this.cidrs.cidr(a.index) : undefined;
  }

  /** AllocateNext: the first free block at or after nextCandidate, wrapping around. */
  private allocateNext(): number | undefined {
    if (this.used.size >= this.cidrs.maxCIDRs) return undefined;
    let candidate = this.nextCandidate;
    for (let i = 0; i < this.cidrs.maxCIDRs; i++) {
      if (!this.used.has(candidate)) break;
      candidate = (candidate + 1) % this.cidrs.maxCIDRs;
    }
    this.nextCandidate = (candidate + 1) % this.cidrs.maxCIDRs;
    this.used.add(candidate);
    return candidate;
  }

  private release(nodeName: string): void {
    const a = this.byNode[nodeName];
    if (!a) return;
    this.used.delete(a.index);
    delete this.byNode[nodeName];
    // Nodes that found the range full may fit now.
    for (const n of this.nodes.list()) if (!(n.spec?.podCIDRs ?? []).length) this.queue.add(n.metadata.name ?? '');
  }

  sync(key: ObjectKey): SyncResult {
    const node = this.nodes.get(key);
    const mine = this.byNode[key];
    if (!node) {
      this.release(key); // ReleaseCIDR
      return DONE;
    }
    if (mine && mine.uid !== node.metadata.uid) this.release(key); // same name, new node

    const existing = node.spec?.podCIDRs ?? (node.spec?.podCIDR ? [node.spec.podCIDR] : []);
    if (existing.length > 0) {
      this.occupy(node, existing);
      return DONE;
    }
    // A block we already picked (our write may not be in the informer yet) is reused, never a second one.
    const index = this.byNode[key]?.index ?? this.allocateNext();
    if (index === undefined) {
      // RecordNodeStatusChange(..., "CIDRNotAvailable")
      this.ctx.recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${key} status is now: CIDRNotAvailable`);
      return DONE;
    }
    this.byNode[key] = { uid: node.metadata.uid ?? '', index };
    return this.updateCIDRsAllocation(node, this.cidrs.cidr(index));
  }

  /** occupyCIDRs: a node that already has a CIDR (ours, or set by someone else) keeps it. */
  private occupy(node: NodeObject, cidrs: string[]): void {
    const name = node.metadata.name ?? '';
    const index = this.cidrs.indexOf(cidrs[0]);
    const mine = this.byNode[name];
    if (mine && mine.index !== index) {
      this.used.delete(mine.index);
      delete this.byNode[name];
    }
    if (index === undefined) return; // outside our range: not ours to track
    this.used.add(index);
    this.byNode[name] = { uid: node.metadata.uid ?? '', index };
  }

  /** updateCIDRsAllocation: patch spec.podCIDR/podCIDRs on the live node. */
  private updateCIDRsAllocation(node: NodeObject, cidr: string): SyncResult {
    const name = node.metadata.name ?? '';
    const fresh = this.ctx.client.get(NODE_RESOURCE, undefined, name) as NodeObject | undefined;
    if (!fresh || fresh.metadata.uid !== node.metadata.uid) return DONE; // gone: its delete event releases
    const current = fresh.spec?.podCIDRs ?? [];
    if (current.length > 0) {
      // Someone (maybe our earlier write, not yet in the informer) set it: keep what is there.
      this.occupy(fresh, current);
      return DONE;
    }
    const next = { ...fresh, spec: { ...(fresh.spec ?? {}), podCIDR: cidr, podCIDRs: [cidr] } };
    const r = this.ctx.client.update<KubeObject>(next);
    if (!r.ok) {
      if (r.status.reason === 'NotFound') return DONE;
      this.ctx.recorder.event(node, 'Normal', 'CIDRAssignmentFailed', `Node ${name} status is now: CIDRAssignmentFailed`);
      return { kind: 'retry', reason: r.status.message };
    }
    return DONE;
  }
}

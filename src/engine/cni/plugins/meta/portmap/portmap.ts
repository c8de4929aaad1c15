// The portmap CNI plugin (iptables back end), chained after the main plugin: a container port with a
// hostPort is DNATed from the node's own addresses, with hairpin and localhost traffic marked for
// masquerade. All rules are in the nat table; chain names are the plugin's (MustFormatChainNameWithPrefix).
// UPSTREAM: containernetworking/plugins plugins/meta/portmap/{main.go,portmap_iptables.go,chain.go,utils.go}, pkg/utils/utils.go
// SIMPLIFICATION: IPv4 only; no conditionsV4/V6, externalSetMarkChain or route_localnet sysctl; ADD only
// (the derivation rebuilds the node from scratch, so DEL never has anything to tear down).

import type { Pod } from 'kubernetes-types/core/v1';
import { hex, sha512 } from '../../../../linux/hash';
import { toPrefix } from '../../../../linux/inet';
import type { NetNamespace } from '../../../../linux/netns';
import { renderRule } from '../../../../linux/netfilter/iptables-save';
import type { PortMatch, Rule, TableName } from '../../../../linux/netfilter/types';
import { comment, ensureChain, jump } from '../../../../linux/netfilter/types';

/** The shared chains; upstream warns they must never be renamed. */
export const TopLevelDNATChainName = 'CNI-HOSTPORT-DNAT';
export const SetMarkChainName = 'CNI-HOSTPORT-SETMARK';
export const MarkMasqChainName = 'CNI-HOSTPORT-MASQ';

/** Kubernetes uses mark bits 14 and 15, Calico 20-31: portmap takes 13 (0x2000). */
export const DefaultMarkBit = 13;

const maxChainLength = 28;
const chainPrefix = 'CNI-';
/** multiport takes at most 15 ports per rule */
const multiportMax = 15;

/** One entry of runtimeConfig.portMappings (CONVENTIONS.md): what containerd passes for a hostPort. */
export interface PortMapEntry {
  hostPort: number;
  containerPort: number;
  /** lowercase, as containerd writes it: `tcp`, `udp`, `sctp` */
  protocol: string;
  hostIP?: string;
}

export interface PortMapConf {
  /** the network's name in the conflist: `cbr0` (flannel), `k8s-pod-network` (Calico, canal) */
  name: string;
  /** default true: mark hairpin and localhost connections for masquerade */
  snat?: boolean;
  /** default 13 */
  markMasqBit?: number;
  /** masquerade every connection to a hostPort, not only hairpin ones */
  masqAll?: boolean;
  runtimeConfig: { portMappings: readonly PortMapEntry[] };
}

export interface PortMapArgs {
  /** CNI_CONTAINERID: the sandbox's id */
  containerID: string;
  /** the container's IPv4 address with its prefix from the previous result (`10.244.1.5/24`) */
  containerNet: string;
}

/** MustFormatHashWithPrefix: `prefix` followed by the hex SHA-512 of `toHash`, cut to `length` characters. */
export function mustFormatHashWithPrefix(length: number, prefix: string, toHash: string): string {
  if (prefix.length >= length || length > 128) throw new Error('invalid length');
  return `${prefix}${hex(sha512(toHash))}`.slice(0, length);
}

/** MustFormatChainNameWithPrefix: `CNI-` + prefix + sha512(name + id), 28 characters (`CNI-DN-2bbe0c48b91a7d1b8a675`). */
export function mustFormatChainNameWithPrefix(name: string, id: string, prefix: string): string {
  return mustFormatHashWithPrefix(maxChainLength, chainPrefix + prefix, name + id);
}

/** The per-container DNAT chain (genDnatChain). */
export function dnatChainName(netName: string, containerID: string): string {
  return mustFormatChainNameWithPrefix(netName, containerID, 'DN-');
}

/** trimComment: iptables keeps at most 255 characters of a comment. */
function trimComment(val: string): string {
  return val.length <= 255 ? val : `${val.slice(0, 253)}...`;
}

/**
 * The portMappings containerd hands the plugin for a pod: every container port with a hostPort
 * (kubelet's generatePodSandboxConfig, containerd's toCNIPortMappings skips hostPort <= 0).
 */
export function portMappingsOf(pod: Pod): PortMapEntry[] {
  const out: PortMapEntry[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: (p.protocol ?? 'TCP').toLowerCase(), ...(p.hostIP ? { hostIP: p.hostIP } : {}) });
    }
  }
  return out;
}

/** utils.InsertUnique: nothing when an identical rule is there, else insert at the top (prepend) or append. */
function insertUnique(host: NetNamespace, table: TableName, chain: string, prepend: boolean, rule: Rule): void {
  const c = ensureChain(host.netfilter, table, chain);
  const text = renderRule(chain, rule);
  if (c.rules.some((r) => renderRule(chain, r) === text)) return;
  if (prepend) c.rules.unshift(rule);
  else c.rules.push(rule);
}

const isUnspecified = (ip: string) => ip === '0.0.0.0';
const isV6 = (ip: string) => ip.includes(':');

/** The L4 match iptables loads implicitly for `-p <proto> --dport N` (saved as `-m tcp --dport N`). */
function dportMatch(protocol: string, port: number): Rule['matches'][number] | undefined {
  return protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp' ? { module: protocol, dport: { port } } : undefined;
}

/** groupByProto + splitPortList: the host ports per protocol, in entry order, 15 to a list. */
function portLists(entries: readonly PortMapEntry[]): { proto: string; ports: PortMatch[] }[] {
  const byProto = new Map<string, number[]>();
  for (const e of entries) byProto.set(e.protocol, [...(byProto.get(e.protocol) ?? []), e.hostPort]);
  const out: { proto: string; ports: PortMatch[] }[] = [];
  for (const proto of [...byProto.keys()].sort()) {
    const ports = byProto.get(proto)!;
    for (let i = 0; i < ports.length; i += multiportMax) out.push({ proto, ports: ports.slice(i, i + multiportMax).map((port) => ({ port })) });
  }
  return out;
}

/**
 * cmdAdd (forwardPorts for the IPv4 address): the SETMARK and MASQ chains (with snat), the top-level
 * CNI-HOSTPORT-DNAT chain and its jumps from PREROUTING and OUTPUT, then this container's CNI-DN-
 * chain, whose entry is prepended in CNI-HOSTPORT-DNAT so the newest container wins a port.
 * Idempotent (every rule goes through InsertUnique). No port mappings: nothing at all, as upstream.
 *
 * Worked example, flannel (network `cbr0`), pod 10.244.1.5/24 with hostPort 8080 -> containerPort 80:
 *   CNI-DN-<sha512("cbr0" + id)[:21]>: -s 10.244.1.0/24 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
 *                                      -s 127.0.0.1/32 -p tcp -m tcp --dport 8080 -j CNI-HOSTPORT-SETMARK
 *                                      -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.244.1.5:80
 */
export function cmdAdd(host: NetNamespace, conf: PortMapConf, args: PortMapArgs): void {
  const entries = conf.runtimeConfig.portMappings;
  if (entries.length === 0) return;
  const snat = conf.snat ?? true;
  const markBit = conf.markMasqBit ?? DefaultMarkBit;
  if (markBit < 0 || markBit > 31) throw new Error('MasqMarkBit must be between 0 and 31');
  for (const pm of entries) {
    if (pm.containerPort <= 0) throw new Error(`Invalid container port number: ${pm.containerPort}`);
    if (pm.hostPort <= 0) throw new Error(`Invalid host port number: ${pm.hostPort}`);
  }
  const mark = (1 << markBit) >>> 0;
  const containerIP = args.containerNet.split('/')[0];
  const { network, prefixLen } = toPrefix(args.containerNet);

  // The mark chains first: the DNAT rules jump to SETMARK.
  if (snat) {
    ensureChain(host.netfilter, 'nat', SetMarkChainName);
    insertUnique(host, 'nat', SetMarkChainName, false, { matches: [comment('CNI portfwd masquerade mark')], target: { kind: 'MARK', value: mark, mask: mark } });
    ensureChain(host.netfilter, 'nat', MarkMasqChainName);
    insertUnique(host, 'nat', MarkMasqChainName, false, { matches: [{ module: 'mark', value: mark, mask: mark }], target: { kind: 'MASQUERADE' } });
    // Prepended: the bridge and ptp plugins' own masquerade rules would otherwise come first.
    insertUnique(host, 'nat', 'POSTROUTING', true, { matches: [comment('CNI portfwd requiring masquerade')], target: jump(MarkMasqChainName) });
  }

  // genToplevelDnatChain: appended, so it stays behind kube-proxy's KUBE-SERVICES.
  ensureChain(host.netfilter, 'nat', TopLevelDNATChainName);
  for (const entry of ['PREROUTING', 'OUTPUT']) {
    insertUnique(host, 'nat', entry, false, { matches: [{ module: 'addrtype', dstType: 'LOCAL' }], target: jump(TopLevelDNATChainName) });
  }

  // genDnatChain + fillDnatRules: per entry the hairpin mark, the localhost mark, the DNAT.
  const chain = dnatChainName(conf.name, args.containerID);
  ensureChain(host.netfilter, 'nat', chain);
  const rules: Rule[] = [];
  for (const e of entries) {
    let dst: string | undefined;
    if (e.hostIP) {
      if (isV6(e.hostIP)) continue; // the address family must match the container's
      if (!isUnspecified(e.hostIP)) dst = e.hostIP;
    }
    const l4 = dportMatch(e.protocol, e.hostPort);
    const base = (src?: string): Rule => ({
      ...(src ? { src: { cidr: src } } : {}),
      ...(dst ? { dst: { cidr: `${dst}/32` } } : {}),
      proto: { name: e.protocol },
      matches: l4 ? [l4] : [],
    });
    if (snat) {
      // masqAll: `-s 0.0.0.0/0`, which iptables-save leaves out.
      rules.push({ ...base(conf.masqAll ? undefined : `${network}/${prefixLen}`), target: jump(SetMarkChainName) });
      if (!conf.masqAll) rules.push({ ...base('127.0.0.1/32'), target: jump(SetMarkChainName) });
    }
    rules.push({ ...base(), target: { kind: 'DNAT', toDestination: `${containerIP}:${e.containerPort}` } });
  }
  for (const r of rules) insertUnique(host, 'nat', chain, false, r);

  const text = trimComment(`dnat name: "${conf.name}" id: "${args.containerID}"`);
  for (const { proto, ports } of portLists(entries)) {
    insertUnique(host, 'nat', TopLevelDNATChainName, true, {
      proto: { name: proto },
      matches: [comment(text), { module: 'multiport', dports: ports }],
      target: jump(chain),
    });
  }
}

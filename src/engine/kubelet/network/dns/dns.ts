// The pod's /etc/resolv.conf: the kubelet picks nameservers, search domains and options from the pod's
// dnsPolicy and dnsConfig (GetPodDNS), and the runtime (containerd) writes them as the file.
// UPSTREAM: pkg/kubelet/network/dns/dns.go; containerd internal/cri/server/podsandbox (parseDNSOptions)
// SIMPLIFICATION: merged options keep first-seen order (upstream ranges over a Go map, so its order
// varies); a kubelet without --resolv-conf ("" => 127.0.0.1) is not modelled.

import type { Pod } from 'kubernetes-types/core/v1';

/** The three lines of a resolv.conf the kubelet and containerd care about. */
export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** The kubelet's DNS settings (KubeletConfiguration clusterDNS / clusterDomain, --resolv-conf). */
export interface DNSConfigurer {
  /** kubeadm sets it to the kube-dns Service's ClusterIP (10.96.0.10); empty = no cluster DNS */
  clusterDNS: string[];
  /** 'cluster.local'; '' leaves ClusterFirst's search list to the host's */
  clusterDomain: string;
  /** the node's resolv.conf, parsed (parseResolvConf) */
  hostResolvConf: ResolvConf;
}

/** An event the kubelet records while forming the DNS config (type Warning). */
export interface DNSEvent {
  reason: 'MissingClusterDNS' | 'DNSConfigForming';
  message: string;
}

/** The node's /etc/resolv.conf: the docker network's gateway resolver of a kind/minikube node. */
export const NODE_RESOLV_CONF = 'nameserver 192.168.49.1\n';

/** validation.MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars. */
export const MAX_DNS_NAMESERVERS = 3;
export const MAX_DNS_SEARCH_PATHS = 32;
export const MAX_DNS_SEARCH_LIST_CHARS = 2048;

/** defaultDNSOptions: what ClusterFirst pods get. */
export const DEFAULT_DNS_OPTIONS = ['ndots:5'];

/** parseResolvConf: every nameserver line, the last search line (trailing dots trimmed), options merged by name. */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const fields = line.split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    if (fields[0] === 'nameserver' && fields.length > 1) conf.nameservers.push(fields[1]);
    // The last search line wins; `.` is no domain, and a trailing dot is dropped so duplicates count once.
    if (fields[0] === 'search') conf.searches = fields.slice(1).filter((s) => s !== '.').map((s) => s.replace(/\.$/, ''));
    if (fields[0] === 'options') conf.options = mergeDNSOptions(conf.options, fields.slice(1).map(splitOption));
  }
  return conf;
}

type PodDNSType = 'cluster' | 'host' | 'none';

/** getPodDNSType: ClusterFirst on the host network falls back to Default; ClusterFirstWithHostNet does not. */
export function getPodDNSType(pod: Pod): PodDNSType {
  switch (pod.spec?.dnsPolicy ?? 'ClusterFirst') {
    case 'None':
      return 'none';
    case 'ClusterFirstWithHostNet':
      return 'cluster';
    case 'ClusterFirst':
      return pod.spec?.hostNetwork ? 'host' : 'cluster';
    case 'Default':
      return 'host';
    default:
      return 'cluster'; // the API server rejects any other policy
  }
}

/**
 * GetPodDNS: the pod's nameservers, searches and options, and the Warning events the kubelet records
 * on the way. Worked example (namespace `shop`, node search `lan`, ClusterFirst, dnsConfig adding
 * search `corp.example` and option ndots:2): search `shop.svc.cluster.local svc.cluster.local
 * cluster.local lan corp.example`, nameserver 10.96.0.10, options `ndots:2` (dnsConfig overrides).
 */
export function getPodDNS(pod: Pod, c: DNSConfigurer): { config: ResolvConf; events: DNSEvent[] } {
  const events: DNSEvent[] = [];
  const host = c.hostResolvConf;
  let config: ResolvConf = { nameservers: [...host.nameservers], searches: [...host.searches], options: [...host.options] };
  const type = getPodDNSType(pod);
  if (type === 'none') {
    config = { nameservers: [], searches: [], options: [] };
  } else if (type === 'cluster') {
    if (c.clusterDNS.length > 0) {
      // The cluster DNS server is the only nameserver; it forwards what it does not know itself.
      config = { nameservers: [...c.clusterDNS], searches: generateSearchesForDNSClusterFirst(c.clusterDomain, host.searches, pod), options: [...DEFAULT_DNS_OPTIONS] };
    } else {
      events.push({
        reason: 'MissingClusterDNS',
        message: `pod: "${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid ?? ''})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`,
      });
    }
  }
  const extra = pod.spec?.dnsConfig;
  if (extra) {
    config = {
      nameservers: omitDuplicates([...config.nameservers, ...(extra.nameservers ?? [])]),
      searches: omitDuplicates([...config.searches, ...(extra.searches ?? [])]),
      options: mergeDNSOptions(config.options, (extra.options ?? []).map((o) => ({ name: o.name ?? '', value: o.value }))),
    };
  }
  config.nameservers = formDNSNameserversFitsLimits(config.nameservers, events);
  config.searches = formDNSSearchFitsLimits(config.searches, events);
  return { config, events };
}

/** The file as containerd writes it (search, nameserver, options lines); '' means "copy the node's". */
export function formatResolvConf(c: ResolvConf): string {
  let out = '';
  if (c.searches.length > 0) out += `search ${c.searches.join(' ')}\n`;
  if (c.nameservers.length > 0) out += `nameserver ${c.nameservers.join('\nnameserver ')}\n`;
  if (c.options.length > 0) out += `options ${c.options.join(' ')}\n`;
  return out;
}

/** What `cat /etc/resolv.conf` shows inside the pod. */
export function podResolvConf(pod: Pod, c: DNSConfigurer, nodeResolvConf = NODE_RESOLV_CONF): string {
  // containerd copies the node's file when the kubelet's config comes out empty.
  return formatResolvConf(getPodDNS(pod, c).config) || nodeResolvConf;
}

/** generateSearchesForDNSClusterFirst: `<ns>.svc.<domain> svc.<domain> <domain>` then the host's. */
function generateSearchesForDNSClusterFirst(clusterDomain: string, hostSearch: string[], pod: Pod): string[] {
  if (clusterDomain === '') return hostSearch;
  const ns = pod.metadata?.namespace ?? 'default';
  return omitDuplicates([`${ns}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...hostSearch]);
}

function formDNSNameserversFitsLimits(nameservers: string[], events: DNSEvent[]): string[] {
  if (nameservers.length <= MAX_DNS_NAMESERVERS) return nameservers;
  const kept = nameservers.slice(0, MAX_DNS_NAMESERVERS);
  events.push({ reason: 'DNSConfigForming', message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${kept.join(' ')}` });
  return kept;
}

function formDNSSearchFitsLimits(searches: string[], events: DNSEvent[]): string[] {
  let kept = searches;
  let exceeded = false;
  if (kept.length > MAX_DNS_SEARCH_PATHS) {
    kept = kept.slice(0, MAX_DNS_SEARCH_PATHS);
    exceeded = true;
  }
  // The search line may not exceed the character limit: drop whole domains from the end.
  while (kept.length > 0 && kept.join(' ').length > MAX_DNS_SEARCH_LIST_CHARS) {
    kept = kept.slice(0, -1);
    exceeded = true;
  }
  if (exceeded) {
    events.push({ reason: 'DNSConfigForming', message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${kept.join(' ')}` });
  }
  return kept;
}

function omitDuplicates(xs: string[]): string[] {
  return [...new Set(xs)];
}

function splitOption(op: string): { name: string; value?: string } {
  const i = op.indexOf(':');
  return i < 0 ? { name: op } : { name: op.slice(0, i), value: op.slice(i + 1) };
}

/** mergeDNSOptions: later options replace earlier ones of the same name (`ndots:5` + ndots=2 -> `ndots:2`). */
function mergeDNSOptions(existing: string[], added: Array<{ name: string; value?: string }>): string[] {
  const merged = new Map<string, string>();
  for (const op of existing.map(splitOption)) merged.set(op.name, op.value ?? '');
  for (const op of added) if (op.name !== '') merged.set(op.name, op.value ?? '');
  return [...merged].map(([name, value]) => (value !== '' ? `${name}:${value}` : name));
}

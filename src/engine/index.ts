// The engine's public entry point: the worker, the CLI and benchmarks import only this module.

export { World, DEFAULT_OPTIONS, USER_AGENT, SNAPSHOT_VERSION } from './sim/world';
export type { ClusterOptions, WorldSnapshot, WatchRecord, TraceWhatIf } from './sim/world';
export { parseDurationMs } from './sim/clock';
export type { KubeObject, ObjectRef, ObjectKey, ApiStatus } from './api/meta';
export { keyOf, splitKey } from './api/meta';
export { resourceForKind } from './api/resources';
export type { ApplyResult, CommandOutput, Diagnostic, DocumentResult } from './kubectl/results';
export type { DocumentDiff, DocumentChange } from './kubectl/cmd/diff';
export type { PlacementReport, PlacementVerdict, PluginVerdict, ScoreBreakdown } from './scheduler/framework/verdict';
export type { AttemptDetail, AttemptSummary, FilterVerdict, NodeAttemptDetail, NodeScoreDetail, PreemptionDetail } from './scheduler/explain/attempts';
export type { QueuedPod } from './scheduler/scheduler';
export type { WorkloadRef, LoadKind, PodMetrics, NodeMetrics, ContainerMetrics } from './metrics/metrics-server';
export { LOAD_KINDS, METRICS_RESOLUTION_MS } from './metrics/metrics-server';
export { formatHPAMetrics } from './kubectl/printers/autoscaling';
export { podRequests } from './api/resource';
export { cpuMillis, bytes } from './api/quantity';
export { podReady, podStatus } from './kubectl/printers/pod';
export { deriveNodeNetwork, runNodeShell, runPodShell } from './cni/node-network';
export type { ClusterNetworkState, NodeNetwork, CniBackendName, ProxyMode, IpvsScheduler } from './cni/types';
export { CNI_BACKEND_NAMES, PROXY_MODES, IPVS_SCHEDULERS, isCniBackendName, isIpvsScheduler } from './cni/types';
export type { NetNamespace, Link, InetAddress, Route, Neighbour, FdbEntry } from './linux/netns';
export type { Rule as NetfilterRule, Match as NetfilterMatch, Target as NetfilterTarget, Netfilter } from './linux/netfilter/types';
export type { ConntrackEntry } from './linux/conntrack';
export type { ShellResult } from './linux/shell';
export { formatTrace } from './linux/trace-format';
export type { PacketTrace, TraceRequest, TraceHop, TraceEndpoint, DnsLookup } from './api/trace';

// Headless kube-sandbox: build a World, then apply manifests, let simulated time pass and run
// kubectl commands, in the order given. `npm run sim -- -f examples/ --for 90s -c "kubectl get pods"`.
// SIMPLIFICATION: `-f` reads local files and folders only (no URLs, no stdin, no -k).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CNI_BACKEND_NAMES, IPVS_SCHEDULERS, World, isCniBackendName, isIpvsScheduler, parseDurationMs } from '../src/engine/index';
import type { CniBackendName, CommandOutput, IpvsScheduler, ProxyMode, WatchSource } from '../src/engine/index';
import { startKubectlWatch } from '../src/engine/index';
import { formatTrace } from '../src/engine/index';

const MAX_NODE_SUBNETS = 16;

export const USAGE = `Usage: npm run sim -- [--nodes N] [--seed N] [--cluster-cidr CIDR] [--cni NAME] [--proxy-mode MODE] [--ipvs-scheduler NAME] [--node-subnets N] [--cluster-autoscaler MIN:MAX] [--trace] ARG...

Builds a simulated cluster (a control-plane node and N worker nodes), then runs each ARG in order:
  -f PATH        apply a manifest file, or every .yaml/.yml/.json file under a folder (recursively,
                 in name order), printing what kubectl apply -f prints
  --for DURATION let simulated time pass: 500ms, 90s, 2m, 1h (or combined, 1m30s)
  -c "COMMAND"   run a kubectl command, e.g. -c "kubectl get pods -o wide"; a watch
                 (-c "kubectl get pods -w") keeps printing a row per change while the ARGs
                 after it run (--for, -f, -c), until the last ARG (kubectl's Ctrl+C)

Options:
  --nodes N      worker nodes (default 3)
  --seed N       random seed (default 1); the same seed and ARGs give the same output
  --cluster-cidr CIDR
                 the pod network, split into one /24 per node (default 10.244.0.0/16: room for
                 256 nodes; use e.g. 10.0.0.0/8 for more: the node blocks inside the service
                 CIDR 10.96.0.0/12 are skipped, as kube-controller-manager does)
  --cni NAME     the CNI back end that programs every node's network (default flannel-vxlan):
                 ${CNI_BACKEND_NAMES.join(', ')}
  --proxy-mode MODE
                 kube-proxy's mode: iptables (default) or ipvs (kube-ipvs0, ipvsadm -Ln)
  --ipvs-scheduler NAME
                 kube-proxy's IPVS scheduler for every virtual server (with --proxy-mode ipvs;
                 default rr): ${IPVS_SCHEDULERS.join(', ')}
  --node-subnets N
                 the node network's subnets (1 to ${MAX_NODE_SUBNETS}, default 1: one L2 segment 192.168.49.0/24);
                 2: workers alternate between 192.168.49.0/24 and 192.168.50.0/24 behind a
                 router, so flannel-host-gw and calico-bgp cannot link nodes across it
  --cluster-autoscaler MIN:MAX
                 run the simulated cluster-autoscaler over the workers (one node group, as
                 --nodes=MIN:MAX:workers): a node is added when pods are Pending for lack of
                 resources, and an underused one removed after 10 minutes (off by default)
  --trace        after a command that sends packets (kubectl exec POD -- curl/wget/ping/nslookup),
                 print its packet trace: DNS queries, every hop with the rule that acted, the outcome
  -h, --help     show this help

Exit status: 0 when everything succeeded, 1 when an apply or a command failed, 2 for bad arguments.
`;

/** Where the CLI writes; tests capture it, the real CLI writes to the process streams. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The part of World the CLI drives; `readFile` lets `kubectl apply -f` read local files. */
export interface SimWorld extends Partial<WatchSource> {
  step(ms: number): void;
  kubectl(commandLine: string, readFile?: (path: string) => string): CommandOutput;
}

function canWatch(world: SimWorld): world is SimWorld & WatchSource {
  return world.onWatch !== undefined && world.now !== undefined && world.creationEpochMs !== undefined;
}

export interface CliDeps {
  createWorld(opts: { seed: number; workerNodes: number; clusterCIDR?: string; cni?: CniBackendName; proxyMode?: ProxyMode; ipvsScheduler?: IpvsScheduler; nodeSubnets?: number; clusterAutoscaler?: { minNodes: number; maxNodes: number } }): SimWorld;
}

const defaultDeps: CliDeps = {
  createWorld: (opts) => World.create(opts),
};

const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

type Action = { kind: 'apply'; path: string } | { kind: 'wait'; ms: number } | { kind: 'kubectl'; command: string };

/** Run the CLI over `argv` (without `node sim.ts`) and return the exit status. */
export function main(argv: readonly string[], io: CliIO = processIO, deps: CliDeps = defaultDeps): number {
  const parsed = parseArgs(argv);
  if ('help' in parsed) {
    io.stdout(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`error: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const nodeCIDRs = 2 ** (24 - Number((parsed.clusterCIDR ?? DEFAULT_CLUSTER_CIDR).split('/')[1]));
  if (parsed.nodes + 1 > nodeCIDRs) {
    io.stderr(`warning: the cluster CIDR has room for ${nodeCIDRs} node podCIDRs (/24 each); the other nodes get none (CIDRNotAvailable) and stay NotReady. Use --cluster-cidr 10.0.0.0/8\n`);
  }
  if (parsed.ipvsScheduler && parsed.proxyMode !== 'ipvs') {
    io.stderr(`warning: --ipvs-scheduler ${parsed.ipvsScheduler} has no effect without --proxy-mode ipvs (kube-proxy ignores it in iptables mode)\n`);
  }
  const world = deps.createWorld({ seed: parsed.seed, workerNodes: parsed.nodes, ...(parsed.clusterCIDR ? { clusterCIDR: parsed.clusterCIDR } : {}), ...(parsed.cni ? { cni: parsed.cni } : {}), ...(parsed.proxyMode ? { proxyMode: parsed.proxyMode } : {}), ...(parsed.ipvsScheduler ? { ipvsScheduler: parsed.ipvsScheduler } : {}), ...(parsed.nodeSubnets ? { nodeSubnets: parsed.nodeSubnets } : {}), ...(parsed.clusterAutoscaler ? { clusterAutoscaler: parsed.clusterAutoscaler } : {}) });
  let failed = false;
  /** running `get -w` watches: they print as later ARGs change the cluster, and stop after the last */
  const watches: Array<() => void> = [];
  for (const action of parsed.actions) {
    switch (action.kind) {
      case 'apply':
        if (!applyPath(world, action.path, io)) failed = true;
        break;
      case 'wait':
        world.step(action.ms);
        break;
      case 'kubectl': {
        const { watch, ...out } = world.kubectl(action.command, readText);
        if (out.stdout) io.stdout(out.stdout);
        if (out.stderr) io.stderr(out.stderr);
        if (parsed.trace && out.trace) io.stdout(formatTrace(out.trace));
        if (out.exitCode !== 0) failed = true;
        if (watch && canWatch(world)) watches.push(startKubectlWatch(world, watch, (text) => io.stdout(text)));
        break;
      }
    }
  }
  for (const stop of watches) stop();
  return failed ? 1 : 0;
}

const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

function parseArgs(argv: readonly string[]): { help: true } | { error: string } | { seed: number; nodes: number; clusterCIDR?: string; cni?: CniBackendName; proxyMode?: ProxyMode; ipvsScheduler?: IpvsScheduler; nodeSubnets?: number; clusterAutoscaler?: { minNodes: number; maxNodes: number }; trace: boolean; actions: Action[] } {
  let clusterAutoscaler: { minNodes: number; maxNodes: number } | undefined;
  let trace = false;
  let clusterCIDR: string | undefined;
  let cni: CniBackendName | undefined;
  let proxyMode: ProxyMode | undefined;
  let ipvsScheduler: IpvsScheduler | undefined;
  let nodeSubnets: number | undefined;
  let seed = 1;
  let nodes = 3;
  const actions: Action[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--trace') {
      trace = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const takesValue = ['-f', '--for', '-c', '--nodes', '--seed', '--cluster-cidr', '--cni', '--proxy-mode', '--ipvs-scheduler', '--node-subnets', '--cluster-autoscaler'].includes(name);
    if (!takesValue) return { error: `unknown argument "${arg}"` };
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else return { error: `${name} needs a value` };
    switch (name) {
      case '-f':
        actions.push({ kind: 'apply', path: value });
        break;
      case '-c':
        actions.push({ kind: 'kubectl', command: value });
        break;
      case '--for': {
        const ms = parseDurationMs(value);
        if (ms === undefined) return { error: `invalid duration "${value}" for --for (use e.g. 500ms, 90s, 2m, 1h)` };
        actions.push({ kind: 'wait', ms });
        break;
      }
      case '--cluster-cidr': {
        const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
        if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 24 || Number(m[5]) < 8) {
          return { error: `invalid --cluster-cidr "${value}" (an IPv4 CIDR from /8 to /24, e.g. 10.0.0.0/8)` };
        }
        clusterCIDR = value;
        break;
      }
      case '--cni':
        if (!isCniBackendName(value)) return { error: `unknown CNI "${value}" for --cni (one of: ${CNI_BACKEND_NAMES.join(', ')})` };
        cni = value;
        break;
      case '--proxy-mode':
        if (value !== 'iptables' && value !== 'ipvs') return { error: `unknown proxy mode "${value}" for --proxy-mode (one of: iptables, ipvs)` };
        proxyMode = value;
        break;
      case '--ipvs-scheduler':
        if (!isIpvsScheduler(value)) return { error: `unknown IPVS scheduler "${value}" for --ipvs-scheduler (one of: ${IPVS_SCHEDULERS.join(', ')})` };
        ipvsScheduler = value;
        break;
      case '--node-subnets':
        if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_NODE_SUBNETS) return { error: `--node-subnets needs a whole number from 1 to ${MAX_NODE_SUBNETS}, not "${value}"` };
        nodeSubnets = Number(value);
        break;
      case '--cluster-autoscaler': {
        const m = /^(\d+):(\d+)$/.exec(value);
        if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) < 1) return { error: `--cluster-autoscaler needs MIN:MAX with 0 <= MIN <= MAX and MAX >= 1, e.g. 1:6, not "${value}"` };
        clusterAutoscaler = { minNodes: Number(m[1]), maxNodes: Number(m[2]) };
        break;
      }
      case '--nodes':
      case '--seed': {
        if (!/^\d+$/.test(value)) return { error: `${name} needs a whole number, not "${value}"` };
        if (name === '--nodes') nodes = Number(value);
        else seed = Number(value);
        break;
      }
    }
  }
  return { seed, nodes, ...(clusterCIDR ? { clusterCIDR } : {}), ...(cni ? { cni } : {}), ...(proxyMode ? { proxyMode } : {}), ...(ipvsScheduler ? { ipvsScheduler } : {}), ...(nodeSubnets ? { nodeSubnets } : {}), ...(clusterAutoscaler ? { clusterAutoscaler } : {}), trace, actions };
}

/**
 * `kubectl apply -f PATH`: one file, or a folder walked as kubectl walks it. Each file goes through
 * the World's own `kubectl apply -f`, so the lines printed are exactly the terminal's.
 * Returns false on any failure.
 */
function applyPath(world: SimWorld, path: string, io: CliIO): boolean {
  let files: string[];
  try {
    files = statSync(path).isDirectory() ? manifestFiles(path) : [path];
  } catch {
    io.stderr(`error: the path "${path}" does not exist\n`);
    return false;
  }
  if (files.length === 0) {
    io.stderr('error: no objects passed to apply\n');
    return false;
  }
  let ok = true;
  for (const file of files) {
    const out = world.kubectl(`kubectl apply -f ${shellQuote(file)}`, readText);
    if (out.stdout) io.stdout(out.stdout);
    if (out.stderr) io.stderr(out.stderr);
    if (out.exitCode !== 0) ok = false;
  }
  return ok;
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** One shell word, whatever the path holds: 'it'\''s here' -> it's here. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * Manifest files under a folder in the order kubectl's FileVisitor meets them (filepath.Walk):
 * names sorted byte-wise in each folder, sub-folders entered where they sort, only .yaml/.yml/.json.
 */
export function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  const names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...manifestFiles(full));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(full);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}

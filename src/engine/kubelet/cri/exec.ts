// What a process started by `kubectl exec` prints: the container's userland (curl, wget, ping,
// nslookup, cat, env, hostname, ip, sh -c) answering from the image catalogue and packet traces.
// UPSTREAM: none — this is the container's userland (curl 8.x, busybox 1.36, iputils, bind9); the
// start error is containerd's (internal/cri/server/container_execsync.go) as the kubelet's streaming
// server wraps it (staging/src/k8s.io/kubelet/pkg/cri/streaming/remotecommand/exec.go).
// SIMPLIFICATION: `sh -c` runs lists and redirections but no pipes (runtime/files/userland.ts); files come
// from the container's filesystem (runtime/files/, ctx.fs) or, without one, the image's rootfs; ping without
// -c stops after 4 packets and prints IPs, not reverse names; timings are fixed small numbers; a tool
// the image has but we do not simulate says so (exit 127).

import type { Pod } from 'kubernetes-types/core/v1';
import type { DnsLookup, PacketTrace, TraceRequest } from '../../api/trace';
import type { CommandOutput, ExecOutput } from '../../kubectl/results';
import { imageProfile } from '../runtime/images';
import type { ImageProfile } from '../runtime/images';
import { nslookup as runNslookup, nslookupFlavorForImage, parseNslookupArgs } from '../../dns/nslookup';
import type { DnsServer } from '../../dns/resolver';
import { parseResolvConf } from '../network/dns/dns';
import { formatNslookup } from './nslookup-format';
import { curl, wget } from './http-clients';
import { httpResponse, isIPv4, podKey, resolvedAddress } from './net';
import type { ContainerFs } from '../runtime/files/container-fs';
import { ephemeralContainerFs, etcHostsFile } from '../runtime/files/filesystems';
import { fileTool, FILE_TOOLS, runShell, type Userland } from '../runtime/files/userland';

/** What a process in the container can reach: its pod, its image, the network and the node's view. */
export interface ExecContext {
  pod: Pod;
  container: string;
  image: string;
  /** traces a request from this pod (DNS first when `to` is a name); throws only on invalid input */
  trace(req: TraceRequest): PacketTrace;
  /** the DNS queries for a name as this pod's resolver sends them (ndots/search expansion) */
  lookup(name: string, type: 'A' | 'AAAA' | 'SRV' | 'PTR'): DnsLookup[];
  resolvConf: string;
  env: Record<string, string>;
  hostname: string;
  /** `ip ...` etc. in the pod's network namespace (runPodShell) */
  netShell(commandLine: string): CommandOutput;
  /**
   * Ask one DNS server one question from this pod (src/engine/dns/resolver.ts). With it, nslookup
   * prints through src/engine/dns/nslookup.ts; without it, through `lookup` and a minimal formatter.
   */
  askDns?: DnsServer;
  /** a pod by key `namespace/name`, to know what the server that answered runs (its image) */
  podOf?(key: string): Pod | undefined;
  /** stdout is a terminal (`kubectl exec -t`): curl shows no progress meter, ls prints columns */
  tty?: boolean;
  /** wall-clock-like epoch ms for HTTP Date headers; no Date header without it */
  epochMs?: number;
  /** the container's filesystem (runtime/files/filesystems.ts); without it, the image's rootfs and a throwaway layer */
  fs?: ContainerFs;
  /** a file as a server container of another pod reads it (nginx's web root), for HTTP answers */
  serverFile?(pod: Pod, container: string, path: string): string | undefined;
}

/** Run `argv` in the container as the CRI's ExecSync/Exec would start it (no shell unless argv[0] is one). */
export function execInContainer(ctx: ExecContext, argv: string[]): ExecOutput {
  const profile = imageProfile(ctx.image);
  const exe = argv[0] ?? '';
  if (!profile.executables.has(basename(exe))) {
    const why = exe.includes('/') ? `stat ${exe}: no such file or directory` : 'executable file not found in $PATH';
    return {
      stdout: '',
      stderr: '',
      exitCode: 1,
      startError:
        `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec ` +
        `"${execId(ctx, argv)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${exe}": ${why}: unknown`,
    };
  }
  return runProgram({ ctx, profile, fs: ctx.fs ?? defaultFs(ctx) }, argv);
}

/** What a program runs with: the exec context, the image's catalogue entry and the container's files. */
export interface Env {
  ctx: ExecContext;
  profile: ImageProfile;
  fs: ContainerFs;
}

/** The files of a container when the caller has no filesystem for it: the rootfs and the kubelet's /etc files. */
function defaultFs(ctx: ExecContext): ContainerFs {
  const hosts = etcHostsFile(ctx.pod.status?.podIP, ctx.hostname);
  return ephemeralContainerFs(ctx.image, ctx.pod, { hosts, hostname: ctx.hostname, resolvConf: ctx.resolvConf }, defaultIndexHtml, ctx.epochMs ?? 0);
}

/** The default page an HTTP server image ships (net.ts owns its bytes). */
export function defaultIndexHtml(profile: ImageProfile): string {
  return httpResponse(profile, 'GET', '/')?.body ?? '';
}

/** The shell and file tools' view of this process. */
function userland(e: Env): Userland {
  return { fs: e.fs, profile: e.profile, env: new Map(envLines(e)), cwd: e.ctx.env.PWD ?? '/', ...(e.ctx.tty ? { tty: true } : {}), epochMs: e.ctx.epochMs ?? 0, other: (argv) => runProgram(e, argv) };
}

const out = (stdout: string, stderr = '', exitCode = 0, trace?: PacketTrace): CommandOutput => ({ stdout, stderr, exitCode, ...(trace ? { trace } : {}) });

function runProgram(e: Env, argv: string[]): CommandOutput {
  const name = basename(argv[0]);
  const args = argv.slice(1);
  switch (name) {
    case 'sh': case 'ash': case 'dash': case 'bash': case 'zsh':
      return runShell(userland(e), name, args);
    case 'true': case 'sleep': case 'sync':
      return out('');
    case 'false':
      return out('', '', 1);
    case 'hostname':
      if (args.includes('-i')) return out(`${e.ctx.pod.status?.podIP ?? ''}\n`);
      return out(`${e.ctx.hostname}\n`);
    case 'env':
      return out(envLines(e).map(([k, v]) => `${k}=${v}\n`).join(''));
    case 'printenv': {
      if (args.length === 0) return out(envLines(e).map(([k, v]) => `${k}=${v}\n`).join(''));
      const env = new Map(envLines(e));
      const found = args.filter((a) => env.has(a));
      return out(found.map((a) => `${env.get(a)}\n`).join(''), '', found.length === args.length ? 0 : 1);
    }
    case 'ip':
      return e.ctx.netShell(['ip', ...args].map(quote).join(' '));
    case 'curl':
      return curl(e, argv);
    case 'wget':
      return wget(e, argv);
    case 'ping':
      return ping(e, args);
    case 'nslookup':
      return nslookup(e, args);
    default:
      if (FILE_TOOLS.has(name)) return fileTool(userland(e), [name, ...args])!;
      return out('', `${name}: this command is not simulated in the sandbox (it exists in ${e.ctx.image}); try curl, wget, ping, nslookup, cat, env, hostname or ip\n`, 127);
  }
}

// ---- files and environment ----

function envLines(e: Env): [string, string][] {
  const lines: [string, string][] = [];
  const env = e.ctx.env;
  if (!('PATH' in env)) lines.push(['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
  if (!('HOSTNAME' in env)) lines.push(['HOSTNAME', e.ctx.hostname]);
  for (const [k, v] of Object.entries(env)) lines.push([k, v]);
  if (!('HOME' in env)) lines.push(['HOME', '/root']);
  return lines;
}

// ---- ping ----

function ping(e: Env, args: string[]): CommandOutput {
  const iputils = e.profile.tools === 'full';
  let count = 0;
  let host: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-c') count = Number(args[++i]);
    else if (a.startsWith('-c')) count = Number(a.slice(2));
    else if (a === '-W' || a === '-w' || a === '-i' || a === '-s') i++;
    else if (!a.startsWith('-')) host = a;
  }
  if (!host) {
    return iputils
      ? out('', 'ping: usage error: Destination address required\n', 1)
      : out('', 'BusyBox v1.36.1 multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n', 1);
  }
  if (!Number.isInteger(count) || count < 0) return out('', `ping: invalid count: ${args[args.indexOf('-c') + 1]}\n`, 1);
  let note = '';
  if (count === 0) {
    count = 4;
    note = 'ping without -c runs until interrupted; the sandbox stops it after 4 packets\n';
  }
  const isIp = isIPv4(host);
  let t: PacketTrace;
  try {
    t = e.ctx.trace({ from: { kind: 'pod', pod: podKey(e.ctx.pod) }, to: host, protocol: 'ICMP', payload: 'ICMP echo request', command: ['ping', ...args].join(' ') });
  } catch {
    return out('', iputils ? `ping: ${host}: Name or service not known\n` : `ping: bad address '${host}'\n`, iputils ? 2 : 1);
  }
  const resolved = resolvedAddress(host, t);
  if (!resolved) return out('', iputils ? `ping: ${host}: Name or service not known\n` : `ping: bad address '${host}'\n`, iputils ? 2 : 1, t);
  const replied = t.outcome.replied;
  const ttl = replyTtl(t);
  const rtts = Array.from({ length: count }, (_, i) => 0.05 + 0.004 * t.hops.length + 0.003 * ((i * 7) % 5));
  const ms = (x: number) => x.toFixed(3);
  const min = Math.min(...rtts), max = Math.max(...rtts), avg = rtts.reduce((a, b) => a + b, 0) / count;
  let stdout = '';
  if (iputils) {
    const shown = isIp ? host : (resolved.name ?? host);
    stdout += `PING ${shown} (${resolved.ip}) 56(84) bytes of data.\n`;
    if (replied) for (let i = 0; i < count; i++) stdout += `64 bytes from ${resolved.ip}: icmp_seq=${i + 1} ttl=${ttl} time=${ms(rtts[i])} ms\n`;
    stdout += `\n--- ${shown} ping statistics ---\n`;
    stdout += `${count} packets transmitted, ${replied ? count : 0} received, ${replied ? 0 : 100}% packet loss, time ${(count - 1) * 1000 + (replied ? 3 : 40)}ms\n`;
    if (replied) {
      const mdev = Math.sqrt(rtts.reduce((a, x) => a + (x - avg) ** 2, 0) / count);
      stdout += `rtt min/avg/max/mdev = ${ms(min)}/${ms(avg)}/${ms(max)}/${ms(mdev)} ms\n`;
    }
  } else {
    stdout += `PING ${host} (${resolved.ip}): 56 data bytes\n`;
    if (replied) for (let i = 0; i < count; i++) stdout += `64 bytes from ${resolved.ip}: seq=${i} ttl=${ttl} time=${ms(rtts[i])} ms\n`;
    stdout += `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${replied ? count : 0} packets received, ${replied ? 0 : 100}% packet loss\n`;
    if (replied) stdout += `round-trip min/avg/max = ${ms(min)}/${ms(avg)}/${ms(max)} ms\n`;
  }
  return out(stdout, note, replied ? 0 : 1, t);
}

function replyTtl(t: PacketTrace): number {
  const replies = t.hops.filter((h) => h.direction === 'reply');
  return replies.length > 0 ? replies[replies.length - 1].after.ip.ttl : 64;
}

// ---- nslookup ----

function nslookup(e: Env, args: string[]): CommandOutput {
  const parsed = parseNslookupArgs(args);
  const busybox = e.profile.tools === 'busybox';
  if ('error' in parsed) {
    return busybox
      ? out('', 'BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n', 1)
      : out('', `${parsed.error}\n`, 1);
  }
  if (e.ctx.askDns) {
    const flavor = !busybox ? 'bind' : e.profile.base === 'busybox' ? nslookupFlavorForImage(e.ctx.image) : 'busybox';
    const conf = parseResolvConf(e.ctx.resolvConf);
    const r = runNslookup({ name: parsed.name, ...(parsed.server ? { server: parsed.server } : {}), ...(parsed.type ? { type: parsed.type } : {}), conf, ask: e.ctx.askDns, flavor });
    return out(r.stdout, r.stderr, r.exitCode, lastTrace(r.lookups));
  }
  const type = (parsed.type ?? 'A') as 'A' | 'AAAA' | 'SRV' | 'PTR';
  const lookups = e.ctx.lookup(parsed.name, type);
  const server = parsed.server ?? lookups[0]?.server ?? /^nameserver\s+(\S+)/m.exec(e.ctx.resolvConf)?.[1] ?? '';
  const text = formatNslookup(busybox ? 'busybox' : 'bind', parsed.name, server, lookups);
  return out(text.stdout, text.stderr, text.exitCode, lastTrace(lookups));
}

function lastTrace(lookups: readonly DnsLookup[]): PacketTrace | undefined {
  return [...lookups].reverse().find((l) => l.trace)?.trace;
}

// ---- helpers ----

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** A stable 64-hex exec id (containerd's are random; ours derive from the request). */
function execId(c: ExecContext, argv: string[]): string {
  const seed = `${podKey(c.pod)}/${c.container}/${argv.join('\0')}`;
  let hex = '';
  let h = 0x811c9dc5;
  for (let round = 0; hex.length < 64; round++) {
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return hex.slice(0, 64);
}

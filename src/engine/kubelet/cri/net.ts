// A TCP connection from a container as its userland sees it (resolved, refused, timed out, connected to
// which server) read from a packet trace, and what the server at the other end answers over HTTP.
// UPSTREAM: none — the servers' default responses (nginx's index.html and error pages, httpd's
// "It works!"), as the official images serve them.
// SIMPLIFICATION: Last-Modified/ETag are fixed per server; a server image we do not know answers 200
// with a short labelled body; localhost connects to the pod's own listeners without a trace.

import type { Pod } from 'kubernetes-types/core/v1';
import type { PacketTrace } from '../../api/trace';
import { imageProfile, listeningOf } from '../runtime/images';
import type { ImageProfile } from '../runtime/images';
import type { ExecContext } from './exec';

/** The process that accepted a connection. */
export interface ServerInfo {
  profile: ImageProfile;
  pod?: Pod;
  port: number;
  /** the server container's files (its web root), when the caller has the cluster's filesystems */
  readFile?(path: string): string | undefined;
}

export type Connection =
  | { kind: 'unresolved'; trace?: PacketTrace }
  | { kind: 'refused'; ip: string; elapsedMs: number; trace?: PacketTrace }
  | { kind: 'timeout'; ip: string; trace?: PacketTrace }
  | { kind: 'connected'; ip: string; server?: ServerInfo; trace?: PacketTrace };

/** Open a TCP connection from the exec'd process to host:port (a name resolves through the pod's DNS). */
export function connectTcp(ctx: ExecContext, host: string, port: number, payload: string, command: string, http?: { method: string; path: string; host: string }): Connection {
  if (host === 'localhost' || /^127\./.test(host) || host === '[::1]') {
    const ip = host === 'localhost' ? '127.0.0.1' : host;
    if (!listeningOf(ctx.pod).has(`TCP/${port}`)) return { kind: 'refused', ip, elapsedMs: 0 };
    return { kind: 'connected', ip, server: withFiles(ctx, serverIn(ctx.pod, port)) };
  }
  let trace: PacketTrace;
  try {
    trace = ctx.trace({ from: { kind: 'pod', pod: podKey(ctx.pod) }, to: host, port, protocol: 'TCP', payload, command, ...(http ? { http } : {}) });
  } catch {
    // The tracer refuses what it cannot route at all (a name nobody serves, an address outside every
    // network): to the program that is a name that did not resolve or a SYN that went nowhere.
    return isIPv4(host) ? { kind: 'timeout', ip: host } : { kind: 'unresolved' };
  }
  const resolved = resolvedAddress(host, trace);
  if (!resolved) return { kind: 'unresolved', trace };
  const ip = resolved.ip;
  const served = trace.outcome.servedBy;
  const serverPod = served?.kind === 'pod' ? ctx.podOf?.(served.pod) : undefined;
  const serverPort = lastRequestPort(trace) ?? port;
  if (isRefused(trace)) return { kind: 'refused', ip, elapsedMs: 1, trace };
  if (trace.outcome.delivered && serverPod && !listeningOf(serverPod).has(`TCP/${serverPort}`)) {
    return { kind: 'refused', ip, elapsedMs: 1, trace };
  }
  if (!trace.outcome.delivered || !trace.outcome.replied) return { kind: 'timeout', ip, trace };
  return { kind: 'connected', ip, server: serverPod ? withFiles(ctx, serverIn(serverPod, serverPort)) : undefined, trace };
}

/** Let the server read its container's files (nginx and httpd serve their web root from them). */
function withFiles(ctx: ExecContext, s: ServerInfo & { container?: string }): ServerInfo {
  const { container, ...server } = s;
  const read = ctx.serverFile;
  if (!read || !s.pod || !container) return server;
  const pod = s.pod;
  return { ...server, readFile: (path) => read(pod, container, path) };
}

/** A REJECT verdict, an ICMP unreachable or a TCP RST on the way back: the peer refused. */
function isRefused(t: PacketTrace): boolean {
  if (t.outcome.delivered && t.outcome.replied) return t.hops.some((h) => h.direction === 'reply' && /RST/.test(h.after.l4?.flags ?? ''));
  if (t.outcome.dropHop !== undefined && t.hops[t.outcome.dropHop]?.verdict === 'REJECT') return true;
  if (t.hops.some((h) => h.verdict === 'REJECT' || h.after.icmp?.type === 'destination-unreachable')) return true;
  if (t.hops.some((h) => h.direction === 'reply' && /RST/.test(h.after.l4?.flags ?? ''))) return true;
  return /refused/i.test(t.outcome.reason ?? '');
}

/** The destination port the packet had when delivered (after any DNAT). */
function lastRequestPort(t: PacketTrace): number | undefined {
  const req = t.hops.filter((h) => h.direction === 'request');
  return req.length > 0 ? req[req.length - 1].after.l4?.dport : undefined;
}

/** The container of `pod` whose process owns `port`: a declared port first, then what its image serves. */
function serverIn(pod: Pod, port: number): ServerInfo & { container?: string } {
  const containers = pod.spec?.containers ?? [];
  const c =
    containers.find((x) => (x.ports ?? []).some((p) => p.containerPort === port)) ??
    containers.find((x) => imageProfile(x.image ?? '').serves.includes(`TCP/${port}`)) ??
    containers[0];
  return { profile: imageProfile(c?.image ?? ''), pod, port, ...(c ? { container: c.name } : {}) };
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
}

/** nginx's default index.html (nginx 1.21+, with the color-scheme rule): 615 bytes. */
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';

const HTTPD_404 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

/** Servers that do not speak HTTP on their well-known ports. */
const NOT_HTTP = new Set(['redis', 'mysql', 'postgres', 'pause']);

/** HTTP date (RFC 7231 IMF-fixdate) of an epoch ms. */
function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}

const PROXY_REASONS: Record<number, string> = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable' };

/** An error page ingress-nginx answers itself (no rule matched: 404; no backend: 503; backend unreachable: 502). */
export function proxyErrorResponse(status: number, epochMs?: number): HttpResponse {
  const reason = PROXY_REASONS[status] ?? 'Error';
  const body = `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  const date: [string, string][] = epochMs !== undefined ? [['Date', new Date(epochMs).toUTCString()]] : [];
  return { status, reason, headers: [...date, ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']], body };
}

/**
 * What the server answers to `METHOD path`, or undefined when the process there does not speak
 * HTTP (redis, mysql, postgres, DNS).
 */
/** The web roots nginx and httpd serve (runtime/files/rootfs.ts lays them out). */
const WEB_ROOTS: Record<string, string> = { nginx: '/usr/share/nginx/html', httpd: '/usr/local/apache2/htdocs' };

/**
 * nginx/httpd reading the requested file from the container's web root: 200 with its bytes, or 404
 * (nginx: 403 for a directory without index.html). Undefined for other servers.
 * SIMPLIFICATION: no MIME types beyond text/html, Last-Modified/ETag omitted for files a container wrote.
 */
function fileResponse(profile: ImageProfile, bare: string, readFile: (path: string) => string | undefined, date: [string, string][]): HttpResponse | 'missing' | undefined {
  const kind = profile.http?.kind;
  if (kind !== 'nginx' && kind !== 'httpd') return undefined;
  const root = WEB_ROOTS[kind];
  const path = bare.endsWith('/') ? `${bare}index.html` : bare;
  const body = readFile(`${root}${decodeURIComponent(path)}`);
  const server = profile.http!.server;
  if (body === undefined) {
    if (kind === 'nginx' && bare.endsWith('/')) {
      const page = `<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
      return { status: 403, reason: 'Forbidden', headers: [['Server', server], ...date, ['Content-Type', 'text/html'], ['Content-Length', String(page.length)], ['Connection', 'keep-alive']], body: page };
    }
    return 'missing'; // the built-in 404 pages below
  }
  if (body === (kind === 'nginx' ? NGINX_INDEX : HTTPD_INDEX)) return undefined; // the image's own page: its usual headers
  const type = /\.html?$/.test(path) ? 'text/html' : 'text/plain';
  const headers: [string, string][] =
    kind === 'nginx'
      ? [['Server', server], ...date, ['Content-Type', type], ['Content-Length', String(utf8Length(body))], ['Connection', 'keep-alive'], ['Accept-Ranges', 'bytes']]
      : [...date, ['Server', server], ['Accept-Ranges', 'bytes'], ['Content-Length', String(utf8Length(body))], ['Content-Type', type]];
  return { status: 200, reason: 'OK', headers, body };
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

export function httpResponse(profile: ImageProfile, _method: string, path: string, epochMs?: number, server?: ServerInfo): HttpResponse | undefined {
  const date: [string, string][] = epochMs !== undefined ? [['Date', httpDate(epochMs)]] : [];
  const bare = path.replace(/[?#].*$/, '');
  const served = server?.readFile ? fileResponse(profile, bare, server.readFile, date) : undefined;
  if (served && served !== 'missing') return served;
  const missing = served === 'missing';
  if (profile.http?.kind === 'nginx') {
    const found = !missing && (bare === '/' || bare === '/index.html');
    if (!found) {
      const body = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>${profile.http.server}</center>\r\n</body>\r\n</html>\r\n`;
      return { status: 404, reason: 'Not Found', headers: [['Server', profile.http.server], ...date, ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']], body };
    }
    return {
      status: 200,
      reason: 'OK',
      headers: [
        ['Server', profile.http.server], ...date, ['Content-Type', 'text/html'], ['Content-Length', String(NGINX_INDEX.length)],
        ['Last-Modified', 'Tue, 26 Nov 2024 15:55:00 GMT'], ['Connection', 'keep-alive'], ['ETag', '"6745ef54-267"'], ['Accept-Ranges', 'bytes'],
      ],
      body: NGINX_INDEX,
    };
  }
  if (profile.http?.kind === 'httpd') {
    const found = !missing && (bare === '/' || bare === '/index.html');
    const body = found ? HTTPD_INDEX : HTTPD_404;
    const headers: [string, string][] = found
      ? [...date, ['Server', profile.http.server], ['Last-Modified', 'Mon, 11 Jun 2007 18:53:14 GMT'], ['ETag', '"2d-432a5e4a73a80"'], ['Accept-Ranges', 'bytes'], ['Content-Length', String(body.length)], ['Content-Type', 'text/html']]
      : [...date, ['Server', profile.http.server], ['Content-Length', String(body.length)], ['Content-Type', 'text/html; charset=iso-8859-1']];
    return { status: found ? 200 : 404, reason: found ? 'OK' : 'Not Found', headers, body };
  }
  if (NOT_HTTP.has(profile.base)) return undefined;
  if (profile.base === 'http-echo') {
    // hashicorp/http-echo answers every path with its -text argument.
    const c = server?.pod?.spec?.containers?.find((x) => (x.image ?? '').includes('http-echo'));
    const arg = [...(c?.command ?? []), ...(c?.args ?? [])].find((a) => /^-?-text=/.test(a));
    const body = `${arg ? arg.slice(arg.indexOf('=') + 1) : ''}\n`;
    return { status: 200, reason: 'OK', headers: [['X-App-Name', 'http-echo'], ['X-App-Version', profile.tag], ...date, ['Content-Length', String(body.length)], ['Content-Type', 'text/plain; charset=utf-8']], body };
  }
  if (profile.base === 'coredns' && server && ![8080, 8181].includes(server.port)) return undefined;
  // SIMPLIFICATION: a server we know nothing about answers every path with a labelled placeholder.
  const who = server?.pod?.metadata?.name ?? profile.base;
  const body = `${profile.base === 'coredns' ? 'OK' : `simulated response from ${who} (image ${profile.base}:${profile.tag}, port ${server?.port ?? 80})`}\n`;
  return { status: 200, reason: 'OK', headers: [...date, ['Content-Type', 'text/plain; charset=utf-8'], ['Content-Length', String(body.length)]], body };
}

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
}

export function isIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s);
}

/** The address a name resolved to (and the FQDN that answered), or undefined when it did not resolve. */
export function resolvedAddress(host: string, t: PacketTrace): { ip: string; name?: string } | undefined {
  if (isIPv4(host)) return { ip: host };
  const answered = t.dns?.find((l) => l.rcode === 'NOERROR' && l.answers.length > 0);
  if (answered) return { ip: answered.answers[0], name: answered.name.replace(/\.$/, '') };
  if (t.dns === undefined && t.hops.length > 0) return { ip: t.hops[0].before.ip.dst };
  return undefined;
}
